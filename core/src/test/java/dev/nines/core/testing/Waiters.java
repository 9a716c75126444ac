package dev.nines.core.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Coordinates a test with threads that block in a policy: waits until a condition holds, bounded by
 * a generous assertion timeout so that a defect fails the test instead of hanging it. The bound is
 * a safety net on a loaded machine, never what a test measures; nothing sleeps.
 */
public final class Waiters {

    /** How long a test waits for a thread to reach the state it expects before failing. */
    public static final long TIMEOUT_SECONDS = 30;

    private Waiters() {}

    /**
     * Waits until {@code condition} holds.
     *
     * @param what what is awaited, for the failure message
     * @param condition the condition, polled
     * @throws AssertionError if it does not hold within {@link #TIMEOUT_SECONDS}
     */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + TIMEOUT_SECONDS + " s: " + what);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Waits until {@code thread} is blocked: parked or waiting on a condition, with or without a
     * timeout.
     *
     * @param thread the thread
     * @throws AssertionError if it does not block within {@link #TIMEOUT_SECONDS}
     */
    public static void blocked(Thread thread) {
        until(thread.getName() + " blocked", () -> {
            Thread.State state = thread.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        });
    }
}
