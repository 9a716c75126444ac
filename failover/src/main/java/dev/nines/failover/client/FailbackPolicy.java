package dev.nines.failover.client;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * When an endpoint that was marked down and then up again receives traffic again.
 *
 * <p>A recovered endpoint must first stay up for the {@code grace} period: marking it down again
 * during the grace restarts the wait, so a flapping endpoint is not put back into rotation between
 * two failures. Once the grace has passed it fails back according to the mode: at once
 * ({@link Mode#AUTOMATIC}), at the next failback check ({@link Mode#PERIODIC}), or only when an
 * operator calls {@link EndpointRouter#failback(String)} ({@link Mode#MANUAL}, which ignores the
 * grace: the operator decides). The router publishes an {@link EndpointEvent.Type#FAILED_BACK} event
 * when it happens.
 *
 * <p>Defaults: {@link #automatic()} has no grace; {@link #periodic(Duration)} has a grace of one
 * interval, so an endpoint that recovers just before a check is not failed back at that check but
 * only after it has been up for a whole interval. Change either with {@link #withGrace(Duration)}.
 *
 * <pre>{@code
 * FailbackPolicy policy = FailbackPolicy.periodic(Duration.ofSeconds(30)).withGrace(Duration.ofMinutes(2));
 * }</pre>
 *
 * @param mode the mode
 * @param interval for {@link Mode#PERIODIC}, the period of the failback checks; zero otherwise
 * @param grace how long a recovered endpoint must stay up before it can fail back; zero or more
 */
public record FailbackPolicy(Mode mode, Duration interval, Duration grace) {

    /** The failback modes. */
    public enum Mode {
        /** As soon as the endpoint has been up for the grace period. */
        AUTOMATIC,
        /** Only when an operator calls {@link EndpointRouter#failback(String)}. */
        MANUAL,
        /**
         * At the first failback check after the grace period; checks happen every {@code interval}
         * from the router's start.
         */
        PERIODIC
    }

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if a periodic interval is not positive, another mode has one,
     *     or the grace is negative or does not fit in a {@code long} of nanoseconds
     */
    public FailbackPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(grace, "grace");
        if (mode == Mode.PERIODIC) {
            Arguments.positive("interval", interval);
            Arguments.fitsInNanos("interval", interval);
        } else if (!interval.isZero()) {
            throw new IllegalArgumentException("interval must be zero for " + mode + ", was " + interval);
        }
        Arguments.notNegative("grace", grace);
        Arguments.fitsInNanos("grace", grace);
    }

    /**
     * Returns the automatic policy, with no grace.
     *
     * @return endpoints are used again as soon as they are marked up
     */
    public static FailbackPolicy automatic() {
        return new FailbackPolicy(Mode.AUTOMATIC, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Returns the manual policy.
     *
     * @return endpoints are used again only after an explicit failback
     */
    public static FailbackPolicy manual() {
        return new FailbackPolicy(Mode.MANUAL, Duration.ZERO, Duration.ZERO);
    }

    /**
     * Returns the periodic policy, with a grace of one interval.
     *
     * @param interval the period of failback checks, positive
     * @return recovered endpoints are used again at the first check after they have been up for an
     *     interval
     */
    public static FailbackPolicy periodic(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        return new FailbackPolicy(Mode.PERIODIC, interval, interval.isNegative() ? Duration.ZERO : interval);
    }

    /**
     * Returns this policy with another grace period.
     *
     * @param grace how long a recovered endpoint must stay up before it can fail back; zero or more
     * @return a copy with the grace
     * @throws IllegalArgumentException if the grace is negative or too long for nanoseconds
     */
    public FailbackPolicy withGrace(Duration grace) {
        return new FailbackPolicy(mode, interval, grace);
    }
}
