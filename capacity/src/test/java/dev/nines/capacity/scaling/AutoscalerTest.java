package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.capacity.forecast.ForecastPoint;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AutoscalerTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private final ManualTimeSource time = ManualTimeSource.at(T0);

    /** Every pod at {@code usage} against an average-value target of 100: ratio = usage / 100. */
    private MetricSnapshot load(int pods, long usage) {
        List<PodSample> samples = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            samples.add(PodSample.ready("p" + i, usage));
        }
        return MetricSnapshot.of(
                time.now(), new MetricReading.PodMetrics("rps", MetricTarget.averageValue(100), false, samples));
    }

    /** Metrics asking for exactly {@code replicas} from {@code current} (ratio replicas/current). */
    private MetricSnapshot wanting(int current, int replicas) {
        return MetricSnapshot.of(
                time.now(),
                new MetricReading.ObjectMetric("queue", MetricTarget.averageValue(100), 100L * replicas, current));
    }

    private static AutoscalerConfig.Builder config() {
        return AutoscalerConfig.builder().minReplicas(1).maxReplicas(100);
    }

    // Kubernetes docs, "Default Behavior": scale up by 4 pods or 100% of the current replicas,
    // whichever is more, every 15 seconds.
    @Test
    void scalesUpByFourPodsOrDoubleEveryFifteenSecondsByDefault() {
        Autoscaler hpa = Autoscaler.of("web", config().build(), time);
        ScalingDecision first = hpa.decide(1, wanting(1, 60));
        assertThat(first.desiredReplicas()).isEqualTo(5);
        assertThat(first.reason()).isEqualTo(new ScalingReason.ScaleUpLimited(5));
        time.advance(Duration.ofSeconds(5));
        assertThat(hpa.decide(5, wanting(5, 60)).desiredReplicas())
                .as("same 15 s period")
                .isEqualTo(5);
        time.advance(Duration.ofSeconds(10));
        assertThat(hpa.decide(5, wanting(5, 60)).desiredReplicas()).isEqualTo(10);
        time.advance(Duration.ofSeconds(15));
        assertThat(hpa.decide(10, wanting(10, 60)).desiredReplicas()).isEqualTo(20);
        time.advance(Duration.ofSeconds(15));
        ScalingDecision capped = hpa.decide(20, wanting(20, 60));
        assertThat(capped.desiredReplicas()).isEqualTo(40);
    }

    // Kubernetes docs, "Stabilization window": scale-down uses the highest recommendation of the
    // last 300 s by default, so a dip does not remove pods until it has lasted five minutes.
    @Test
    void holdsAScaleDownForTheDefaultFiveMinuteStabilizationWindow() {
        Autoscaler hpa = Autoscaler.of("web", config().build(), time);
        ScalingDecision held = hpa.decide(10, wanting(10, 2));
        assertThat(held.desiredReplicas()).isEqualTo(10);
        assertThat(held.reason()).isEqualTo(new ScalingReason.Stabilized(2, 10));
        time.advance(Duration.ofSeconds(120));
        assertThat(hpa.decide(10, wanting(10, 6)).desiredReplicas()).isEqualTo(10);
        time.advance(Duration.ofSeconds(180));
        // t = 300 s: the initial recommendation (10 at t = 0) is exactly at the cutoff and excluded,
        // the highest left is 6 (t = 120 s).
        assertThat(hpa.decide(10, wanting(10, 2)).desiredReplicas()).isEqualTo(6);
        time.advance(Duration.ofSeconds(121));
        assertThat(hpa.decide(6, wanting(6, 2)).desiredReplicas()).isEqualTo(2);
    }

    @Test
    void scalesUpImmediatelyWithTheDefaultZeroScaleUpWindow() {
        Autoscaler hpa = Autoscaler.of("web", config().build(), time);
        hpa.decide(4, wanting(4, 2));
        time.advance(Duration.ofSeconds(15));
        assertThat(hpa.decide(4, wanting(4, 7)).desiredReplicas()).isEqualTo(7);
    }

    // Kubernetes docs, "Scaling Policies": Pods 4 per 60 s and Percent 10 per 60 s. From 80
    // replicas, 8 are removed first (10%); at 72, 10% is 7.2 and 8 are removed (72 -> 64); below
    // 40 replicas the Pods policy (4) allows the larger change.
    @Test
    void appliesTheLargerOfPodsAndPercentScaleDownPoliciesAsInTheKubernetesDocs() {
        ScalingRules down = new ScalingRules(
                Duration.ZERO,
                SelectPolicy.MAX,
                List.of(
                        ScalingPolicy.pods(4, Duration.ofSeconds(60)),
                        ScalingPolicy.percent(10, Duration.ofSeconds(60))));
        Autoscaler hpa = Autoscaler.of("web", config().scaleDown(down).build(), time);
        ScalingDecision first = hpa.decide(80, wanting(80, 10));
        assertThat(first.desiredReplicas()).isEqualTo(72);
        assertThat(first.reason()).isEqualTo(new ScalingReason.ScaleDownLimited(72));
        time.advance(Duration.ofSeconds(30));
        assertThat(hpa.decide(72, wanting(72, 10)).desiredReplicas())
                .as("same period")
                .isEqualTo(72);
        time.advance(Duration.ofSeconds(30));
        assertThat(hpa.decide(72, wanting(72, 10)).desiredReplicas()).isEqualTo(64);
        time.advance(Duration.ofSeconds(60));
        Autoscaler small = Autoscaler.of("small", config().scaleDown(down).build(), time);
        assertThat(small.decide(30, wanting(30, 10)).desiredReplicas()).isEqualTo(26);
    }

    @Test
    void selectPolicyMinAppliesTheSmallerChange() {
        ScalingRules down = new ScalingRules(
                Duration.ZERO,
                SelectPolicy.MIN,
                List.of(
                        ScalingPolicy.pods(4, Duration.ofSeconds(60)),
                        ScalingPolicy.percent(10, Duration.ofSeconds(60))));
        Autoscaler hpa = Autoscaler.of("web", config().scaleDown(down).build(), time);
        assertThat(hpa.decide(80, wanting(80, 10)).desiredReplicas()).isEqualTo(76);
        ScalingRules up = new ScalingRules(
                Duration.ZERO,
                SelectPolicy.MIN,
                List.of(
                        ScalingPolicy.pods(4, Duration.ofSeconds(60)),
                        ScalingPolicy.percent(100, Duration.ofSeconds(60))));
        Autoscaler up2 = Autoscaler.of("up", config().scaleUp(up).build(), time);
        assertThat(up2.decide(10, wanting(10, 50)).desiredReplicas()).isEqualTo(14);
    }

    // Kubernetes docs, "Disable scale down": selectPolicy Disabled.
    @Test
    void neverScalesInADisabledDirection() {
        Autoscaler hpa =
                Autoscaler.of("web", config().scaleDown(ScalingRules.disabled()).build(), time);
        for (int i = 0; i < 30; i++) {
            assertThat(hpa.decide(10, wanting(10, 1)).desiredReplicas()).isEqualTo(10);
            time.advance(Duration.ofSeconds(60));
        }
        Autoscaler noUp =
                Autoscaler.of("web2", config().scaleUp(ScalingRules.disabled()).build(), time);
        assertThat(noUp.decide(10, wanting(10, 50)).desiredReplicas()).isEqualTo(10);
    }

    @Test
    void roundsPercentScaleUpUpAndPercentScaleDownDown() {
        ScalingRules up = new ScalingRules(
                Duration.ZERO, SelectPolicy.MAX, List.of(ScalingPolicy.percent(10, Duration.ofSeconds(60))));
        ScalingRules down = new ScalingRules(
                Duration.ZERO, SelectPolicy.MAX, List.of(ScalingPolicy.percent(10, Duration.ofSeconds(60))));
        AutoscalerConfig c = config().scaleUp(up).scaleDown(down).build();
        // 3 x 1.1 = 3.3 -> 4 (ceil); 3 x 0.9 = 2.7 -> 2 (truncate)
        assertThat(Autoscaler.of("a", c, time).decide(3, wanting(3, 50)).desiredReplicas())
                .isEqualTo(4);
        assertThat(Autoscaler.of("b", c, time).decide(3, wanting(3, 1)).desiredReplicas())
                .isEqualTo(2);
    }

    @Test
    void clampsToMinAndMaxAndCorrectsAnOutOfRangeCount() {
        AutoscalerConfig c = config().minReplicas(2)
                .maxReplicas(6)
                .scaleDown(ScalingRules.defaultScaleDown().withStabilizationWindow(Duration.ZERO))
                .build();
        assertThat(Autoscaler.of("a", c, time).decide(4, wanting(4, 50)).reason())
                .isEqualTo(new ScalingReason.ClampedToMax(6));
        assertThat(Autoscaler.of("b", c, time).decide(4, wanting(4, 1)).reason())
                .isEqualTo(new ScalingReason.ClampedToMin(2));
        ScalingDecision above = Autoscaler.of("c", c, time).decide(9, wanting(9, 9));
        assertThat(above.desiredReplicas()).isEqualTo(6);
        assertThat(above.reason()).isEqualTo(new ScalingReason.CurrentAboveMax(6));
        assertThat(Autoscaler.of("d", c, time).decide(1, wanting(1, 1)).reason())
                .isEqualTo(new ScalingReason.CurrentBelowMin(2));
        ScalingDecision disabled = Autoscaler.of("e", c, time).decide(0, wanting(0, 5));
        assertThat(disabled.desiredReplicas()).isZero();
        assertThat(disabled.reason()).isEqualTo(new ScalingReason.ScalingDisabled());
    }

    @Test
    void takesTheLargestProposalAmongMetrics() {
        Autoscaler hpa = Autoscaler.of("web", config().build(), time);
        ScalingDecision d = hpa.decide(
                4,
                MetricSnapshot.of(
                        time.now(),
                        new MetricReading.ObjectMetric("queue", MetricTarget.averageValue(100), 600, 4),
                        new MetricReading.ObjectMetric("rps", MetricTarget.averageValue(100), 700, 4)));
        assertThat(d.desiredReplicas()).isEqualTo(7);
        assertThat(d.trail().get(0)).isEqualTo(new ScalingReason.MetricsProposal("rps", 7, 700.0 / 400.0));
        assertThat(d.proposals()).hasSize(2);
    }

    // Kubernetes docs, "Algorithm details": if a metric cannot be read and the others suggest a
    // scale-down, scaling is skipped; a scale-up suggested by the readable metrics still happens.
    @Test
    void scalesUpButNeverDownWhileAMetricIsUnavailable() {
        AutoscalerConfig c = config().scaleDown(ScalingRules.defaultScaleDown().withStabilizationWindow(Duration.ZERO))
                .build();
        ScalingDecision up = Autoscaler.of("a", c, time)
                .decide(
                        4,
                        MetricSnapshot.of(
                                time.now(),
                                new MetricReading.Unavailable("latency", "adapter timeout"),
                                new MetricReading.ObjectMetric("rps", MetricTarget.averageValue(100), 700, 4)));
        assertThat(up.desiredReplicas()).isEqualTo(7);
        ScalingDecision down = Autoscaler.of("b", c, time)
                .decide(
                        4,
                        MetricSnapshot.of(
                                time.now(),
                                new MetricReading.Unavailable("latency", "adapter timeout"),
                                new MetricReading.ObjectMetric("rps", MetricTarget.averageValue(100), 100, 4)));
        assertThat(down.desiredReplicas()).isEqualTo(4);
        assertThat(down.reason()).isEqualTo(new ScalingReason.MetricsUnavailable("latency", "adapter timeout"));
    }

    @Test
    void runawayGuardMovesReplicasByAtMostTheConfiguredStepOnAHundredfoldSpike() {
        AutoscalerConfig c =
                config().maxReplicas(1000).maxStep(3, Duration.ofMinutes(1)).build();
        Autoscaler hpa = Autoscaler.of("web", c, time);
        assertThat(hpa.decide(10, load(10, 100)).desiredReplicas()).isEqualTo(10);
        time.advance(Duration.ofSeconds(15));
        ScalingDecision spike = hpa.decide(10, load(10, 10_000));
        assertThat(spike.desiredReplicas()).isEqualTo(13);
        assertThat(spike.reason()).isEqualTo(new ScalingReason.StepLimited(3, Duration.ofMinutes(1), 13));
        time.advance(Duration.ofSeconds(15));
        assertThat(hpa.decide(13, load(13, 10_000)).desiredReplicas())
                .as("step already used this minute")
                .isEqualTo(13);
        time.advance(Duration.ofSeconds(45));
        assertThat(hpa.decide(13, load(13, 10_000)).desiredReplicas()).isEqualTo(16);
    }

    @Test
    void anomalyGuardHoldsAHundredfoldJumpUntilConfirmed() {
        AutoscalerConfig c = config().maxReplicas(1000).anomalyGuard(10.0, 3, 5).build();
        Autoscaler hpa = Autoscaler.of("web", c, time);
        hpa.decide(10, load(10, 100));
        time.advance(Duration.ofSeconds(15));
        ScalingDecision first = hpa.decide(10, load(10, 10_000));
        assertThat(first.desiredReplicas()).isEqualTo(10);
        assertThat(first.reason()).isEqualTo(new ScalingReason.AnomalyUnconfirmed("rps", 100.0, 1, 3));
        time.advance(Duration.ofSeconds(15));
        assertThat(hpa.decide(10, load(10, 10_000)).reason())
                .isEqualTo(new ScalingReason.AnomalyUnconfirmed("rps", 100.0, 2, 3));
        time.advance(Duration.ofSeconds(15));
        assertThat(hpa.decide(10, load(10, 10_000)).desiredReplicas()).isEqualTo(20);
    }

    @Test
    void anomalyGuardForgetsABlipThatDoesNotRepeat() {
        Autoscaler hpa = Autoscaler.of("web", config().anomalyGuard(10.0, 2, 5).build(), time);
        hpa.decide(10, load(10, 100));
        time.advance(Duration.ofSeconds(15));
        assertThat(hpa.decide(10, load(10, 5_000)).desiredReplicas()).isEqualTo(10);
        time.advance(Duration.ofSeconds(15));
        assertThat(hpa.decide(10, load(10, 130)).desiredReplicas()).isEqualTo(13);
        time.advance(Duration.ofSeconds(15));
        assertThat(hpa.decide(13, load(13, 5_000)).reason()).isInstanceOf(ScalingReason.AnomalyUnconfirmed.class);
    }

    @Test
    void capsAtTheHardMaxAndAtWhatTheBudgetAffords() {
        ScalingDecision hard =
                Autoscaler.of("a", config().hardMaxReplicas(12).build(), time).decide(10, wanting(10, 50));
        assertThat(hard.desiredReplicas()).isEqualTo(12);
        assertThat(hard.trail())
                .containsExactly(
                        new ScalingReason.MetricsProposal("queue", 50, 5.0),
                        new ScalingReason.ScaleUpLimited(20),
                        new ScalingReason.HardMaxCapped(12));
        // $0.50 per replica-hour, $3.20 per hour: 6 replicas affordable.
        ScalingDecision budget =
                Autoscaler.of("b", config().budget(0.5, 3.2).build(), time).decide(4, wanting(4, 50));
        assertThat(budget.desiredReplicas()).isEqualTo(6);
        assertThat(budget.reason()).isEqualTo(new ScalingReason.BudgetCapped(6, 3.2));
        // The budget never pushes below minReplicas.
        ScalingDecision floor = Autoscaler.of(
                        "c", config().minReplicas(3).budget(1.0, 1.0).build(), time)
                .decide(3, wanting(3, 50));
        assertThat(floor.desiredReplicas()).isEqualTo(3);
    }

    @Test
    void freezesOnStaleEmptyOrUnavailableMetricsRatherThanScaling() {
        Autoscaler hpa = Autoscaler.of(
                "web", config().metricMaxAge(Duration.ofMinutes(2)).build(), time);
        MetricSnapshot stale = wanting(5, 1);
        time.advance(Duration.ofMinutes(3));
        ScalingDecision d = hpa.decide(5, stale);
        assertThat(d.desiredReplicas()).isEqualTo(5);
        assertThat(d.reason()).isEqualTo(new ScalingReason.MetricsFrozen("metrics are PT3M old, more than PT2M"));
        assertThat(hpa.decide(5, new MetricSnapshot(time.now(), List.of())).reason())
                .isEqualTo(new ScalingReason.MetricsFrozen("the metric source returned no readings"));
        assertThat(hpa.decide(5, MetricSnapshot.of(time.now(), new MetricReading.Unavailable("cpu", "down")))
                        .reason())
                .isEqualTo(new ScalingReason.MetricsFrozen("every metric is unavailable"));
        assertThat(hpa.decide(5, wanting(5, 50)).desiredReplicas()).isEqualTo(10);
    }

    @Test
    void correctsACountOutsideMinMaxEvenWhileMetricsAreFrozen() {
        Autoscaler hpa =
                Autoscaler.of("web", config().minReplicas(2).maxReplicas(6).build(), time);
        MetricSnapshot none = new MetricSnapshot(time.now(), List.of());
        assertThat(hpa.decide(9, none).reason()).isEqualTo(new ScalingReason.CurrentAboveMax(6));
        assertThat(hpa.decide(1, none).desiredReplicas()).isEqualTo(2);
        assertThat(hpa.decide(4, none).reason()).isInstanceOf(ScalingReason.MetricsFrozen.class);
    }

    @Test
    void staysFrozenUntilEnoughConsecutiveGoodReadings() {
        Autoscaler hpa = Autoscaler.of("web", config().metricRecoveryReadings(3).build(), time);
        hpa.decide(5, new MetricSnapshot(time.now(), List.of()));
        assertThat(hpa.decide(5, wanting(5, 9)).reason())
                .isEqualTo(new ScalingReason.MetricsFrozen("recovering: 1 of 3 good readings"));
        hpa.decide(5, new MetricSnapshot(time.now(), List.of()));
        assertThat(hpa.decide(5, wanting(5, 9)).desiredReplicas()).isEqualTo(5);
        assertThat(hpa.decide(5, wanting(5, 9)).desiredReplicas()).isEqualTo(5);
        assertThat(hpa.decide(5, wanting(5, 9)).desiredReplicas()).isEqualTo(9);
    }

    @Test
    void preScalesAheadOfAForecastPeakByTheWarmUpTime() {
        Instant peak = T0.plus(Duration.ofMinutes(8));
        // 1,000 rps until the peak, 4,000 rps (upper bound 5,000) from it; 100 rps per replica.
        DemandForecast forecast = at ->
                at.isBefore(peak) ? new ForecastPoint(at, 1000, 1000, 1200) : new ForecastPoint(at, 4000, 4000, 5000);
        AutoscalerConfig c = config().predictive(Duration.ofMinutes(10), 100.0, Duration.ofMinutes(1))
                .build();
        Autoscaler hpa = Autoscaler.of("web", c, forecast, time);
        ScalingDecision d = hpa.decide(20, wanting(20, 20));
        assertThat(d.trail()).contains(new ScalingReason.PredictivePreScale(peak, 5000.0, 50));
        assertThat(d.desiredReplicas()).isEqualTo(40); // default scale-up policy: at most double per 15 s
        // Never below the reactive recommendation.
        Autoscaler quiet = Autoscaler.of("quiet", c, at -> new ForecastPoint(at, 100, 100, 100), time);
        assertThat(quiet.decide(20, wanting(20, 30)).desiredReplicas()).isEqualTo(30);
    }

    @Test
    void doesNotPreScaleForAPeakBeyondTheWarmUpTime() {
        Instant peak = T0.plus(Duration.ofMinutes(30));
        DemandForecast forecast = at ->
                at.isBefore(peak) ? new ForecastPoint(at, 1000, 1000, 1200) : new ForecastPoint(at, 4000, 4000, 5000);
        AutoscalerConfig c = config().predictive(Duration.ofMinutes(10), 100.0, Duration.ofMinutes(1))
                .build();
        ScalingDecision d = Autoscaler.of("web", c, forecast, time).decide(12, wanting(12, 12));
        assertThat(d.desiredReplicas()).isEqualTo(12);
        assertThat(d.reason()).isEqualTo(new ScalingReason.MetricsProposal("queue", 12, 1.0));
    }

    @Test
    void publishesOneEventPerDecision() {
        Autoscaler hpa = Autoscaler.of("web", config().build(), time);
        List<AutoscalerEvent> events = new ArrayList<>();
        var registration = hpa.onEvent(events::add);
        hpa.decide(4, wanting(4, 8));
        hpa.decide(8, wanting(8, 8));
        registration.close();
        hpa.decide(8, wanting(8, 16));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOf(AutoscalerEvent.Rescaled.class);
        assertThat(events.get(1)).isInstanceOf(AutoscalerEvent.Held.class);
        assertThat(events.get(0).autoscaler()).isEqualTo("web");
    }

    @Test
    void rejectsBadArguments() {
        Autoscaler hpa = Autoscaler.of("web", config().build(), time);
        assertThatThrownBy(() -> hpa.decide(-1, wanting(1, 1)))
                .hasMessage("currentReplicas must be at least 0, was -1");
        assertThatThrownBy(() -> Autoscaler.of(" ", config().build(), time))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hpa.decide(1, null)).isInstanceOf(NullPointerException.class);
    }

    /** One sync: advance this many seconds, then metrics asking for {@code wanted} replicas. */
    record Step(int seconds, int wanted) {}

    @Provide
    Arbitrary<Step> steps() {
        return net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, 120),
                        Arbitraries.integers().between(0, 400))
                .as(Step::new);
    }

    @Property(tries = 300)
    void decisionsStayWithinMinMaxAndTheStepLimit(
            @ForAll @Size(max = 40) List<@net.jqwik.api.From("steps") Step> steps,
            @ForAll @IntRange(min = 1, max = 5) int min,
            @ForAll @IntRange(min = 5, max = 200) int max,
            @ForAll @IntRange(min = 1, max = 10) int maxStep) {
        ManualTimeSource clock = ManualTimeSource.at(T0);
        Duration period = Duration.ofMinutes(1);
        Autoscaler hpa = Autoscaler.of(
                "p",
                AutoscalerConfig.builder()
                        .minReplicas(min)
                        .maxReplicas(max)
                        .maxStep(maxStep, period)
                        .build(),
                clock);
        int current = min;
        List<Instant> times = new ArrayList<>();
        List<Integer> deltas = new ArrayList<>();
        for (Step step : steps) {
            clock.advance(Duration.ofSeconds(step.seconds()));
            ScalingDecision d = hpa.decide(
                    current,
                    MetricSnapshot.of(
                            clock.now(),
                            new MetricReading.ObjectMetric(
                                    "m", MetricTarget.averageValue(100), 100L * step.wanted(), current)));
            assertThat(d.desiredReplicas()).isBetween(min, max);
            assertThat(Math.abs(d.delta())).isLessThanOrEqualTo(maxStep);
            times.add(clock.now());
            deltas.add(d.delta());
            long net = 0;
            Instant cutoff = clock.now().minus(period);
            for (int i = 0; i < times.size(); i++) {
                if (times.get(i).isAfter(cutoff)) {
                    net += deltas.get(i);
                }
            }
            assertThat(Math.abs(net)).as("net change within one step period").isLessThanOrEqualTo(maxStep);
            current = d.desiredReplicas();
        }
    }

    @Property(tries = 500)
    void aFreshDecisionIsMonotoneInTheMetric(
            @ForAll @IntRange(min = 1, max = 50) int current,
            @ForAll @IntRange(min = 0, max = 500) int wanted,
            @ForAll @IntRange(min = 0, max = 500) int more) {
        AutoscalerConfig c = AutoscalerConfig.builder().maxReplicas(1000).build();
        int low = Autoscaler.of("a", c, time)
                .decide(current, wanting(current, wanted))
                .desiredReplicas();
        int high = Autoscaler.of("b", c, time)
                .decide(current, wanting(current, wanted + more))
                .desiredReplicas();
        assertThat(high).isGreaterThanOrEqualTo(low);
    }

    @Property(tries = 500)
    void decisionAlwaysEndsWithItsReason(
            @ForAll @IntRange(min = 0, max = 50) int current, @ForAll @IntRange(min = 0, max = 500) int wanted) {
        ScalingDecision d = Autoscaler.of("a", AutoscalerConfig.ofDefaults(), time)
                .decide(current, wanting(Math.max(current, 1), wanted));
        assertThat(d.trail()).isNotEmpty();
        assertThat(d.trail().get(d.trail().size() - 1)).isEqualTo(d.reason());
    }

    // Kubernetes docs, "Stabilization window": a scale-down never goes below the highest
    // recommendation of the last 300 s; with the 0 s scale-up window a scale-up never exceeds the
    // current recommendation.
    @Property(tries = 300)
    void neverScalesDownBelowTheHighestRecommendationInTheWindow(
            @ForAll @Size(max = 40) List<@net.jqwik.api.From("steps") Step> steps,
            @ForAll @IntRange(min = 1, max = 300) int start) {
        ManualTimeSource clock = ManualTimeSource.at(T0);
        Autoscaler hpa = Autoscaler.of(
                "p", AutoscalerConfig.builder().minReplicas(1).maxReplicas(1000).build(), clock);
        List<Instant> times = new ArrayList<>(List.of(clock.now()));
        List<Integer> recommendations =
                new ArrayList<>(List.of(start)); // Kubernetes seeds the window with the current count
        int current = start;
        for (Step step : steps) {
            clock.advance(Duration.ofSeconds(step.seconds()));
            int wanted = Math.max(1, step.wanted());
            ScalingDecision d = hpa.decide(
                    current,
                    MetricSnapshot.of(
                            clock.now(),
                            new MetricReading.ObjectMetric(
                                    "m", MetricTarget.averageValue(100), 100L * wanted, current)));
            int recommendation = ((ScalingReason.MetricsProposal) d.trail().get(0)).replicas();
            times.add(clock.now());
            recommendations.add(recommendation);
            int highest = 0;
            Instant cutoff = clock.now().minus(Duration.ofSeconds(300));
            for (int i = 0; i < times.size(); i++) {
                if (times.get(i).isAfter(cutoff) || i == times.size() - 1) {
                    highest = Math.max(highest, recommendations.get(i));
                }
            }
            assertThat(d.desiredReplicas()).isGreaterThanOrEqualTo(Math.min(current, highest));
            assertThat(d.desiredReplicas()).isLessThanOrEqualTo(Math.max(current, recommendation));
            current = d.desiredReplicas();
        }
    }

    // Predictive scaling with unlimited scale-up: when a decision is made at least the warm-up
    // time before a step in the forecast, the count already covers the forecast's upper bound.
    @Property(tries = 200)
    void preScalesSoThatTheForecastPeakIsCoveredWhenItArrives(
            @ForAll @IntRange(min = 1, max = 60) int peakMinutes,
            @ForAll @IntRange(min = 100, max = 20_000) int peakDemand,
            @ForAll @IntRange(min = 1, max = 30) int warmUpMinutes) {
        ManualTimeSource clock = ManualTimeSource.at(T0);
        Instant peak = T0.plus(Duration.ofMinutes(peakMinutes));
        DemandForecast forecast = at -> at.isBefore(peak)
                ? new ForecastPoint(at, 100, 100, 100)
                : new ForecastPoint(at, peakDemand, peakDemand, peakDemand);
        ScalingRules fastUp = new ScalingRules(
                Duration.ZERO, SelectPolicy.MAX, List.of(ScalingPolicy.pods(1_000_000, Duration.ofSeconds(15))));
        AutoscalerConfig c = AutoscalerConfig.builder()
                .maxReplicas(1000)
                .scaleUp(fastUp)
                .predictive(Duration.ofMinutes(warmUpMinutes), 100.0, Duration.ofSeconds(30))
                .build();
        Autoscaler hpa = Autoscaler.of("p", c, forecast, clock);
        int current = 1;
        while (clock.now().isBefore(peak)) {
            ScalingDecision d = hpa.decide(
                    current,
                    MetricSnapshot.of(
                            clock.now(),
                            new MetricReading.ObjectMetric("m", MetricTarget.averageValue(100), 100L, current)));
            current = d.desiredReplicas();
            if (!clock.now().plus(Duration.ofMinutes(warmUpMinutes)).isBefore(peak)) {
                assertThat(current).as("at %s", clock.now()).isGreaterThanOrEqualTo((int)
                        Math.ceil(peakDemand / 100.0));
            }
            clock.advance(Duration.ofSeconds(15));
        }
    }
}
