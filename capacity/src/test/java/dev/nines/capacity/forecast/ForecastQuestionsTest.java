package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class ForecastQuestionsTest {

    private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");

    private static Forecast hourly(Instant start, int hours, IntToDoubleFunction mean, double halfWidth) {
        List<ForecastPoint> points = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            double m = mean.applyAsDouble(h);
            points.add(new ForecastPoint(start.plus(Duration.ofHours(h)), m, m - halfWidth, m + halfWidth));
        }
        return new Forecast("test", 0.95, points);
    }

    @Test
    void findsThePeakOfEachDayWithItsInterval() {
        // traffic peaks at 14:00 each day and grows by 100 a day
        Forecast f = hourly(MONDAY, 48, h -> 1000 + 100 * (h / 24) - Math.abs(h % 24 - 14), 50);

        List<Peak> peaks = ForecastQuestions.dailyPeaks(f, ZoneOffset.UTC);

        assertThat(peaks).hasSize(2);
        assertThat(peaks.get(0).periodStart()).isEqualTo(LocalDate.of(2026, 1, 5));
        assertThat(peaks.get(0).peak().time()).isEqualTo(MONDAY.plus(Duration.ofHours(14)));
        assertThat(peaks.get(0).peak().mean()).isEqualTo(1000);
        assertThat(peaks.get(0).highestUpper()).isEqualTo(1050);
        assertThat(peaks.get(1).peak().mean()).isEqualTo(1100);
    }

    @Test
    void daysFollowTheTimeZone() {
        Forecast f = hourly(MONDAY, 24, h -> h, 1);

        List<Peak> tokyo = ForecastQuestions.dailyPeaks(f, ZoneId.of("Asia/Tokyo"));

        // UTC 00:00-14:59 is the Monday in Tokyo (UTC+9 ends it at 15:00 UTC)
        assertThat(tokyo)
                .extracting(Peak::periodStart)
                .containsExactly(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 1, 6));
        assertThat(tokyo.get(0).peak().mean()).isEqualTo(14);
    }

    @Test
    void findsThePeakOfEachIsoWeek() {
        Forecast f = hourly(MONDAY.minus(Duration.ofDays(1)), 24 * 8, h -> h == 30 ? 5000 : 100, 10);

        List<Peak> weeks = ForecastQuestions.weeklyPeaks(f, ZoneOffset.UTC);

        assertThat(weeks)
                .extracting(Peak::periodStart)
                .containsExactly(LocalDate.of(2025, 12, 29), LocalDate.of(2026, 1, 5));
        assertThat(weeks.get(1).peak().mean()).isEqualTo(5000);
    }

    @Test
    void reportsGrowthOfCompleteMonthsOnly() {
        // daily points from 15 Jan to 30 Apr: January is partial; Feb mean 200, Mar 210, Apr 231
        Instant start = Instant.parse("2026-01-15T00:00:00Z");
        List<ForecastPoint> points = new ArrayList<>();
        for (Instant t = start; t.isBefore(Instant.parse("2026-05-01T00:00:00Z")); t = t.plus(Duration.ofDays(1))) {
            YearMonth m = YearMonth.from(t.atZone(ZoneOffset.UTC));
            double v = switch (m.getMonthValue()) {
                case 1 -> 999;
                case 2 -> 200;
                case 3 -> 210;
                default -> 231;
            };
            points.add(new ForecastPoint(t, v, v, v));
        }

        List<MonthlyGrowth> growth = ForecastQuestions.monthlyGrowth(new Forecast("t", 0.9, points), ZoneOffset.UTC);

        assertThat(growth)
                .extracting(MonthlyGrowth::month)
                .containsExactly(YearMonth.of(2026, 3), YearMonth.of(2026, 4));
        assertThat(growth.get(0).growthRatio()).isCloseTo(0.05, within(1e-12));
        assertThat(growth.get(1).growthRatio()).isCloseTo(0.10, within(1e-12));
        assertThat(growth.get(1).meanForecast()).isEqualTo(231);
    }

    @Test
    void datesAThresholdCrossingWithItsEarlyAndLateBounds() {
        // mean grows 10 per hour from 0, interval +-25
        Forecast f = hourly(MONDAY, 100, h -> 10.0 * h, 25);

        ThresholdCrossing c = ForecastQuestions.thresholdCrossing(f, 500);

        assertThat(c.earliest()).contains(MONDAY.plus(Duration.ofHours(48))); // 480 + 25 >= 500
        assertThat(c.expected()).contains(MONDAY.plus(Duration.ofHours(50)));
        assertThat(c.latest()).contains(MONDAY.plus(Duration.ofHours(53))); // 530 - 25 >= 500
        ThresholdCrossing never = ForecastQuestions.thresholdCrossing(f, 2000);
        assertThat(never.earliest()).isEmpty();
        assertThat(never.expected()).isEmpty();
        assertThat(never.latest()).isEmpty();
        assertThatThrownBy(() -> ForecastQuestions.thresholdCrossing(f, Double.NaN))
                .hasMessage("threshold must be finite, was NaN");
    }

    @Test
    void answersOnARealForecast() {
        // AirPassengers monthly: the 12-month multiplicative forecast peaks in July and crosses 600 in July
        HoltWintersFit fit =
                HoltWinters.of(HoltWintersConfig.multiplicative(12)).fit(TestSeries.airPassengers());
        Forecast f = fit.forecast(12);

        ThresholdCrossing c = ForecastQuestions.thresholdCrossing(f, 600);

        assertThat(c.expected()).contains(f.step(7).time());
        assertThat(c.earliest().orElseThrow()).isBeforeOrEqualTo(c.expected().orElseThrow());
        assertThat(c.latest().orElseThrow()).isAfterOrEqualTo(c.expected().orElseThrow());
    }

    @Test
    void forecastAndPointValuesRefuseNonsense() {
        assertThatThrownBy(() -> new ForecastPoint(MONDAY, 1, 2, 3))
                .hasMessage("forecast at " + MONDAY + " must satisfy lower <= mean <= upper, was 2.0, 1.0, 3.0");
        assertThatThrownBy(() -> new ForecastPoint(MONDAY, Double.NaN, 0, 1)).hasMessageContaining("must be finite");
        assertThatThrownBy(() -> new Forecast("m", 0.95, List.of())).hasMessage("points must not be empty");
        assertThatThrownBy(() -> new Forecast("m", 1, List.of(new ForecastPoint(MONDAY, 1, 1, 1))))
                .hasMessage("level must be in (0, 1), was 1.0");
        assertThatThrownBy(() -> ForecastQuestions.monthlyGrowth(
                        new Forecast("m", 0.5, List.of(new ForecastPoint(MONDAY, 1, 1, 1))), ZoneOffset.UTC))
                .hasMessage("forecast must have at least 2 points, had 1");
    }
}
