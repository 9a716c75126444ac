package dev.nines.capacity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class UtilizationTrendsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private final ManualTimeSource time = ManualTimeSource.at(NOW);
    private final UtilizationTrends trends = UtilizationTrends.builder()
            .floor(0.2, Duration.ofDays(14))
            .ceiling(0.8, Duration.ofDays(45))
            .lookback(Duration.ofDays(28))
            .build(time);

    /** Daily samples over the last {@code days} days: {@code now + slope x dayOffset} (offset negative in the past). */
    private static List<UtilizationSample> linear(double now, double slopePerDay, int days) {
        List<UtilizationSample> samples = new ArrayList<>();
        for (int d = days; d >= 0; d--) {
            samples.add(new UtilizationSample(NOW.minus(Duration.ofDays(d)), now - slopePerDay * d));
        }
        return samples;
    }

    // 50% now, growing one point a day: reaches 80% in 30 days, on 2026-12-25.
    @Test
    void flagsAComponentWhoseTrendCrossesTheCeilingWithTheDate() {
        TrendFinding finding = trends.assess("db", linear(0.5, 0.01, 27));
        assertThat(finding).isInstanceOf(TrendFinding.Constrained.class);
        TrendFinding.Constrained c = (TrendFinding.Constrained) finding;
        assertThat(Duration.between(Instant.parse("2026-12-25T00:00:00Z"), c.crossesAt())
                        .abs())
                .isLessThan(Duration.ofMinutes(1));
        assertThat(c.slopePerDay()).isCloseTo(0.01, within(1e-9));
        assertThat(c.fittedRatioNow()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void flagsAComponentAlreadyAboveTheCeilingAsConstrainedNow() {
        TrendFinding.Constrained c = (TrendFinding.Constrained) trends.assess("cache", linear(0.9, 0.0, 10));
        assertThat(c.crossesAt()).isEqualTo(NOW);
    }

    @Test
    void flagsAComponentBelowTheFloorForTheWholePeriod() {
        List<UtilizationSample> samples = new ArrayList<>(linear(0.1, 0.0, 20));
        samples.add(new UtilizationSample(NOW.minus(Duration.ofDays(25)), 0.5));
        TrendFinding finding = trends.assess("batch", samples);
        assertThat(finding).isEqualTo(new TrendFinding.UnderUsed("batch", NOW.minus(Duration.ofDays(20)), 0.1));
        // below the floor for only 10 days: healthy
        List<UtilizationSample> recent = new ArrayList<>(linear(0.1, 0.0, 10));
        recent.add(new UtilizationSample(NOW.minus(Duration.ofDays(11)), 0.4));
        assertThat(trends.assess("batch", recent)).isInstanceOf(TrendFinding.Healthy.class);
    }

    @Test
    void needsTwoSamplesInTheLookbackWindow() {
        List<UtilizationSample> old = List.of(
                new UtilizationSample(NOW.minus(Duration.ofDays(60)), 0.5),
                new UtilizationSample(NOW.minus(Duration.ofDays(1)), 0.5));
        assertThat(trends.assess("x", old)).isEqualTo(new TrendFinding.InsufficientData("x", 1));
    }

    @Test
    void assessesEveryComponentInOrderAndUsesTheInjectedClock() {
        Map<String, List<UtilizationSample>> all = new LinkedHashMap<>();
        all.put("steady", linear(0.5, 0.0, 27));
        all.put("growing", linear(0.5, 0.01, 27));
        List<TrendFinding> findings = trends.assessAll(all);
        assertThat(findings).extracting(TrendFinding::component).containsExactly("steady", "growing");
        assertThat(findings.get(0)).isInstanceOf(TrendFinding.Healthy.class);
        time.advance(Duration.ofDays(40));
        assertThat(trends.assess("steady", all.get("steady")))
                .isEqualTo(new TrendFinding.InsufficientData("steady", 0));
    }

    @Test
    void rejectsInconsistentSettings() {
        assertThatThrownBy(() -> UtilizationTrends.builder()
                        .floor(0.9, Duration.ofDays(1))
                        .build(time))
                .hasMessage("floorRatio must be below ceilingRatio (0.8), was 0.9");
        assertThatThrownBy(() ->
                        UtilizationTrends.builder().lookback(Duration.ofDays(1)).build(time))
                .hasMessage("lookback must be at least floorPeriod (PT336H), was PT24H");
    }

    @Test
    void aCrossingJustInsideTheHorizonIsConstrainedAndJustOutsideIsHealthy() {
        assertThat(trends.assess("inside", linear(0.36, 0.01, 27))).isInstanceOf(TrendFinding.Constrained.class);
        assertThat(trends.assess("outside", linear(0.34, 0.01, 27))).isInstanceOf(TrendFinding.Healthy.class);
    }

    @Property(tries = 500)
    void findsTheAnalyticCrossingOfExactLinearGrowth(
            @ForAll @DoubleRange(min = 0.3, max = 0.7) @Scale(3) double now,
            @ForAll @DoubleRange(min = 0.002, max = 0.01) @Scale(4) double slope) {
        double days = (0.8 - now) / slope;
        // On the horizon itself (e.g. (0.8 - 0.35) / 0.01 = 45 days) the fitted slope's last bit
        // decides the side: days either side of it are tested by the example above.
        Assume.that(Math.abs(days - 45) > 1e-6);
        TrendFinding finding = trends.assess("c", linear(now, slope, 27));
        if (days <= 45) {
            TrendFinding.Constrained c = (TrendFinding.Constrained) finding;
            assertThat(Duration.between(NOW, c.crossesAt()).toMillis() / 86_400_000.0)
                    .isCloseTo(days, within(1e-4));
        } else {
            assertThat(finding).isInstanceOf(TrendFinding.Healthy.class);
        }
    }
}
