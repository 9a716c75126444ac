package dev.nines.slo;

import dev.nines.core.internal.Arguments;
import java.time.Duration;

/**
 * A service level indicator: how a recorded event is judged good or bad.
 *
 * <ul>
 *   <li>{@link #requestRatio()}: the caller says whether each event was good
 *       ({@code recordGood()} / {@code recordBad()}); the SLI is good / (good + bad).</li>
 *   <li>{@link #latency(Duration)}: the caller records each latency; an event is good when it took
 *       at most the threshold (and did not fail); the latency also feeds a percentile histogram.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Sli availability = Sli.requestRatio();
 * Sli fast = Sli.latency(Duration.ofMillis(300));   // good when <= 300 ms
 * }</pre>
 */
public sealed interface Sli permits Sli.RequestRatio, Sli.LatencyThreshold {

    /**
     * Returns the request-ratio SLI: good events over all events.
     *
     * @return the SLI
     */
    static Sli requestRatio() {
        return RequestRatio.INSTANCE;
    }

    /**
     * Returns the latency SLI: an event is good when it took at most {@code threshold}.
     *
     * @param threshold the slowest good latency, positive
     * @return the SLI
     * @throws IllegalArgumentException if {@code threshold} is zero or negative
     */
    static Sli latency(Duration threshold) {
        return new LatencyThreshold(threshold);
    }

    /** Good events over all events, as judged by the caller. */
    final class RequestRatio implements Sli {
        static final RequestRatio INSTANCE = new RequestRatio();

        private RequestRatio() {}

        @Override
        public String toString() {
            return "RequestRatio";
        }
    }

    /**
     * Events at most {@code threshold} slow (and not failed) over all events.
     *
     * @param threshold the slowest good latency, positive
     */
    record LatencyThreshold(Duration threshold) implements Sli {
        /**
         * Validates the threshold.
         *
         * @param threshold the slowest good latency, positive
         */
        public LatencyThreshold {
            Arguments.positive("threshold", threshold);
        }
    }
}
