package dev.nines.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} that moves only when told to: tests and simulations advance it by hand.
 *
 * <p>The monotonic clock and the wall clock move together: after {@code advance(d)} both
 * {@link #nanoTime()} and {@link #now()} are exactly {@code d} later. Time never moves backwards;
 * a negative advance, or a target instant before the current one, is rejected with an
 * {@link IllegalArgumentException} and the clock is left as it was.
 *
 * <p>Thread-safe and lock-free: both clocks are derived from one atomic count of elapsed
 * nanoseconds, so every reader sees a consistent pair and concurrent advances add up exactly.
 *
 * <pre>{@code
 * ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
 * CircuitBreaker breaker = CircuitBreaker.of("payments", config, time);
 * time.advance(Duration.ofSeconds(60)); // the open wait elapses without sleeping
 * }</pre>
 */
public final class ManualTimeSource implements TimeSource {

    private final Instant start;
    private final long nanoOrigin;
    private final AtomicLong elapsedNanos = new AtomicLong();

    private ManualTimeSource(Instant start, long nanoOrigin) {
        this.start = start;
        this.nanoOrigin = nanoOrigin;
    }

    /**
     * Creates a manual time source whose wall clock reads {@code start} and whose monotonic clock
     * reads {@code 0}.
     *
     * @param start the initial wall-clock instant
     * @return a new manual time source
     */
    public static ManualTimeSource at(Instant start) {
        return at(start, 0L);
    }

    /**
     * Creates a manual time source whose wall clock reads {@code start} and whose monotonic clock
     * reads {@code nanoOrigin}. A negative or large origin helps show that code only uses
     * differences of {@link #nanoTime()}, as the JDK requires.
     *
     * @param start the initial wall-clock instant
     * @param nanoOrigin the initial monotonic reading, in nanoseconds
     * @return a new manual time source
     */
    public static ManualTimeSource at(Instant start, long nanoOrigin) {
        Objects.requireNonNull(start, "start");
        return new ManualTimeSource(start, nanoOrigin);
    }

    /**
     * Moves both clocks forward by {@code duration}.
     *
     * @param duration how far to move; zero is allowed
     * @return this time source
     * @throws IllegalArgumentException if {@code duration} is negative or too large to represent
     */
    public ManualTimeSource advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration must fit in a long of nanoseconds, was " + duration, e);
        }
        return advanceNanos(nanos);
    }

    /**
     * Moves both clocks forward by {@code nanos} nanoseconds.
     *
     * @param nanos how far to move, in nanoseconds; zero is allowed
     * @return this time source
     * @throws IllegalArgumentException if {@code nanos} is negative or the clock would overflow
     */
    public ManualTimeSource advanceNanos(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("nanos must not be negative, was " + nanos);
        }
        long current;
        long next;
        do {
            current = elapsedNanos.get();
            next = current + nanos;
            if (next < current) {
                throw new IllegalArgumentException(
                        "nanos would overflow the clock: elapsed " + current + " ns, advance was " + nanos + " ns");
            }
        } while (!elapsedNanos.compareAndSet(current, next));
        return this;
    }

    /**
     * Moves both clocks forward so that the wall clock reads {@code target}.
     *
     * @param target the instant to move to; equal to {@link #now()} is allowed
     * @return this time source
     * @throws IllegalArgumentException if {@code target} is before {@link #now()}
     */
    public ManualTimeSource advanceTo(Instant target) {
        Objects.requireNonNull(target, "target");
        long current;
        long next;
        do {
            current = elapsedNanos.get();
            Instant now = start.plusNanos(current);
            if (target.isBefore(now)) {
                throw new IllegalArgumentException("target must not be before now (" + now + "), was " + target);
            }
            try {
                next = Math.addExact(current, Duration.between(now, target).toNanos());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("target is too far ahead to represent, was " + target, e);
            }
        } while (!elapsedNanos.compareAndSet(current, next));
        return this;
    }

    /**
     * Returns how far this source has been advanced since it was created.
     *
     * @return the elapsed time
     */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos.get());
    }

    @Override
    public long nanoTime() {
        return nanoOrigin + elapsedNanos.get();
    }

    @Override
    public Instant now() {
        return start.plusNanos(elapsedNanos.get());
    }

    @Override
    @SuppressWarnings("JavaInstantGetSecondsGetNano") // only the sub-millisecond part of start is wanted here
    public long currentTimeMillis() {
        long elapsed = elapsedNanos.get();
        return start.toEpochMilli() + Math.floorDiv(start.getNano() % 1_000_000 + elapsed, 1_000_000L);
    }

    @Override
    public String toString() {
        return "ManualTimeSource[now=" + now() + ", nanoTime=" + nanoTime() + "]";
    }
}
