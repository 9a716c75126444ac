package dev.nines.core.adaptivelimit;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AdaptiveLimiter} moves its limit after each sample: {@link Aimd} or
 * {@link Gradient}. Immutable values; each record checks its fields on construction and throws
 * {@link IllegalArgumentException} naming the field and the value.
 */
public sealed interface LimitAlgorithm {

    /**
     * Returns AIMD with its defaults: back off to 0.9 of the limit on a drop or on a latency above 5 s.
     *
     * @return the default AIMD algorithm
     */
    static Aimd aimd() {
        return new Aimd(0.9, Duration.ofSeconds(5));
    }

    /**
     * Returns the gradient algorithm with its defaults: tolerance 1.5, smoothing 0.2, a long-term
     * latency average over 600 samples and a queue allowance of 4.
     *
     * @return the default gradient algorithm
     */
    static Gradient gradient() {
        return new Gradient(1.5, 0.2, 600, 4);
    }

    /**
     * Additive increase, multiplicative decrease, as in Netflix's {@code AIMDLimit}: a successful
     * sample raises the limit by one when the limiter is at least half used (so an idle limiter does
     * not grow without evidence); a drop, or a latency above {@code timeout}, multiplies it by
     * {@code backoffRatio}.
     *
     * @param backoffRatio the factor applied on a drop, in (0, 1)
     * @param timeout latencies above it count as drops; positive
     */
    record Aimd(double backoffRatio, Duration timeout) implements LimitAlgorithm {

        /**
         * Checks the fields.
         *
         * @param backoffRatio the factor applied on a drop, in (0, 1)
         * @param timeout latencies above it count as drops; positive
         * @throws IllegalArgumentException if a field is out of range
         */
        public Aimd {
            Arguments.inOpen("backoffRatio", backoffRatio, 0, 1);
            Arguments.positive("timeout", timeout);
        }

        /**
         * Returns a copy with another back-off ratio.
         *
         * @param ratio in (0, 1)
         * @return the new algorithm
         */
        public Aimd withBackoffRatio(double ratio) {
            return new Aimd(ratio, timeout);
        }

        /**
         * Returns a copy with another timeout.
         *
         * @param newTimeout positive
         * @return the new algorithm
         */
        public Aimd withTimeout(Duration newTimeout) {
            return new Aimd(backoffRatio, Objects.requireNonNull(newTimeout, "timeout"));
        }
    }

    /**
     * The latency-gradient algorithm, after Netflix's {@code Gradient2Limit}. It keeps a long-term
     * exponential average of latency (a simple average over the first 10 samples) and compares each
     * sample with it: {@code gradient = clamp(tolerance * longLatency / sampleLatency, 0.5, 1)}.
     * While latency stays within {@code tolerance} of its long-term average (gradient 1) the new
     * limit is {@code limit + queueSize}; beyond it, {@code limit * gradient} (at most half). Either
     * is smoothed as {@code limit * (1 - smoothing) + new * smoothing}, so the limit grows by
     * {@code queueSize * smoothing} per sample while latency holds and falls while it does not.
     * When the long-term average is more than twice the sample, it decays by 5% so that the limiter
     * recovers quickly after a spell of overload. A drop counts as the steepest gradient (0.5).
     * Samples taken while fewer than half the limit's calls are in flight do not move the limit.
     *
     * <p><b>No drift under a long overload.</b> Netflix's {@code Gradient2Limit} learns every
     * sample into its long-term average, so during an overload that lasts a few windows the average
     * catches up with the high latency, the gradient returns to 1 and the limit climbs to its
     * maximum while the overload goes on (concurrency-limits issue #137, pull request #134). Here a
     * sample beyond tolerance is learned 500 times more slowly than one within it, and headroom is
     * added only at gradient 1 (added to a falling limit it would hold the limit near
     * {@code queueSize / (1 - gradient)}). A latency held at three times its baseline keeps the
     * limit at {@code minLimit} for about {@code 170 * longWindow} samples (100,000 with the
     * defaults) before the average accepts it as the new normal. The trade-off: a dependency that
     * becomes slower for good is treated as overloaded for that long; an overload that lasts longer
     * than that lets the limit grow again.
     *
     * @param tolerance how much latency may rise above its long-term average before the limit falls; at least 1
     * @param smoothing the weight of each new estimate, in (0, 1]
     * @param longWindow the number of samples of the long-term average; at least 1
     * @param queueSize the headroom added to the limit at each sample; at least 0
     */
    record Gradient(double tolerance, double smoothing, int longWindow, int queueSize) implements LimitAlgorithm {

        /**
         * Checks the fields.
         *
         * @param tolerance at least 1
         * @param smoothing in (0, 1]
         * @param longWindow at least 1
         * @param queueSize at least 0
         * @throws IllegalArgumentException if a field is out of range
         */
        public Gradient {
            Arguments.atLeast("tolerance", tolerance, 1.0);
            Arguments.inOpenClosed("smoothing", smoothing, 0, 1);
            Arguments.atLeast("longWindow", longWindow, 1);
            Arguments.atLeast("queueSize", queueSize, 0);
        }

        /**
         * Returns a copy with another tolerance.
         *
         * @param newTolerance at least 1
         * @return the new algorithm
         */
        public Gradient withTolerance(double newTolerance) {
            return new Gradient(newTolerance, smoothing, longWindow, queueSize);
        }

        /**
         * Returns a copy with another smoothing.
         *
         * @param newSmoothing in (0, 1]
         * @return the new algorithm
         */
        public Gradient withSmoothing(double newSmoothing) {
            return new Gradient(tolerance, newSmoothing, longWindow, queueSize);
        }

        /**
         * Returns a copy with another long-term window.
         *
         * @param newLongWindow at least 1
         * @return the new algorithm
         */
        public Gradient withLongWindow(int newLongWindow) {
            return new Gradient(tolerance, smoothing, newLongWindow, queueSize);
        }

        /**
         * Returns a copy with another queue allowance.
         *
         * @param newQueueSize at least 0
         * @return the new algorithm
         */
        public Gradient withQueueSize(int newQueueSize) {
            return new Gradient(tolerance, smoothing, longWindow, newQueueSize);
        }
    }
}
