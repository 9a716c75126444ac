package dev.nines.core.retry;

import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * How a synchronous {@link Retry} waits between attempts.
 *
 * <p>{@link #parking(TimeSource)} (the default) parks the calling thread until the time source's
 * monotonic clock has advanced by the wait; it does not pin virtual threads. Tests with a
 * {@code ManualTimeSource} inject a sleeper that advances the clock instead:
 *
 * <pre>{@code
 * ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
 * Retry retry = Retry.of("backend", config, time, time::advanceNanos);
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for {@code nanos} nanoseconds.
     *
     * @param nanos the wait, zero or more (zero returns at once)
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleep(long nanos) throws InterruptedException;

    /**
     * Returns a sleeper that parks the calling thread until {@code timeSource.nanoTime()} has
     * advanced by the requested wait. With a time source that a test advances by hand, the thread
     * waits until the test advances it.
     *
     * @param timeSource the clock that decides when the wait is over
     * @return a parking sleeper
     */
    static Sleeper parking(TimeSource timeSource) {
        Objects.requireNonNull(timeSource, "timeSource");
        return nanos -> {
            long deadline = timeSource.nanoTime() + nanos;
            long remaining = nanos;
            while (remaining > 0) {
                LockSupport.parkNanos(remaining);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting to retry");
                }
                remaining = deadline - timeSource.nanoTime();
            }
        };
    }
}
