package dev.nines.capacity;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.capacity.forecast.GapFill;
import dev.nines.capacity.forecast.TimeSeries;
import dev.nines.capacity.model.UtilizationTrends;
import dev.nines.capacity.scaling.AutoscalerConfig;
import dev.nines.capacity.scaling.CpuReadiness;
import dev.nines.capacity.scaling.ScalingPolicy;
import dev.nines.capacity.scaling.ScalingRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every builder and factory of capacity that takes a {@link Duration} rejects one too long for a
 * {@code long} of nanoseconds with an {@link IllegalArgumentException} naming the field.
 */
class DurationArgumentsTest {

    static Stream<Arguments> durationTakers() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Duration s = Duration.ofSeconds(1);
        return Stream.of(
                taker("TimeSeries.of", "step", d -> TimeSeries.of(t0, d, new double[] {1, 2})),
                taker("TimeSeries.ofCounts", "step", d -> TimeSeries.ofCounts(t0, d, new double[] {1, 2})),
                taker("TimeSeries.withMissing", "step", d -> TimeSeries.withMissing(t0, d, new double[] {1, 2})),
                taker(
                        "TimeSeries.fromObservations",
                        "step",
                        d -> TimeSeries.fromObservations(List.of(), d, GapFill.FAIL)),
                taker(
                        "UtilizationTrends.floor",
                        "floorPeriod",
                        d -> UtilizationTrends.builder().floor(0.5, d)),
                taker(
                        "UtilizationTrends.ceiling",
                        "horizon",
                        d -> UtilizationTrends.builder().ceiling(0.8, d)),
                taker(
                        "UtilizationTrends.lookback",
                        "lookback",
                        d -> UtilizationTrends.builder().lookback(d)),
                taker(
                        "AutoscalerConfig.maxStep",
                        "stepPeriod",
                        d -> AutoscalerConfig.builder().maxStep(1, d)),
                taker(
                        "AutoscalerConfig.metricMaxAge",
                        "metricMaxAge",
                        d -> AutoscalerConfig.builder().metricMaxAge(d)),
                taker(
                        "AutoscalerConfig.predictive warmUp",
                        "warmUp",
                        d -> AutoscalerConfig.builder().predictive(d, 1, s)),
                taker(
                        "AutoscalerConfig.predictive forecastStep",
                        "forecastStep",
                        d -> AutoscalerConfig.builder().predictive(s, 1, d)),
                taker("ScalingPolicy.pods", "period", d -> ScalingPolicy.pods(1, d)),
                taker("ScalingPolicy.percent", "period", d -> ScalingPolicy.percent(10, d)),
                taker(
                        "ScalingRules.withStabilizationWindow",
                        "stabilizationWindow",
                        d -> ScalingRules.defaultScaleUp().withStabilizationWindow(d)),
                taker("CpuReadiness cpuInitializationPeriod", "cpuInitializationPeriod", d -> new CpuReadiness(d, s)),
                taker("CpuReadiness initialReadinessDelay", "initialReadinessDelay", d -> new CpuReadiness(s, d)));
    }

    private static Arguments taker(String name, String field, Consumer<Duration> taker) {
        return Arguments.of(name, field, taker);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durationTakers")
    void rejectsADurationTooLongForNanosecondsNamingTheField(String name, String field, Consumer<Duration> taker) {
        for (Duration d : new Duration[] {
            Duration.ofSeconds(Long.MAX_VALUE), Duration.ofNanos(Long.MAX_VALUE).plusNanos(1)
        }) {
            assertThatThrownBy(() -> taker.accept(d))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(field);
        }
    }
}
