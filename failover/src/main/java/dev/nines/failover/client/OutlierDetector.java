package dev.nines.failover.client;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The engine of {@link OutlierDetection} for one {@link EndpointRouter}: a {@link Tracker} per
 * endpoint that routes record into, and the periodic analysis.
 *
 * <p>Recording is lock-free and allocation-free: cumulative counters that only grow (the analysis
 * takes each interval as a difference, so nothing recorded is lost to a race with it), and
 * consecutive-failure runs that eject inline when they reach a threshold. Ejection is lock-free too,
 * so that an inline ejection never waits for an analysis: an ejection first reserves one of the
 * cap's slots ({@link #ejectedCount} only moves by compare-and-set below the cap) and then flips the
 * endpoint's packed state; an unejection flips the state back and then frees the slot. The number of
 * ejected endpoints is therefore never above {@link #ejectedCount}, which is never above the cap.
 * Analyses are serialised by a lock that recording never takes.
 */
final class OutlierDetector {

    /** Packed tracker state: bit 40 ejected, bits 32..39 the reason's ordinal, bits 0..31 the multiplier. */
    private static final long EJECTED_BIT = 1L << 40;

    private static final EjectionReason[] REASONS = EjectionReason.values();

    private final String routerName;
    private final OutlierDetection config;
    private final TimeSource time;
    private final EventListeners<EndpointEvent> listeners;
    private final Tracker[] trackers;
    private final int cap;
    private final long baseNanos;
    private final long maxNanos;
    private final int maxMultiplier;
    private final AtomicInteger ejectedCount = new AtomicInteger();
    private final AtomicLong skippedByCap = new AtomicLong();
    private final AtomicLongArray ejectionsByReason = new AtomicLongArray(REASONS.length);
    private final AtomicLong analyses = new AtomicLong();
    private final ReentrantLock analysisLock = new ReentrantLock();
    private final long[] scratch = new long[LatencyBuckets.BUCKETS];

    OutlierDetector(
            String routerName,
            OutlierDetection config,
            TimeSource time,
            EventListeners<EndpointEvent> listeners,
            List<Endpoint> endpoints) {
        this.routerName = routerName;
        this.config = config;
        this.time = time;
        this.listeners = listeners;
        this.cap = config.maxEjectedEndpoints(endpoints.size());
        this.baseNanos = config.baseEjectionTime().toNanos();
        this.maxNanos = config.maxEjectionTime().toNanos();
        long multiplier = maxNanos / baseNanos + (maxNanos % baseNanos == 0 ? 0 : 1);
        this.maxMultiplier = (int) Math.min(multiplier, Integer.MAX_VALUE);
        this.trackers = new Tracker[endpoints.size()];
        for (int i = 0; i < trackers.length; i++) {
            trackers[i] = new Tracker(endpoints.get(i).id());
        }
    }

    Tracker tracker(int index) {
        return trackers[index];
    }

    OutlierDetection config() {
        return config;
    }

    int cap() {
        return cap;
    }

    /** How long an ejection with multiplier {@code n} lasts: {@code base * n}, at most the maximum. */
    long ejectionNanos(int multiplier) {
        if (multiplier <= 0) {
            return 0;
        }
        if (multiplier > maxNanos / baseNanos) {
            return maxNanos;
        }
        return Math.min(maxNanos, baseNanos * multiplier);
    }

    static boolean isEjected(long state) {
        return (state & EJECTED_BIT) != 0;
    }

    private static int multiplier(long state) {
        return (int) state;
    }

    private static EjectionReason reason(long state) {
        return REASONS[(int) ((state >>> 32) & 0xFF)];
    }

    // The ordinal indexes REASONS (its inverse) in memory only: packed into a long, never persisted.
    @SuppressWarnings("EnumOrdinal")
    private static int code(EjectionReason reason) {
        return reason.ordinal();
    }

    private static long pack(boolean ejected, EjectionReason reason, int multiplier) {
        return (ejected ? EJECTED_BIT : 0) | ((long) code(reason) << 32) | (multiplier & 0xFFFF_FFFFL);
    }

    /**
     * Ejects {@code tracker} if it is in rotation and the cap allows.
     *
     * @param countSkip whether to count a refusal by the cap (once per outlier finding)
     * @return whether this call ejected it
     */
    private boolean eject(Tracker tracker, EjectionReason reason, long now, boolean countSkip) {
        if (isEjected(tracker.state.get())) {
            return false;
        }
        for (; ; ) {
            int n = ejectedCount.get();
            if (n >= cap) {
                if (countSkip) {
                    skippedByCap.incrementAndGet();
                }
                return false;
            }
            if (ejectedCount.compareAndSet(n, n + 1)) {
                break;
            }
        }
        for (; ; ) {
            long state = tracker.state.get();
            if (isEjected(state)) {
                ejectedCount.decrementAndGet();
                return false;
            }
            int next = Math.min(multiplier(state) + 1, maxMultiplier);
            // Written before the state flips: read only while ejected, and every writer writes about now.
            tracker.ejectedAtNanos = now;
            if (tracker.state.compareAndSet(state, pack(true, reason, next))) {
                break;
            }
        }
        tracker.ejections.incrementAndGet();
        ejectionsByReason.incrementAndGet(code(reason));
        tracker.consecutive.set(0);
        tracker.consecutiveGateway.set(0);
        return true;
    }

    private void publishEjection(Tracker tracker, EjectionReason reason, String why) {
        if (listeners.hasListeners()) {
            long state = tracker.state.get();
            Duration duration = Duration.ofNanos(ejectionNanos(multiplier(state)));
            listeners.publish(new EndpointEvent(
                    routerName,
                    tracker.endpointId,
                    EndpointEvent.Type.EJECTED,
                    time.now(),
                    reason + ": " + why + "; ejected for " + duration + " (ejection " + tracker.ejections.get() + ")",
                    Optional.of(reason)));
        }
    }

    /** Runs one analysis at the time source's now. */
    void analyze() {
        analysisLock.lock();
        try {
            long now = time.nanoTime();
            analyses.incrementAndGet();
            for (Tracker tracker : trackers) {
                tracker.drain(scratch);
            }
            returnOrForgive(now);
            if (config.successRateEnabled()) {
                successRate(now);
            }
            if (config.failurePercentageEnabled()) {
                failurePercentage(now);
            }
            if (config.latencyEnabled()) {
                latency(now);
            }
            for (Tracker tracker : trackers) {
                tracker.ejectedAtLastAnalysis = isEjected(tracker.state.get());
                tracker.ejectionsAtLastAnalysis = tracker.ejections.get();
            }
        } finally {
            analysisLock.unlock();
        }
    }

    /** Returns ejected endpoints whose time is up; decays the multiplier of those that stayed healthy. */
    private void returnOrForgive(long now) {
        for (Tracker tracker : trackers) {
            for (; ; ) {
                long state = tracker.state.get();
                int multiplier = multiplier(state);
                if (isEjected(state)) {
                    long duration = ejectionNanos(multiplier);
                    if (now - tracker.ejectedAtNanos < duration) {
                        break;
                    }
                    if (tracker.state.compareAndSet(
                            state, pack(false, EjectionReason.CONSECUTIVE_FAILURES, multiplier))) {
                        ejectedCount.decrementAndGet();
                        tracker.consecutive.set(0);
                        tracker.consecutiveGateway.set(0);
                        if (listeners.hasListeners()) {
                            EjectionReason reason = reason(state);
                            listeners.publish(new EndpointEvent(
                                    routerName,
                                    tracker.endpointId,
                                    EndpointEvent.Type.UNEJECTED,
                                    time.now(),
                                    "ejection of " + Duration.ofNanos(duration) + " for " + reason + " is over",
                                    Optional.of(reason)));
                        }
                        break;
                    }
                } else {
                    boolean healthyAllInterval = !tracker.ejectedAtLastAnalysis
                            && tracker.ejections.get() == tracker.ejectionsAtLastAnalysis;
                    if (multiplier == 0 || !healthyAllInterval) {
                        break;
                    }
                    if (tracker.state.compareAndSet(state, pack(false, reason(state), multiplier - 1))) {
                        break;
                    }
                }
            }
        }
    }

    private void successRate(long now) {
        List<Tracker> eligible = new ArrayList<>();
        for (Tracker tracker : trackers) {
            if (tracker.intervalSuccesses + tracker.intervalFailures >= config.successRateRequestVolume()) {
                eligible.add(tracker);
            }
        }
        if (eligible.size() < config.successRateMinimumEndpoints()) {
            return;
        }
        double sum = 0;
        for (Tracker tracker : eligible) {
            sum += tracker.successRate();
        }
        double mean = sum / eligible.size();
        double squares = 0;
        for (Tracker tracker : eligible) {
            double d = tracker.successRate() - mean;
            squares += d * d;
        }
        double stdev = Math.sqrt(squares / eligible.size());
        double threshold = mean - config.successRateStdevFactor() * stdev;
        eligible.sort((a, b) -> Double.compare(a.successRate(), b.successRate()));
        for (Tracker tracker : eligible) {
            double rate = tracker.successRate();
            if (rate < threshold && eject(tracker, EjectionReason.SUCCESS_RATE, now, true)) {
                publishEjection(
                        tracker,
                        EjectionReason.SUCCESS_RATE,
                        String.format(
                                Locale.ROOT,
                                "success rate %.4f over %d calls below %.4f (mean %.4f - %.2f x stdev %.4f of %d endpoints)",
                                rate,
                                tracker.intervalSuccesses + tracker.intervalFailures,
                                threshold,
                                mean,
                                config.successRateStdevFactor(),
                                stdev,
                                eligible.size()));
            }
        }
    }

    private void failurePercentage(long now) {
        List<Tracker> eligible = new ArrayList<>();
        for (Tracker tracker : trackers) {
            if (tracker.intervalSuccesses + tracker.intervalFailures >= config.failurePercentageRequestVolume()) {
                eligible.add(tracker);
            }
        }
        if (eligible.size() < config.failurePercentageMinimumEndpoints()) {
            return;
        }
        eligible.sort((a, b) -> Double.compare(a.successRate(), b.successRate()));
        for (Tracker tracker : eligible) {
            double percentage = 100.0 * (1 - tracker.successRate());
            if (percentage >= config.failurePercentageThreshold()
                    && eject(tracker, EjectionReason.FAILURE_PERCENTAGE, now, true)) {
                publishEjection(
                        tracker,
                        EjectionReason.FAILURE_PERCENTAGE,
                        String.format(
                                Locale.ROOT,
                                "%.2f%% of %d calls failed, threshold %.2f%%",
                                percentage,
                                tracker.intervalSuccesses + tracker.intervalFailures,
                                config.failurePercentageThreshold()));
            }
        }
    }

    private void latency(long now) {
        List<Tracker> eligible = new ArrayList<>();
        for (Tracker tracker : trackers) {
            if (tracker.intervalLatencySamples >= config.latencyRequestVolume()) {
                eligible.add(tracker);
            }
        }
        int n = eligible.size();
        if (n < config.latencyMinimumEndpoints()) {
            return;
        }
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = eligible.get(i).intervalPercentileNanos;
        }
        Arrays.sort(sorted);
        // Judge against the values before any ejection of this analysis: sort a copy, the worst first.
        List<Tracker> worstFirst = new ArrayList<>(eligible);
        worstFirst.sort((a, b) -> Long.compare(b.intervalPercentileNanos, a.intervalPercentileNanos));
        for (Tracker tracker : worstFirst) {
            long own = tracker.intervalPercentileNanos;
            double othersMedian = medianWithout(sorted, own);
            if (own > config.latencyFactor() * othersMedian && eject(tracker, EjectionReason.LATENCY, now, true)) {
                publishEjection(
                        tracker,
                        EjectionReason.LATENCY,
                        String.format(
                                Locale.ROOT,
                                "p%s %s over %d calls above %.2f x %s (median of %d other endpoints)",
                                trim(config.latencyPercentile()),
                                Duration.ofNanos(own),
                                tracker.intervalLatencySamples,
                                config.latencyFactor(),
                                Duration.ofNanos(Math.round(othersMedian)),
                                n - 1));
            }
        }
    }

    private static String trim(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }

    /** The median of {@code sorted} with one occurrence of {@code value} left out. */
    static double medianWithout(long[] sorted, long value) {
        int skip = Arrays.binarySearch(sorted, value);
        int n = sorted.length - 1;
        return (at(sorted, skip, (n - 1) / 2) + at(sorted, skip, n / 2)) / 2.0;
    }

    private static long at(long[] sorted, int skip, int index) {
        return sorted[index < skip ? index : index + 1];
    }

    OutlierStatus status(int index) {
        Tracker tracker = trackers[index];
        long state = tracker.state.get();
        boolean ejected = isEjected(state);
        return new OutlierStatus(
                tracker.endpointId,
                ejected,
                ejected ? Optional.of(reason(state)) : Optional.empty(),
                multiplier(state),
                ejected ? Duration.ofNanos(ejectionNanos(multiplier(state))) : Duration.ZERO,
                tracker.ejections.get(),
                tracker.successes.get(),
                tracker.failures.get(),
                tracker.gatewayFailures.get());
    }

    OutlierMetrics metrics() {
        int ejected = 0;
        for (Tracker tracker : trackers) {
            if (isEjected(tracker.state.get())) {
                ejected++;
            }
        }
        Map<EjectionReason, Long> byReason = new EnumMap<>(EjectionReason.class);
        for (EjectionReason reason : REASONS) {
            byReason.put(reason, ejectionsByReason.get(code(reason)));
        }
        return new OutlierMetrics(ejected, cap, byReason, skippedByCap.get(), analyses.get());
    }

    /** The outlier-detection state of one endpoint; routes record into it. */
    final class Tracker {
        final String endpointId;
        final AtomicLong successes = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong gatewayFailures = new AtomicLong();
        final AtomicInteger consecutive = new AtomicInteger();
        final AtomicInteger consecutiveGateway = new AtomicInteger();
        final @Nullable LatencyBuckets latency;
        final AtomicLong state = new AtomicLong();
        final AtomicLong ejections = new AtomicLong();
        volatile long ejectedAtNanos;

        // Read and written by the analysis only, under its lock.
        private long drainedSuccesses;
        private long drainedFailures;
        long intervalSuccesses;
        long intervalFailures;
        long intervalLatencySamples;
        long intervalPercentileNanos;
        boolean ejectedAtLastAnalysis;
        long ejectionsAtLastAnalysis;

        Tracker(String endpointId) {
            this.endpointId = endpointId;
            this.latency = config.latencyEnabled() ? new LatencyBuckets() : null;
        }

        /** Whether routes must pass this endpoint by. */
        boolean isEjected() {
            return OutlierDetector.isEjected(state.get());
        }

        /** Records a successful call and its latency. Lock-free, allocation-free. */
        void onSuccess(long latencyNanos) {
            successes.getAndIncrement();
            // Read first: a healthy endpoint's counters stay zero, and a plain read keeps the line shared.
            if (consecutive.get() != 0) {
                consecutive.set(0);
            }
            if (consecutiveGateway.get() != 0) {
                consecutiveGateway.set(0);
            }
            LatencyBuckets buckets = latency;
            if (buckets != null) {
                buckets.record(latencyNanos);
            }
        }

        /** Records a failed call as the classifier says. Lock-free; allocates only when it ejects. */
        void onError(long latencyNanos, Throwable error, long now) {
            EndpointOutcome outcome = config.classifier().classify(error);
            if (outcome == null) {
                outcome = EndpointOutcome.FAILURE; // a classifier that breaks its contract still counts
            }
            switch (outcome) {
                case SUCCESS:
                    onSuccess(latencyNanos);
                    return;
                case IGNORED:
                    return;
                case GATEWAY_FAILURE:
                    gatewayFailures.getAndIncrement();
                    failures.getAndIncrement();
                    int gateway = consecutiveGateway.incrementAndGet();
                    int threshold = config.consecutiveGatewayFailures();
                    if (threshold > 0 && gateway >= threshold) {
                        if (ejectInline(EjectionReason.CONSECUTIVE_GATEWAY_FAILURES, now, gateway == threshold)) {
                            return;
                        }
                    }
                    break;
                default:
                    failures.getAndIncrement();
                    if (consecutiveGateway.get() != 0) {
                        consecutiveGateway.set(0);
                    }
                    break;
            }
            int run = consecutive.incrementAndGet();
            int threshold = config.consecutiveFailures();
            if (threshold > 0 && run >= threshold) {
                ejectInline(EjectionReason.CONSECUTIVE_FAILURES, now, run == threshold);
            }
        }

        private boolean ejectInline(EjectionReason reason, long now, boolean first) {
            if (isEjected()) {
                return false;
            }
            int threshold = reason == EjectionReason.CONSECUTIVE_GATEWAY_FAILURES
                    ? config.consecutiveGatewayFailures()
                    : config.consecutiveFailures();
            if (eject(this, reason, now, first)) {
                publishEjection(
                        this,
                        reason,
                        threshold
                                + (reason == EjectionReason.CONSECUTIVE_GATEWAY_FAILURES
                                        ? " consecutive gateway failures"
                                        : " consecutive failures"));
                return true;
            }
            return false;
        }

        /** Takes the counts since the previous analysis. */
        void drain(long[] scratch) {
            long s = successes.get();
            long f = failures.get();
            intervalSuccesses = s - drainedSuccesses;
            intervalFailures = f - drainedFailures;
            drainedSuccesses = s;
            drainedFailures = f;
            LatencyBuckets buckets = latency;
            if (buckets != null) {
                intervalLatencySamples = buckets.drainInto(scratch);
                intervalPercentileNanos = intervalLatencySamples == 0
                        ? 0
                        : LatencyBuckets.percentile(scratch, intervalLatencySamples, config.latencyPercentile());
            }
        }

        double successRate() {
            long total = intervalSuccesses + intervalFailures;
            return total == 0 ? 1 : (double) intervalSuccesses / total;
        }
    }
}
