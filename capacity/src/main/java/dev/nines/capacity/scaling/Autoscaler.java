package dev.nines.capacity.scaling;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A horizontal autoscaler that decides as the Kubernetes HorizontalPodAutoscaler does, with
 * safeguards against runaway scaling and optional predictive pre-scaling.
 *
 * <p>Each {@link #decide(int, MetricSnapshot)} call is one HPA sync: the metrics' proposals
 * (largest wins, {@link ReplicaCalculator}), the stabilization windows and scaling policies of
 * {@link AutoscalerConfig#scaleUp()} / {@link AutoscalerConfig#scaleDown()}, then min/max. The
 * autoscaler assumes the caller applies each decision: a change is remembered as a scale event for
 * the rate-limit policies. Safeguards, in order: the metric freeze (stale, empty or recovering
 * metrics hold the count), the anomaly guard (an unconfirmed jump holds the count), then after the
 * Kubernetes steps the hard max, the budget cap and the step limit. Predictive scaling raises the
 * metrics' recommendation to what the forecast peak within the warm-up time needs, before
 * stabilization, so every safeguard still applies. Like Kubernetes, a new autoscaler seeds its
 * scale-down window with the current count, so its first scale-down waits one window.
 *
 * <p>No threads: call {@code decide} on your own schedule (Kubernetes syncs every 15 s). Time comes
 * from the {@link TimeSource}. Thread-safe (decisions are serialized).
 *
 * <pre>{@code
 * Autoscaler autoscaler = Autoscaler.of("checkout", AutoscalerConfig.builder().maxReplicas(20).build(), time);
 * ScalingDecision d = autoscaler.decide(4, MetricSnapshot.of(time.now(),
 *     new MetricReading.PodMetrics("cpu", MetricTarget.utilization(60), true, pods)));
 * scaleTo(d.desiredReplicas());            // d.reason() says why
 * }</pre>
 */
public final class Autoscaler {

    private record Timestamped(Instant at, int value) {}

    private final String name;
    private final AutoscalerConfig config;
    private final ReplicaCalculator calculator;
    private final @Nullable DemandForecast forecast;
    private final TimeSource timeSource;
    private final EventListeners<AutoscalerEvent> listeners;

    private final List<Timestamped> recommendations = new ArrayList<>();
    private boolean windowInitialized;
    private final Deque<Timestamped> scaleUpEvents = new ArrayDeque<>();
    private final Deque<Timestamped> scaleDownEvents = new ArrayDeque<>();
    private int goodReadingsSinceFreeze;
    private boolean frozen;
    private final Map<String, Deque<Double>> anomalyRanges = new HashMap<>();
    private final Map<String, Integer> anomalyConfirmations = new HashMap<>();

    private Autoscaler(String name, AutoscalerConfig config, @Nullable DemandForecast forecast, TimeSource timeSource) {
        this.name = Arguments.notBlank("name", name);
        this.config = Objects.requireNonNull(config, "config");
        this.forecast = forecast;
        this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
        this.calculator = ReplicaCalculator.of(config.scaleDownTolerance(), config.scaleUpTolerance());
        this.listeners = EventListeners.create(name);
    }

    /**
     * Returns a reactive autoscaler.
     *
     * @param name the name, not blank
     * @param config the configuration
     * @param timeSource the clock
     * @return the autoscaler
     */
    public static Autoscaler of(String name, AutoscalerConfig config, TimeSource timeSource) {
        return new Autoscaler(name, config, null, timeSource);
    }

    /**
     * Returns an autoscaler that also pre-scales for a forecast (when
     * {@link AutoscalerConfig#warmUp()} is positive).
     *
     * @param name the name, not blank
     * @param config the configuration
     * @param forecast the demand forecast
     * @param timeSource the clock
     * @return the autoscaler
     */
    public static Autoscaler of(String name, AutoscalerConfig config, DemandForecast forecast, TimeSource timeSource) {
        return new Autoscaler(name, config, Objects.requireNonNull(forecast, "forecast"), timeSource);
    }

    /**
     * Returns the name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public AutoscalerConfig config() {
        return config;
    }

    /**
     * Registers a listener for every decision.
     *
     * @param listener the listener
     * @return the registration, close it to unregister
     */
    public EventListeners.Registration onEvent(Consumer<? super AutoscalerEvent> listener) {
        return listeners.register(listener);
    }

    /**
     * Decides the replica count for now: one HPA sync.
     *
     * @param currentReplicas the count running now, not negative
     * @param metrics the metrics read for this sync
     * @return the decision with its reasons
     * @throws IllegalArgumentException if {@code currentReplicas} is negative
     */
    public synchronized ScalingDecision decide(int currentReplicas, MetricSnapshot metrics) {
        Arguments.atLeast("currentReplicas", currentReplicas, 0);
        Objects.requireNonNull(metrics, "metrics");
        Instant now = timeSource.now();
        ScalingDecision decision = decide(now, currentReplicas, metrics);
        if (decision.isChange()) {
            storeScaleEvent(now, currentReplicas, decision.desiredReplicas());
        }
        if (listeners.hasListeners()) {
            listeners.publish(
                    decision.isChange()
                            ? new AutoscalerEvent.Rescaled(name, decision)
                            : new AutoscalerEvent.Held(name, decision));
        }
        return decision;
    }

    private ScalingDecision decide(Instant now, int current, MetricSnapshot metrics) {
        List<ScalingReason> trail = new ArrayList<>();
        int min = config.minReplicas();
        if (current == 0 && min != 0) {
            return hold(now, current, new ScalingReason.ScalingDisabled(), trail, List.of());
        }
        // Safeguard: circuit breaker on the metric source. A count outside [min, max] is corrected
        // without metrics, as Kubernetes does, so the breaker only holds in-range counts.
        String bad = badMetrics(now, metrics);
        String freeze = null;
        if (bad != null) {
            frozen = true;
            goodReadingsSinceFreeze = 0;
            freeze = bad;
        } else if (frozen) {
            goodReadingsSinceFreeze++;
            if (goodReadingsSinceFreeze < config.metricRecoveryReadings()) {
                freeze = "recovering: " + goodReadingsSinceFreeze + " of " + config.metricRecoveryReadings()
                        + " good readings";
            } else {
                frozen = false;
            }
        }
        int max = config.maxReplicas();
        int desired;
        List<MetricProposal> proposals = new ArrayList<>();
        if (current > max) {
            desired = max;
            trail.add(new ScalingReason.CurrentAboveMax(max));
        } else if (current < min) {
            desired = min;
            trail.add(new ScalingReason.CurrentBelowMin(min));
        } else if (freeze != null) {
            return hold(now, current, new ScalingReason.MetricsFrozen(freeze), trail, List.of());
        } else {
            MetricProposal.Invalid firstInvalid = null;
            MetricProposal.Replicas best = null;
            for (MetricReading reading : metrics.readings()) {
                MetricProposal proposal = calculator.propose(current, reading);
                proposals.add(proposal);
                if (proposal instanceof MetricProposal.Replicas replicas) {
                    if (best == null || replicas.replicas() > best.replicas()) {
                        best = replicas;
                    }
                } else if (firstInvalid == null) {
                    firstInvalid = (MetricProposal.Invalid) proposal;
                }
            }
            if (best == null || (firstInvalid != null && best.replicas() < current)) {
                MetricProposal.Invalid invalid = Objects.requireNonNull(firstInvalid, "firstInvalid");
                return hold(
                        now,
                        current,
                        new ScalingReason.MetricsUnavailable(invalid.metric(), invalid.reason()),
                        trail,
                        proposals);
            }
            ScalingReason anomaly = anomalyGuard(proposals);
            if (anomaly != null) {
                return hold(now, current, anomaly, trail, proposals);
            }
            desired = best.replicas();
            trail.add(new ScalingReason.MetricsProposal(best.metric(), best.replicas(), best.usageRatio()));
            desired = predictive(now, desired, trail);
            desired = stabilize(now, current, desired, trail);
            desired = applyBehaviour(now, current, desired, min, max, trail);
        }
        // Safeguards after the Kubernetes steps.
        if (desired > config.hardMaxReplicas()) {
            desired = config.hardMaxReplicas();
            trail.add(new ScalingReason.HardMaxCapped(desired));
        }
        int affordable = Math.max(min, config.affordableReplicas());
        if (desired > affordable) {
            desired = affordable;
            trail.add(new ScalingReason.BudgetCapped(affordable, config.budgetPerHour()));
        }
        desired = limitStep(now, current, desired, trail);
        return new ScalingDecision(now, current, desired, trail.get(trail.size() - 1), trail, proposals);
    }

    private static ScalingDecision hold(
            Instant now, int current, ScalingReason reason, List<ScalingReason> trail, List<MetricProposal> proposals) {
        trail.add(reason);
        return new ScalingDecision(now, current, current, reason, trail, proposals);
    }

    private @Nullable String badMetrics(Instant now, MetricSnapshot metrics) {
        Duration age = Duration.between(metrics.observedAt(), now);
        if (age.compareTo(config.metricMaxAge()) > 0) {
            return "metrics are " + age + " old, more than " + config.metricMaxAge();
        }
        if (metrics.readings().isEmpty()) {
            return "the metric source returned no readings";
        }
        for (MetricReading reading : metrics.readings()) {
            if (!(reading instanceof MetricReading.Unavailable)) {
                return null;
            }
        }
        return "every metric is unavailable";
    }

    private @Nullable ScalingReason anomalyGuard(List<MetricProposal> proposals) {
        if (config.anomalyFactor() == 0.0) {
            return null;
        }
        ScalingReason held = null;
        for (MetricProposal proposal : proposals) {
            if (!(proposal instanceof MetricProposal.Replicas replicas)) {
                continue;
            }
            double ratio = replicas.usageRatio();
            if (!Double.isFinite(ratio)) {
                continue; // scale from zero: no usable ratio
            }
            Deque<Double> range = anomalyRanges.computeIfAbsent(replicas.metric(), k -> new ArrayDeque<>());
            boolean anomalous = false;
            if (!range.isEmpty()) {
                double low = Double.POSITIVE_INFINITY;
                double high = Double.NEGATIVE_INFINITY;
                for (double r : range) {
                    low = Math.min(low, r);
                    high = Math.max(high, r);
                }
                anomalous = ratio > high * config.anomalyFactor() || ratio < low / config.anomalyFactor();
            }
            if (anomalous) {
                int seen = anomalyConfirmations.merge(replicas.metric(), 1, Integer::sum);
                if (seen < config.anomalyConfirmations()) {
                    if (held == null) {
                        held = new ScalingReason.AnomalyUnconfirmed(
                                replicas.metric(), ratio, seen, config.anomalyConfirmations());
                    }
                    continue;
                }
                range.clear(); // confirmed: the new level is the new normal
            }
            anomalyConfirmations.remove(replicas.metric());
            range.addLast(ratio);
            while (range.size() > config.anomalyHistory()) {
                range.removeFirst();
            }
        }
        return held;
    }

    private int predictive(Instant now, int desired, List<ScalingReason> trail) {
        if (forecast == null || config.warmUp().isZero()) {
            return desired;
        }
        Instant end = now.plus(config.warmUp());
        Instant peakAt = now;
        double peak = -1.0;
        for (Instant t = now; !t.isAfter(end); t = t.plus(config.forecastStep())) {
            double upper = forecast.at(t).upper();
            if (upper > peak) {
                peak = upper;
                peakAt = t;
            }
        }
        double upperAtEnd = forecast.at(end).upper();
        if (upperAtEnd > peak) {
            peak = upperAtEnd;
            peakAt = end;
        }
        double needed = Math.ceil(peak / config.demandPerReplica());
        int replicas = needed >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) needed;
        if (replicas > desired) {
            trail.add(new ScalingReason.PredictivePreScale(peakAt, peak, replicas));
            return replicas;
        }
        return desired;
    }

    /** Kubernetes' stabilizeRecommendationWithBehaviors. */
    private int stabilize(Instant now, int current, int desired, List<ScalingReason> trail) {
        if (!windowInitialized) {
            windowInitialized = true;
            if (!config.scaleDown().stabilizationWindow().isZero()) {
                recommendations.add(new Timestamped(now, current));
            }
        }
        Instant upCutoff = now.minus(config.scaleUp().stabilizationWindow());
        Instant downCutoff = now.minus(config.scaleDown().stabilizationWindow());
        int upRecommendation = desired;
        int downRecommendation = desired;
        for (Iterator<Timestamped> it = recommendations.iterator(); it.hasNext(); ) {
            Timestamped rec = it.next();
            if (rec.at().isAfter(upCutoff)) {
                upRecommendation = Math.min(rec.value(), upRecommendation);
            }
            if (rec.at().isAfter(downCutoff)) {
                downRecommendation = Math.max(rec.value(), downRecommendation);
            }
            if (rec.at().isBefore(upCutoff) && rec.at().isBefore(downCutoff)) {
                it.remove(); // outside both windows: never used again
            }
        }
        int recommendation = current;
        if (recommendation < upRecommendation) {
            recommendation = upRecommendation;
        }
        if (recommendation > downRecommendation) {
            recommendation = downRecommendation;
        }
        recommendations.add(new Timestamped(now, desired));
        if (recommendation != desired) {
            trail.add(new ScalingReason.Stabilized(desired, recommendation));
        }
        return recommendation;
    }

    /** Kubernetes' convertDesiredReplicasWithBehaviorRate. */
    private int applyBehaviour(Instant now, int current, int desired, int min, int max, List<ScalingReason> trail) {
        if (desired > current) {
            int scaleUpLimit = Math.max(current, scaleUpLimit(now, current));
            if (max > scaleUpLimit) {
                if (desired > scaleUpLimit) {
                    trail.add(new ScalingReason.ScaleUpLimited(scaleUpLimit));
                    return scaleUpLimit;
                }
            } else if (desired > max) {
                trail.add(new ScalingReason.ClampedToMax(max));
                return max;
            }
        } else if (desired < current) {
            int scaleDownLimit = Math.min(current, scaleDownLimit(now, current));
            if (min < scaleDownLimit) {
                if (desired < scaleDownLimit) {
                    trail.add(new ScalingReason.ScaleDownLimited(scaleDownLimit));
                    return scaleDownLimit;
                }
            } else if (desired < min) {
                trail.add(new ScalingReason.ClampedToMin(min));
                return min;
            }
        }
        return desired;
    }

    private int scaleUpLimit(Instant now, int current) {
        ScalingRules rules = config.scaleUp();
        if (rules.selectPolicy() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean minChange = rules.selectPolicy() == SelectPolicy.MIN;
        long result = minChange ? Long.MAX_VALUE : Long.MIN_VALUE;
        for (ScalingPolicy policy : rules.policies()) {
            long periodStart = (long) current
                    - changeInPeriod(now, policy.period(), scaleUpEvents)
                    + changeInPeriod(now, policy.period(), scaleDownEvents);
            long proposed = policy.type() == ScalingPolicy.Type.PODS
                    ? periodStart + policy.value()
                    : (long) Math.ceil((double) periodStart * (1 + (double) policy.value() / 100));
            result = minChange ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return (int) Math.min(Integer.MAX_VALUE, result);
    }

    private int scaleDownLimit(Instant now, int current) {
        ScalingRules rules = config.scaleDown();
        if (rules.selectPolicy() == SelectPolicy.DISABLED) {
            return current;
        }
        boolean minChange = rules.selectPolicy() == SelectPolicy.MIN;
        long result = minChange ? Long.MIN_VALUE : Long.MAX_VALUE;
        for (ScalingPolicy policy : rules.policies()) {
            long periodStart = (long) current
                    - changeInPeriod(now, policy.period(), scaleUpEvents)
                    + changeInPeriod(now, policy.period(), scaleDownEvents);
            long proposed = policy.type() == ScalingPolicy.Type.PODS
                    ? periodStart - policy.value()
                    : (long) ((double) periodStart * (1 - (double) policy.value() / 100));
            result = minChange ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return (int) Math.max(Integer.MIN_VALUE, result);
    }

    private static long changeInPeriod(Instant now, Duration period, Deque<Timestamped> events) {
        Instant cutoff = now.minus(period);
        long replicas = 0;
        for (Timestamped event : events) {
            if (event.at().isAfter(cutoff)) {
                replicas += event.value();
            }
        }
        return replicas;
    }

    private int limitStep(Instant now, int current, int desired, List<ScalingReason> trail) {
        if (config.maxStep() == Integer.MAX_VALUE || desired == current) {
            return desired;
        }
        // additions and removals are limited separately: a removal inside the period must not make room
        // for more additions (netting them let 2 x maxStep replicas be added within one period)
        if (desired > current) {
            long added = changeInPeriod(now, config.stepPeriod(), scaleUpEvents);
            long limit = Math.max(current, (long) current + config.maxStep() - added);
            if (desired > limit) {
                trail.add(new ScalingReason.StepLimited(config.maxStep(), config.stepPeriod(), (int) limit));
                return (int) limit;
            }
        } else {
            long removed = changeInPeriod(now, config.stepPeriod(), scaleDownEvents);
            long limit = Math.min(current, (long) current - config.maxStep() + removed);
            if (desired < limit) {
                trail.add(new ScalingReason.StepLimited(config.maxStep(), config.stepPeriod(), (int) limit));
                return (int) limit;
            }
        }
        return desired;
    }

    private void storeScaleEvent(Instant now, int previous, int desired) {
        Duration keep = config.scaleUp().longestPeriod();
        if (config.scaleDown().longestPeriod().compareTo(keep) > 0) {
            keep = config.scaleDown().longestPeriod();
        }
        if (config.stepPeriod().compareTo(keep) > 0) {
            keep = config.stepPeriod();
        }
        Instant cutoff = now.minus(keep);
        scaleUpEvents.removeIf(e -> !e.at().isAfter(cutoff));
        scaleDownEvents.removeIf(e -> !e.at().isAfter(cutoff));
        if (desired > previous) {
            scaleUpEvents.addLast(new Timestamped(now, desired - previous));
        } else {
            scaleDownEvents.addLast(new Timestamped(now, previous - desired));
        }
    }

    @Override
    public String toString() {
        return "Autoscaler[" + name + "]";
    }
}
