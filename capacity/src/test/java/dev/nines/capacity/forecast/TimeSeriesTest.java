package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TimeSeriesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void datesEveryPointFromStartAndStep() {
        TimeSeries s = TimeSeries.of(T0, HOUR, new double[] {1, 2, 3});

        assertThat(s.size()).isEqualTo(3);
        assertThat(s.time(2)).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(s.end()).isEqualTo(s.time(2));
        assertThat(s.time(5)).isEqualTo(T0.plus(Duration.ofHours(5)));
        assertThat(s.indexOf(T0.plus(Duration.ofMinutes(150)))).isEqualTo(2);
        assertThat(s.indexOf(T0.minus(Duration.ofMinutes(1)))).isEqualTo(-1);
        assertThat(s.hasMissing()).isFalse();
    }

    @Test
    void copiesValuesInAndOut() {
        double[] v = {1, 2, 3};
        TimeSeries s = TimeSeries.of(T0, HOUR, v);
        v[0] = 99;
        s.values()[1] = 99;

        assertThat(s.values()).containsExactly(1, 2, 3);
    }

    @Test
    void refusesNaNInfiniteEmptyAndNonPositiveSteps() {
        assertThatThrownBy(() -> TimeSeries.of(T0, HOUR, new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("values[1] must be finite, was NaN");
        assertThatThrownBy(() -> TimeSeries.of(T0, HOUR, new double[] {Double.POSITIVE_INFINITY}))
                .hasMessage("values[0] must be finite, was Infinity");
        assertThatThrownBy(() -> TimeSeries.withMissing(T0, HOUR, new double[] {Double.NEGATIVE_INFINITY}))
                .hasMessage("values[0] must be finite, was -Infinity");
        assertThatThrownBy(() -> TimeSeries.of(T0, HOUR, new double[0])).hasMessage("values must not be empty");
        assertThatThrownBy(() -> TimeSeries.of(T0, Duration.ZERO, new double[] {1}))
                .hasMessage("step must be positive, was PT0S");
        assertThatThrownBy(() -> TimeSeries.of(null, HOUR, new double[] {1}))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("start");
    }

    @Test
    void countsMustNotBeNegative() {
        assertThatThrownBy(() -> TimeSeries.ofCounts(T0, HOUR, new double[] {3, -1}))
                .hasMessage("values[1] must be a count >= 0, was -1.0");
        assertThat(TimeSeries.ofCounts(T0, HOUR, new double[] {0, 5}).values()).containsExactly(0, 5);
    }

    @Test
    void buildsFromObservationsInAnyOrderAndRefusesIrregularSteps() {
        List<Observation> obs = List.of(
                new Observation(T0.plus(Duration.ofHours(2)), 30),
                new Observation(T0, 10),
                new Observation(T0.plus(HOUR), 20));

        assertThat(TimeSeries.fromObservations(obs, HOUR, GapFill.FAIL).values())
                .containsExactly(10, 20, 30);
        List<Observation> irregular = List.of(
                new Observation(T0, 1),
                new Observation(T0.plus(Duration.ofMinutes(90)), 2),
                new Observation(T0.plus(Duration.ofHours(3)), 3));
        assertThatThrownBy(() -> TimeSeries.fromObservations(irregular, HOUR, GapFill.INTERPOLATE))
                .hasMessageContaining("is not on the PT1H grid")
                .hasMessageContaining("irregular step");
        List<Observation> twice = List.of(new Observation(T0, 1), new Observation(T0, 2));
        assertThatThrownBy(() -> TimeSeries.fromObservations(twice, HOUR, GapFill.FAIL))
                .hasMessage("two observations at " + T0);
    }

    @Test
    void fillsGapsOnlyAsTheCallerChooses() {
        List<Observation> obs = List.of(new Observation(T0, 10), new Observation(T0.plus(Duration.ofHours(3)), 40));

        assertThatThrownBy(() -> TimeSeries.fromObservations(obs, HOUR, GapFill.FAIL))
                .hasMessage("2 missing point(s), first at " + T0.plus(HOUR) + "; choose a GapFill");
        TimeSeries marked = TimeSeries.fromObservations(obs, HOUR, GapFill.MARK_MISSING);
        assertThat(marked.missingCount()).isEqualTo(2);
        assertThat(marked.value(1)).isNaN();
        assertThat(TimeSeries.fromObservations(obs, HOUR, GapFill.CARRY_FORWARD).values())
                .containsExactly(10, 10, 10, 40);
        assertThat(TimeSeries.fromObservations(obs, HOUR, GapFill.INTERPOLATE).values())
                .containsExactly(10, 20, 30, 40);
        assertThat(marked.fillGaps(GapFill.INTERPOLATE).hasMissing()).isFalse();
    }

    @Test
    void refusesToInventValuesBeyondTheObservedEnds() {
        TimeSeries leading = TimeSeries.withMissing(T0, HOUR, new double[] {Double.NaN, 1, 2});
        TimeSeries trailing = TimeSeries.withMissing(T0, HOUR, new double[] {1, 2, Double.NaN});

        assertThatThrownBy(() -> leading.fillGaps(GapFill.CARRY_FORWARD))
                .hasMessage("cannot carry forward into the first point at " + T0);
        assertThatThrownBy(() -> leading.fillGaps(GapFill.INTERPOLATE))
                .hasMessageStartingWith("cannot interpolate a gap at the start or end");
        assertThatThrownBy(() -> trailing.fillGaps(GapFill.INTERPOLATE))
                .hasMessageStartingWith("cannot interpolate a gap at the start or end");
        assertThat(trailing.fillGaps(GapFill.CARRY_FORWARD).values()).containsExactly(1, 2, 2);
    }

    @Test
    void resamplesToACoarserStepAndKeepsMissingPointsMissing() {
        TimeSeries s = TimeSeries.withMissing(T0, HOUR, new double[] {1, 2, 3, 4, Double.NaN, 6, 7});

        TimeSeries sum = s.resample(Duration.ofHours(2), Aggregation.SUM);
        assertThat(sum.step()).isEqualTo(Duration.ofHours(2));
        assertThat(sum.size()).isEqualTo(3); // the trailing single hour is dropped
        assertThat(sum.value(0)).isEqualTo(3);
        assertThat(sum.value(1)).isEqualTo(7);
        assertThat(sum.value(2)).isNaN();
        assertThat(s.resample(Duration.ofHours(2), Aggregation.MAX).value(1)).isEqualTo(4);
        assertThat(s.resample(Duration.ofHours(2), Aggregation.MIN).value(1)).isEqualTo(3);
        assertThat(s.resample(Duration.ofHours(2), Aggregation.MEAN).value(1)).isEqualTo(3.5);
        assertThatThrownBy(() -> s.resample(Duration.ofMinutes(90), Aggregation.SUM))
                .hasMessage("newStep must be a multiple of PT1H, was PT1H30M");
    }

    @Test
    void slicesKeepTheirInstants() {
        TimeSeries s = TimeSeries.of(T0, HOUR, new double[] {1, 2, 3, 4});

        TimeSeries mid = s.slice(1, 3);
        assertThat(mid.start()).isEqualTo(s.time(1));
        assertThat(mid.values()).containsExactly(2, 3);
        assertThatThrownBy(() -> s.slice(2, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(s)
                .isEqualTo(TimeSeries.of(T0, HOUR, new double[] {1, 2, 3, 4}))
                .hasSameHashCodeAs(TimeSeries.of(T0, HOUR, new double[] {1, 2, 3, 4}));
    }

    @Property(tries = 300)
    void resamplingBySumKeepsTheTotalOfWholeSteps(
            @ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = 0, max = 1e6) Double> values,
            @ForAll @IntRange(min = 1, max = 10) int ratio) {
        if (ratio > values.size()) {
            return;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        TimeSeries s = TimeSeries.of(T0, HOUR, v);
        TimeSeries coarse = s.resample(HOUR.multipliedBy(ratio), Aggregation.SUM);
        double whole = 0;
        for (int i = 0; i < coarse.size() * ratio; i++) {
            whole += v[i];
        }
        double total = 0;
        for (double x : coarse.values()) {
            total += x;
        }
        assertThat(coarse.size()).isEqualTo(v.length / ratio);
        assertThat(total).isCloseTo(whole, within(1e-9 * (whole + 1)));
    }

    @Property(tries = 300)
    void interpolationStaysBetweenTheObservationsAroundEachGap(
            @ForAll @Size(min = 3, max = 100) List<@DoubleRange(min = -1e3, max = 1e3) Double> values,
            @ForAll long seed) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] holes = v.clone();
        java.util.Random r = new java.util.Random(seed);
        for (int i = 1; i < v.length - 1; i++) {
            if (r.nextInt(3) == 0) {
                holes[i] = Double.NaN;
            }
        }
        double[] filled = TimeSeries.withMissing(T0, HOUR, holes)
                .fillGaps(GapFill.INTERPOLATE)
                .values();
        double[] carried = TimeSeries.withMissing(T0, HOUR, holes)
                .fillGaps(GapFill.CARRY_FORWARD)
                .values();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(holes[i])) {
                assertThat(filled[i]).isEqualTo(holes[i]);
                assertThat(carried[i]).isEqualTo(holes[i]);
            } else {
                int left = i - 1;
                while (Double.isNaN(holes[left])) {
                    left--;
                }
                int right = i + 1;
                while (Double.isNaN(holes[right])) {
                    right++;
                }
                assertThat(filled[i])
                        .isBetween(
                                Math.min(holes[left], holes[right]) - 1e-9, Math.max(holes[left], holes[right]) + 1e-9);
                assertThat(carried[i]).isEqualTo(holes[left]);
            }
        }
    }

    @Property(tries = 200)
    void observationsOnTheGridRoundTrip(
            @ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = -1e6, max = 1e6) Double> values) {
        List<Observation> obs = new ArrayList<>();
        for (int i = values.size() - 1; i >= 0; i--) {
            obs.add(new Observation(T0.plus(Duration.ofMinutes(5L * i)), values.get(i)));
        }
        TimeSeries s = TimeSeries.fromObservations(obs, Duration.ofMinutes(5), GapFill.FAIL);
        assertThat(s.values())
                .containsExactly(
                        values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
