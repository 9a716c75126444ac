package dev.nines.core.fallback;

import dev.nines.core.internal.Arguments;
import java.time.Duration;

/**
 * The time-to-live of one {@link StaleCache} entry: fresh for {@code freshTtl} after it is
 * stored, then usable as a stale answer to a failed call for {@code staleTtl} more.
 *
 * <pre>{@code
 * // Prices of volatile products go stale sooner.
 * StaleCache<String, Price> prices = StaleCache.of("prices", config, time,
 *         (sku, price) -> price.isVolatile()
 *                 ? new EntryTtl(Duration.ofSeconds(2), Duration.ofMinutes(1))
 *                 : new EntryTtl(Duration.ofMinutes(5), Duration.ofHours(1)));
 * }</pre>
 *
 * @param freshTtl how long the entry is served without calling, positive
 * @param staleTtl how long after that it may answer a failed call, zero or more
 */
public record EntryTtl(Duration freshTtl, Duration staleTtl) {

    /**
     * Checks the durations.
     *
     * @param freshTtl positive
     * @param staleTtl zero or more
     * @throws IllegalArgumentException if out of range or if their sum overflows a long of nanoseconds
     */
    public EntryTtl {
        Arguments.positive("freshTtl", freshTtl);
        Arguments.notNegative("staleTtl", staleTtl);
        try {
            long unused = freshTtl.plus(staleTtl).toNanos(); // called for its ArithmeticException
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "freshTtl + staleTtl must fit in a long of nanoseconds (about 292 years), was " + freshTtl + " + "
                            + staleTtl,
                    e);
        }
    }
}
