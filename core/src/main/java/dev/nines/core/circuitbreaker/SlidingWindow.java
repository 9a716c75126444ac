package dev.nines.core.circuitbreaker;

import java.util.concurrent.atomic.LongAdder;

/**
 * The outcomes recorded in one state of a breaker, and the threshold rule applied to them.
 *
 * <p>{@link #record(int)} returns one of the {@code RESULT_*} codes; subclasses are lock-free on
 * the recording path.
 */
abstract class SlidingWindow {

    static final int SUCCESS = 1;
    static final int FAILURE = 2;
    static final int SLOW_SUCCESS = 3;
    static final int SLOW_FAILURE = 4;

    /**
     * Nothing to decide: the window did not change (a full ring overwrote an equal outcome), or it
     * is full and the outcome was a success, which cannot raise either rate.
     */
    static final int RESULT_UNCHANGED = 0;

    static final int RESULT_BELOW_MINIMUM_CALLS = 1;
    static final int RESULT_BELOW_THRESHOLDS = 2;
    static final int RESULT_FAILURE_RATE_EXCEEDED = 3;
    static final int RESULT_SLOW_CALL_RATE_EXCEEDED = 4;
    static final int RESULT_BOTH_EXCEEDED = 5;

    /** The threshold rule's parameters, replaced as a whole when the breaker is reconfigured. */
    record Thresholds(int minimumNumberOfCalls, float failureRateThreshold, float slowCallRateThreshold) {}

    private final LongAdder notPermitted = new LongAdder();
    // Read once per evaluation; a reconfiguration swaps it without touching the recorded outcomes.
    private volatile Thresholds thresholds;

    /**
     * A window of the last {@code size} calls: {@link PrefixCountWindow} (one atomic add per outcome)
     * up to its largest size, the ring of {@link CountWindow} beyond.
     */
    static SlidingWindow countBased(
            int size, int minimumNumberOfCalls, float failureRateThreshold, float slowCallRateThreshold) {
        return size <= PrefixCountWindow.MAX_SIZE
                ? new PrefixCountWindow(size, minimumNumberOfCalls, failureRateThreshold, slowCallRateThreshold)
                : new CountWindow(size, minimumNumberOfCalls, failureRateThreshold, slowCallRateThreshold);
    }

    SlidingWindow(int minimumNumberOfCalls, float failureRateThreshold, float slowCallRateThreshold) {
        this.thresholds = new Thresholds(minimumNumberOfCalls, failureRateThreshold, slowCallRateThreshold);
    }

    /** Applies new thresholds to the outcomes already recorded and to those to come. */
    final void retune(Thresholds next) {
        thresholds = next;
    }

    final Thresholds thresholds() {
        return thresholds;
    }

    /** Returns the threshold decision for the outcomes in the window now. */
    final int evaluateNow() {
        long[] c = new long[4];
        counts(c);
        return evaluate(c[0], c[1], c[2]);
    }

    static boolean exceeded(int result) {
        return result >= RESULT_FAILURE_RATE_EXCEEDED;
    }

    static boolean isFailure(int outcome) {
        return outcome == FAILURE || outcome == SLOW_FAILURE;
    }

    static boolean isSlow(int outcome) {
        return outcome >= SLOW_SUCCESS;
    }

    /** Records one outcome and returns the threshold decision for the window that results. */
    abstract int record(int outcome);

    /** Returns calls, failed, slow and slow failed calls currently in the window. */
    abstract void counts(long[] into);

    final void onCallNotPermitted() {
        notPermitted.increment();
    }

    /** The threshold rule of resilience4j, in the same float arithmetic so that edge cases agree. */
    final int evaluate(long calls, long failed, long slow) {
        Thresholds t = thresholds;
        if (calls <= 0 || calls < t.minimumNumberOfCalls) {
            return RESULT_BELOW_MINIMUM_CALLS;
        }
        boolean failureExceeded = failed * 100.0f / calls >= t.failureRateThreshold;
        boolean slowExceeded = slow * 100.0f / calls >= t.slowCallRateThreshold;
        if (failureExceeded) {
            return slowExceeded ? RESULT_BOTH_EXCEEDED : RESULT_FAILURE_RATE_EXCEEDED;
        }
        return slowExceeded ? RESULT_SLOW_CALL_RATE_EXCEEDED : RESULT_BELOW_THRESHOLDS;
    }

    final float rate(long calls, long part) {
        return calls <= 0 || calls < thresholds.minimumNumberOfCalls ? -1f : part * 100.0f / calls;
    }

    final CircuitBreaker.Metrics snapshot() {
        long[] c = new long[4];
        counts(c);
        long calls = c[0];
        return new CircuitBreaker.Metrics(
                rate(calls, c[1]), rate(calls, c[2]), calls, c[1], c[2], c[3], notPermitted.sum());
    }
}
