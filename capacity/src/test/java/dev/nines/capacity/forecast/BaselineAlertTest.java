package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BaselineAlertTest {

    static final Instant START = Instant.parse("2026-01-05T00:00:00Z"); // a Monday
    static final int WEEK = 168;
    static final int TRAINING = 3 * WEEK;
    static final int LENGTH = 6 * WEEK;

    /** A seeded hourly series: daily and weekly seasonality, 4% noise, one announced campaign, anomalies. */
    record Synthetic(TimeSeries series, EventCalendar calendar, List<int[]> anomalies) {}

    static Synthetic synthetic(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int hour = i % 24;
            int day = (i / 24) % 7;
            double daily = 0.55 + 0.45 * Math.sin(2 * Math.PI * (hour - 6) / 24.0);
            double weekly = day >= 5 ? 0.7 : 1.0;
            v[i] = 1000 * daily * weekly * (1 + 0.04 * random.nextGaussian());
        }
        // An announced campaign in the evaluation weeks: 2.5 times the traffic for 6 hours.
        int campaign = TRAINING + 24 * (3 + random.nextInt(14)) + 12;
        for (int i = campaign; i < campaign + 6; i++) {
            v[i] *= 2.5;
        }
        EventCalendar calendar = EventCalendar.builder()
                .event("campaign", START.plus(Duration.ofHours(campaign)), START.plus(Duration.ofHours(campaign + 6)))
                .build();
        // Six anomalies of 3 hours, away from the campaign and from each other: drops to 40%, or surges of 1.9x.
        List<int[]> anomalies = new ArrayList<>();
        while (anomalies.size() < 6) {
            int start = TRAINING + 6 + random.nextInt(LENGTH - TRAINING - 12);
            boolean clear = Math.abs(start - campaign) > 24;
            for (int[] a : anomalies) {
                clear &= Math.abs(start - a[0]) > 24;
            }
            if (!clear) {
                continue;
            }
            double factor = random.nextBoolean() ? 0.4 : 1.9;
            for (int i = start; i < start + 3; i++) {
                v[i] *= factor;
            }
            anomalies.add(new int[] {start, start + 3});
        }
        return new Synthetic(TimeSeries.of(START, Duration.ofHours(1), v), calendar, anomalies);
    }

    /** Counts per detector: anomalies detected, firing episodes, firing episodes on an anomaly. */
    static final class Score {
        int anomalies;
        int detected;
        int episodes;
        int trueEpisodes;

        void add(boolean[] firing, List<int[]> anomalies, int slack) {
            this.anomalies += anomalies.size();
            for (int[] a : anomalies) {
                boolean hit = false;
                for (int i = a[0]; i < Math.min(firing.length, a[1] + slack); i++) {
                    hit |= firing[i];
                }
                detected += hit ? 1 : 0;
            }
            for (int i = 0; i < firing.length; i++) {
                if (firing[i] && (i == 0 || !firing[i - 1])) {
                    episodes++;
                    for (int[] a : anomalies) {
                        if (i >= a[0] && i < a[1] + slack) {
                            trueEpisodes++;
                            break;
                        }
                    }
                }
            }
        }

        double precision() {
            return episodes == 0 ? 1.0 : (double) trueEpisodes / episodes;
        }

        double recall() {
            return (double) detected / anomalies;
        }
    }

    static boolean[] firing(BaselineAlert.Result result) {
        boolean[] out = new boolean[LENGTH];
        for (BaselineAlert.Point p : result.points()) {
            out[(int) Duration.between(START, p.time()).toHours()] = p.firing();
        }
        return out;
    }

    /** The peer: a static band learned from the training weeks, with the same 2-of-3 rule. */
    static boolean[] staticThreshold(TimeSeries series) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < TRAINING; i++) {
            min = Math.min(min, series.value(i));
            max = Math.max(max, series.value(i));
        }
        boolean[] outside = new boolean[LENGTH];
        boolean[] out = new boolean[LENGTH];
        for (int i = TRAINING; i < LENGTH; i++) {
            outside[i] = series.value(i) < 0.8 * min || series.value(i) > 1.2 * max;
            int count = 0;
            for (int j = Math.max(TRAINING, i - 2); j <= i; j++) {
                count += outside[j] ? 1 : 0;
            }
            out[i] = count >= 2;
        }
        return out;
    }

    @Test
    void precisionAndRecallBeatAStaticThresholdOnSeededSeasonalSeries() {
        BaselineAlert holtWinters = BaselineAlert.builder(ForecastModel.holtWinters(HoltWintersConfig.additive(WEEK)))
                .level(0.999)
                .outOf(2, 3)
                .build();
        BaselineAlert naive = BaselineAlert.builder(ForecastModel.seasonalNaive(WEEK))
                .level(0.999)
                .outOf(2, 3)
                .build();
        Score hw = new Score();
        Score sn = new Score();
        Score fixed = new Score();
        Score hwNoCalendar = new Score();
        for (long seed = 1; seed <= 5; seed++) {
            Synthetic s = synthetic(seed);
            hw.add(
                    firing(holtWinters.toBuilder()
                            .calendar(s.calendar())
                            .build()
                            .evaluate(s.series(), TRAINING)),
                    s.anomalies(),
                    2);
            sn.add(
                    firing(naive.toBuilder().calendar(s.calendar()).build().evaluate(s.series(), TRAINING)),
                    s.anomalies(),
                    2);
            hwNoCalendar.add(firing(holtWinters.evaluate(s.series(), TRAINING)), s.anomalies(), 2);
            fixed.add(staticThreshold(s.series()), s.anomalies(), 2);
        }
        System.out.println("| Detector | Precision | Recall | Alerts | Anomalies found |");
        for (Object[] row : new Object[][] {
            {"Holt-Winters band (calendar)", hw},
            {"Seasonal naive band (calendar)", sn},
            {"Holt-Winters band (no calendar)", hwNoCalendar},
            {"Static threshold", fixed}
        }) {
            Score sc = (Score) row[1];
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.2f | %.2f | %d | %d of %d |%n",
                    row[0],
                    sc.precision(),
                    sc.recall(),
                    sc.episodes,
                    sc.detected,
                    sc.anomalies);
        }
        assertThat(hw.recall()).isGreaterThanOrEqualTo(0.8);
        assertThat(hw.precision()).isGreaterThanOrEqualTo(0.8);
        assertThat(sn.precision()).isGreaterThanOrEqualTo(0.8);
        assertThat(sn.recall()).isGreaterThan(fixed.recall());
        assertThat(hw.recall()).isGreaterThan(fixed.recall());
        assertThat(hw.precision()).isGreaterThanOrEqualTo(fixed.precision());
        assertThat(hwNoCalendar.precision()).isLessThan(hw.precision()); // the campaign pages without the calendar
    }

    @Test
    void rejectsBadSettingsNamingTheField() {
        BaselineAlert.Builder b = BaselineAlert.builder(ForecastModel.seasonalNaive(24));
        assertThatThrownBy(() -> b.level(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("level");
        assertThatThrownBy(() -> b.outOf(3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("m must be at least n 3, was 2");
        assertThatThrownBy(() -> b.eventWidening(0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventWidening");
        Synthetic s = synthetic(1);
        assertThatThrownBy(() -> b.build().evaluate(s.series(), LENGTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trainingPoints must be in [1, " + (LENGTH - 1) + "], was " + LENGTH);
    }
}
