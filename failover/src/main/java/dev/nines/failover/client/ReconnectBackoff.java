package dev.nines.failover.client;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Reconnection backoff with full jitter: the wait before attempt {@code n} (from 0) is uniform in
 * {@code [0, min(cap, base * 2^n)]}, which spreads reconnecting clients out after a failover instead
 * of letting them return in waves. Seedable, so tests and simulations are repeatable.
 *
 * <p>Thread-safe (the random generator is guarded; no blocking inside).
 *
 * <pre>{@code
 * ReconnectBackoff backoff = ReconnectBackoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(30));
 * long waitNanos = backoff.delayNanos(attempt);
 * }</pre>
 */
public final class ReconnectBackoff {

    private final long baseNanos;
    private final long capNanos;
    private final SplittableRandom random;

    private ReconnectBackoff(long baseNanos, long capNanos, SplittableRandom random) {
        this.baseNanos = baseNanos;
        this.capNanos = capNanos;
        this.random = random;
    }

    /**
     * Returns a full-jitter backoff with a random seed.
     *
     * @param base the ceiling of the first wait, positive
     * @param cap the largest ceiling, at least {@code base}
     * @return a new backoff
     */
    public static ReconnectBackoff fullJitter(Duration base, Duration cap) {
        return fullJitter(base, cap, new SplittableRandom().nextLong());
    }

    /**
     * Returns a full-jitter backoff whose waits are determined by {@code seed}.
     *
     * @param base the ceiling of the first wait, positive
     * @param cap the largest ceiling, at least {@code base}
     * @param seed the random seed
     * @return a new backoff
     * @throws IllegalArgumentException if {@code base} is not positive or {@code cap} below it
     */
    public static ReconnectBackoff fullJitter(Duration base, Duration cap, long seed) {
        Arguments.positive("base", base);
        Arguments.positive("cap", cap);
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap must be at least base " + base + ", was " + cap);
        }
        return new ReconnectBackoff(base.toNanos(), cap.toNanos(), new SplittableRandom(seed));
    }

    /**
     * Returns the ceiling of the wait before attempt {@code attempt}: {@code min(cap, base * 2^attempt)}.
     *
     * @param attempt the attempt number, from 0
     * @return the ceiling in nanoseconds
     */
    public long ceilingNanos(int attempt) {
        Arguments.atLeast("attempt", attempt, 0);
        if (attempt >= 62 || baseNanos > (capNanos >> Math.min(attempt, 62))) {
            return capNanos;
        }
        return Math.min(capNanos, baseNanos << attempt);
    }

    /**
     * Returns a random wait before attempt {@code attempt}, uniform in {@code [0, ceiling]}.
     *
     * @param attempt the attempt number, from 0
     * @return the wait in nanoseconds
     */
    public long delayNanos(int attempt) {
        long ceiling = ceilingNanos(attempt);
        synchronized (random) {
            return ceiling == Long.MAX_VALUE ? random.nextLong(ceiling) : random.nextLong(ceiling + 1);
        }
    }

    /**
     * Returns {@link #delayNanos(int)} as a duration.
     *
     * @param attempt the attempt number, from 0
     * @return the wait
     */
    public Duration delay(int attempt) {
        return Duration.ofNanos(delayNanos(attempt));
    }
}
