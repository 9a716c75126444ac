package dev.nines.failover.client;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * When an endpoint that was marked down and then up again receives traffic again.
 *
 * @param mode the mode
 * @param interval for {@link Mode#PERIODIC}, the period of the failback checks; zero otherwise
 */
public record FailbackPolicy(Mode mode, Duration interval) {

    /** The failback modes. */
    public enum Mode {
        /** At once when marked up. */
        AUTOMATIC,
        /** Only when an operator calls {@link EndpointRouter#failback(String)}. */
        MANUAL,
        /** At the next failback check; checks happen every {@code interval} from the router's start. */
        PERIODIC
    }

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if a periodic interval is not positive, or another mode has one
     */
    public FailbackPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(interval, "interval");
        if (mode == Mode.PERIODIC) {
            Arguments.positive("interval", interval);
        } else if (!interval.isZero()) {
            throw new IllegalArgumentException("interval must be zero for " + mode + ", was " + interval);
        }
    }

    /**
     * Returns the automatic policy.
     *
     * @return endpoints are used again as soon as they are marked up
     */
    public static FailbackPolicy automatic() {
        return new FailbackPolicy(Mode.AUTOMATIC, Duration.ZERO);
    }

    /**
     * Returns the manual policy.
     *
     * @return endpoints are used again only after an explicit failback
     */
    public static FailbackPolicy manual() {
        return new FailbackPolicy(Mode.MANUAL, Duration.ZERO);
    }

    /**
     * Returns the periodic policy.
     *
     * @param interval the period of failback checks, positive
     * @return recovered endpoints are used again at the next check
     */
    public static FailbackPolicy periodic(Duration interval) {
        return new FailbackPolicy(Mode.PERIODIC, interval);
    }
}
