package dev.nines.core.time;

import java.time.Instant;

/**
 * The source of time for every Nines component: a monotonic clock for measuring durations and a
 * wall clock for timestamps.
 *
 * <p>Nothing in Nines calls {@link System#nanoTime()} or {@link Instant#now()} directly; each
 * component takes a {@code TimeSource} so that tests (ours and yours) can drive time by hand with
 * a {@link ManualTimeSource} instead of sleeping.
 *
 * <p>The two clocks have different contracts, as in the JDK:
 * <ul>
 *   <li>{@link #nanoTime()} only ever moves forward and is meaningful only as a difference between
 *       two readings of the same source (its origin is arbitrary and may be negative);</li>
 *   <li>{@link #now()} and {@link #currentTimeMillis()} are wall-clock readings that may, for the
 *       system source, jump when the host clock is adjusted.</li>
 * </ul>
 *
 * <p>Implementations must be thread-safe. Reading either clock must not allocate on the hot path,
 * except {@link #now()}, which returns a new {@link Instant}; use {@link #currentTimeMillis()} where
 * allocation matters.
 *
 * <pre>{@code
 * TimeSource time = TimeSource.system();
 * long start = time.nanoTime();
 * callSomething();
 * long elapsedNanos = time.nanoTime() - start;
 * }</pre>
 */
public interface TimeSource {

    /**
     * Returns the current value of the monotonic clock, in nanoseconds from an arbitrary origin.
     *
     * @return monotonic nanoseconds; only differences between readings are meaningful
     */
    long nanoTime();

    /**
     * Returns the current wall-clock time.
     *
     * @return the current instant
     */
    Instant now();

    /**
     * Returns the current wall-clock time in milliseconds since the epoch, without allocating.
     *
     * @return milliseconds since 1970-01-01T00:00:00Z
     */
    default long currentTimeMillis() {
        return now().toEpochMilli();
    }

    /**
     * Returns the time source backed by the JVM's clocks ({@link System#nanoTime()} and the system
     * UTC clock).
     *
     * @return the shared system time source
     */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}
