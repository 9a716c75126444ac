package dev.nines.core.adaptivelimit;

/**
 * The state of one limit algorithm. Not thread-safe: the limiter lets one thread at a time in.
 */
abstract class LimitEstimator {

    final int minLimit;
    final int maxLimit;

    LimitEstimator(int minLimit, int maxLimit) {
        this.minLimit = minLimit;
        this.maxLimit = maxLimit;
    }

    static LimitEstimator of(AdaptiveLimiterConfig config) {
        LimitAlgorithm algorithm = config.algorithm();
        if (algorithm instanceof LimitAlgorithm.Aimd aimd) {
            return new AimdEstimator(aimd, config.minLimit(), config.maxLimit(), config.initialLimit());
        }
        return new GradientEstimator(
                (LimitAlgorithm.Gradient) algorithm, config.minLimit(), config.maxLimit(), config.initialLimit());
    }

    /**
     * Takes one sample and returns the new limit, within [minLimit, maxLimit].
     *
     * @param latencyNanos the call's latency (ignored when dropped)
     * @param dropped whether the call was dropped
     * @param inflight the calls in flight when the call finished, itself included
     */
    abstract int sample(long latencyNanos, boolean dropped, int inflight);

    final double clamp(double limit) {
        return Math.max(minLimit, Math.min(maxLimit, limit));
    }

    /** AIMD: +1 on success when at least half used, times backoffRatio on a drop or a timeout. */
    static final class AimdEstimator extends LimitEstimator {

        private final double backoffRatio;
        private final long timeoutNanos;
        private int limit;

        AimdEstimator(LimitAlgorithm.Aimd aimd, int minLimit, int maxLimit, int initialLimit) {
            super(minLimit, maxLimit);
            this.backoffRatio = aimd.backoffRatio();
            this.timeoutNanos = aimd.timeout().toNanos();
            this.limit = initialLimit;
        }

        @Override
        int sample(long latencyNanos, boolean dropped, int inflight) {
            if (dropped || latencyNanos > timeoutNanos) {
                limit = (int) clamp(Math.floor(limit * backoffRatio));
            } else if (2L * inflight >= limit) {
                limit = (int) clamp(limit + 1.0);
            }
            return limit;
        }
    }

    /** Gradient: compares each latency with a long-term exponential average. */
    static final class GradientEstimator extends LimitEstimator {

        private static final int WARMUP = 10;
        private static final double OVERLOADED_SLOWDOWN = 500.0;

        private final double tolerance;
        private final double smoothing;
        private final double longFactor;
        private final double overloadedFactor;
        private final int queueSize;
        private double estimate;
        private double longLatency;
        private long samples;

        GradientEstimator(LimitAlgorithm.Gradient gradient, int minLimit, int maxLimit, int initialLimit) {
            super(minLimit, maxLimit);
            this.tolerance = gradient.tolerance();
            this.smoothing = gradient.smoothing();
            this.longFactor = 2.0 / (gradient.longWindow() + 1);
            this.overloadedFactor = longFactor / OVERLOADED_SLOWDOWN;
            this.queueSize = gradient.queueSize();
            this.estimate = initialLimit;
        }

        @Override
        int sample(long latencyNanos, boolean dropped, int inflight) {
            double gradient;
            if (dropped) {
                gradient = 0.5;
            } else {
                double shortLatency = Math.max(1.0, (double) latencyNanos);
                // Judged against the average before this sample, so that learning it cannot hide it.
                double ratioBefore = tolerance * longLatency / shortLatency;
                samples++;
                boolean overloaded = samples > WARMUP && ratioBefore < 1.0;
                if (samples <= WARMUP) {
                    longLatency += (shortLatency - longLatency) / samples;
                } else if (overloaded) {
                    // Overloaded: learning this sample at the usual rate would raise the baseline
                    // until the overload looks normal and the limit climbs back (the drift reported
                    // against Gradient2Limit). Learn it 500 times more slowly instead.
                    longLatency += (shortLatency - longLatency) * overloadedFactor;
                } else {
                    // Written as a step towards the sample so that a steady latency stays exact.
                    longLatency += (shortLatency - longLatency) * longFactor;
                }
                if (longLatency / shortLatency > 2.0) {
                    longLatency *= 0.95;
                }
                if (inflight < estimate / 2) {
                    return (int) estimate;
                }
                gradient = overloaded
                        ? Math.max(0.5, ratioBefore)
                        : Math.max(0.5, Math.min(1.0, tolerance * longLatency / shortLatency));
            }
            // Headroom only while latency is within tolerance: added to a falling estimate it sets a
            // floor of queueSize / (1 - gradient), which under a mild overload is near the maximum.
            double next = gradient < 1.0 ? estimate * gradient : estimate + queueSize;
            // estimate x (1 - smoothing) + next x smoothing, written so that next == estimate is exact.
            estimate = clamp(estimate + (next - estimate) * smoothing);
            return (int) estimate;
        }

        /** The long-term average latency in nanoseconds (tests). */
        double longLatency() {
            return longLatency;
        }
    }
}
