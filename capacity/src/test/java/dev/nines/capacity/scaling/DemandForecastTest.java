package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.capacity.forecast.Forecast;
import dev.nines.capacity.forecast.ForecastPoint;
import dev.nines.capacity.forecast.HoltWinters;
import dev.nines.capacity.forecast.HoltWintersConfig;
import dev.nines.capacity.forecast.TimeSeries;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class DemandForecastTest {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    private static Forecast threeSteps() {
        return new Forecast(
                "test",
                0.95,
                List.of(
                        new ForecastPoint(T0.plusSeconds(3600), 100, 80, 120),
                        new ForecastPoint(T0.plusSeconds(7200), 300, 200, 400),
                        new ForecastPoint(T0.plusSeconds(10800), 200, 150, 260)));
    }

    @Test
    void adaptsAForecastInterpolatingBetweenItsPointsAndHoldingItsEnds() {
        DemandForecast demand = DemandForecast.of(threeSteps());

        assertThat(demand.at(T0.plusSeconds(7200))).isEqualTo(new ForecastPoint(T0.plusSeconds(7200), 300, 200, 400));
        ForecastPoint quarter = demand.at(T0.plusSeconds(3600 + 900));
        assertThat(quarter.time()).isEqualTo(T0.plusSeconds(4500));
        assertThat(quarter.mean()).isCloseTo(150, within(1e-9));
        assertThat(quarter.lower()).isCloseTo(110, within(1e-9));
        assertThat(quarter.upper()).isCloseTo(190, within(1e-9));
        // before the first point and after the last, the end values hold
        assertThat(demand.at(T0)).isEqualTo(new ForecastPoint(T0, 100, 80, 120));
        assertThat(demand.at(T0.plusSeconds(99_999)))
                .isEqualTo(new ForecastPoint(T0.plusSeconds(99_999), 200, 150, 260));
    }

    @Property(tries = 300)
    void interpolatedPointsStayWithinTheirNeighboursBounds(@ForAll @IntRange(min = 0, max = 14_400) int seconds) {
        Forecast f = threeSteps();
        ForecastPoint p = DemandForecast.of(f).at(T0.plusSeconds(seconds));
        double maxUpper =
                f.points().stream().mapToDouble(ForecastPoint::upper).max().orElseThrow();
        double minLower =
                f.points().stream().mapToDouble(ForecastPoint::lower).min().orElseThrow();
        assertThat(p.lower()).isBetween(minLower, p.mean());
        assertThat(p.upper()).isBetween(p.mean(), maxUpper);
    }

    @Test
    void rejectsPointsOutOfTimeOrder() {
        Forecast backwards = new Forecast(
                "test", 0.95, List.of(new ForecastPoint(T0.plusSeconds(60), 1, 1, 1), new ForecastPoint(T0, 1, 1, 1)));
        assertThatThrownBy(() -> DemandForecast.of(backwards))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing time order")
                .hasMessageContaining("index 1");
    }

    @Test
    void runsAHoltWintersForecastThroughPredictiveScaling() {
        // two weeks of hourly demand with a daily peak of about 3,000 rps at 18:00 and 500 rps at night
        double[] rps = new double[24 * 14];
        for (int t = 0; t < rps.length; t++) {
            rps[t] = 1750 + 1250 * Math.cos(2 * Math.PI * (t % 24 - 18) / 24.0) + 40 * Math.sin(t * 1.3) + 0.5 * t;
        }
        TimeSeries history = TimeSeries.of(T0, Duration.ofHours(1), rps);
        Forecast next =
                HoltWinters.of(HoltWintersConfig.additive(24)).fit(history).forecast(48, 0.95);
        DemandForecast demand = DemandForecast.of(next);

        // decide at 12:00 on the next day: metrics see a quiet fleet, the forecast sees the evening peak
        Instant now = next.step(13).time();
        ManualTimeSource time = ManualTimeSource.at(now);
        ScalingRules fastUp = new ScalingRules(
                Duration.ZERO, SelectPolicy.MAX, List.of(ScalingPolicy.pods(1000, Duration.ofSeconds(15))));
        Duration warmUp = Duration.ofHours(6);
        AutoscalerConfig config = AutoscalerConfig.builder()
                .maxReplicas(200)
                .scaleUp(fastUp)
                .predictive(warmUp, 100.0, Duration.ofMinutes(10))
                .build();
        Autoscaler hpa = Autoscaler.of("checkout", config, demand, time);
        ScalingDecision d = hpa.decide(
                10,
                MetricSnapshot.of(
                        now,
                        new MetricReading.ObjectMetric("rps", MetricTarget.averageValue(100_000), 1_000_000L, 10)));

        ForecastPoint peak = next.points().stream()
                .filter(p -> !p.time().isBefore(now) && !p.time().isAfter(now.plus(warmUp)))
                .max(java.util.Comparator.comparingDouble(ForecastPoint::upper))
                .orElseThrow();
        assertThat(peak.upper()).isGreaterThan(2900);
        int needed = (int) Math.ceil(peak.upper() / 100.0);
        assertThat(d.trail()).contains(new ScalingReason.PredictivePreScale(peak.time(), peak.upper(), needed));
        assertThat(d.desiredReplicas()).isEqualTo(needed);
    }
}
