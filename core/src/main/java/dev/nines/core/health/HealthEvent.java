package dev.nines.core.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Events published by a {@link HealthRegistry} to listeners registered with
 * {@link HealthRegistry#onEvent(java.util.function.Consumer)}. Events are built only when someone
 * listens. Sealed, so a {@code switch} over the records is exhaustive.
 */
public sealed interface HealthEvent {

    /**
     * Returns the name of the check or group the event is about.
     *
     * @return the name
     */
    String name();

    /**
     * A check was registered.
     *
     * @param name the check name
     * @param config its configuration
     */
    record CheckRegistered(String name, HealthCheckConfig config) implements HealthEvent {
        /**
         * Checks the components.
         *
         * @param name the check name
         * @param config its configuration
         */
        public CheckRegistered {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(config, "config");
        }
    }

    /**
     * A check was unregistered.
     *
     * @param name the check name
     */
    record CheckUnregistered(String name) implements HealthEvent {
        /**
         * Checks the components.
         *
         * @param name the check name
         */
        public CheckUnregistered {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * One run of a check finished (including by timeout or exception).
     *
     * @param name the check name
     * @param result the raw result of this run, before thresholds
     * @param reported the status the check reports after thresholds
     */
    record CheckCompleted(String name, HealthResult result, HealthStatus reported) implements HealthEvent {
        /**
         * Checks the components.
         *
         * @param name the check name
         * @param result the raw result
         * @param reported the reported status
         */
        public CheckCompleted {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(reported, "reported");
        }
    }

    /**
     * The status a check reports changed (after thresholds, or by expiry of a cached result).
     *
     * @param name the check name
     * @param from the previous status ({@code UNKNOWN} before the first result)
     * @param to the new status
     * @param result the result now reported
     */
    record CheckStatusChanged(String name, HealthStatus from, HealthStatus to, HealthResult result)
            implements HealthEvent {
        /**
         * Checks the components.
         *
         * @param name the check name
         * @param from the previous status
         * @param to the new status
         * @param result the result now reported
         */
        public CheckStatusChanged {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The aggregated status of a group changed between two evaluations.
     *
     * @param name the group name
     * @param from the previous status ({@code UNKNOWN} before the first evaluation)
     * @param to the new status
     * @param at when the evaluation finished
     */
    record GroupStatusChanged(String name, HealthStatus from, HealthStatus to, Instant at) implements HealthEvent {
        /**
         * Checks the components.
         *
         * @param name the group name
         * @param from the previous status
         * @param to the new status
         * @param at when the evaluation finished
         */
        public GroupStatusChanged {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * One run of a synthetic transaction finished; an SLO tracker can count these as events of a
     * synthetic SLI.
     *
     * @param name the synthetic check name
     * @param success whether the transaction completed within its timeout without throwing
     * @param latency how long it took (up to the timeout)
     * @param at when it ran
     * @param failure what went wrong, if it failed
     */
    record SyntheticOutcome(String name, boolean success, Duration latency, Instant at, Optional<String> failure)
            implements HealthEvent {
        /**
         * Checks the components.
         *
         * @param name the synthetic check name
         * @param success whether it succeeded
         * @param latency how long it took
         * @param at when it ran
         * @param failure what went wrong, or empty
         */
        public SyntheticOutcome {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(latency, "latency");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(failure, "failure");
        }
    }
}
