package dev.nines.core.bulkhead;

import java.time.Instant;

/**
 * An event published by a {@link Bulkhead}: a call was permitted, rejected or finished.
 *
 * <p>Events are built only when someone listens (see {@link Bulkhead#onEvent}).
 */
public sealed interface BulkheadEvent {

    /**
     * Returns the name of the bulkhead that published the event.
     *
     * @return the bulkhead name
     */
    String bulkheadName();

    /**
     * Returns when the event happened, read from the bulkhead's {@code TimeSource}.
     *
     * @return the wall-clock time of the event
     */
    Instant creationTime();

    /**
     * A call obtained a permit.
     *
     * @param bulkheadName the bulkhead name
     * @param creationTime when the permit was granted
     */
    record CallPermitted(String bulkheadName, Instant creationTime) implements BulkheadEvent {}

    /**
     * A call was rejected: no permit was free within the allowed wait.
     *
     * @param bulkheadName the bulkhead name
     * @param creationTime when the call was rejected
     */
    record CallRejected(String bulkheadName, Instant creationTime) implements BulkheadEvent {}

    /**
     * A permitted call finished and returned its permit through {@link Bulkhead#onComplete()}.
     *
     * @param bulkheadName the bulkhead name
     * @param creationTime when the call finished
     */
    record CallFinished(String bulkheadName, Instant creationTime) implements BulkheadEvent {}

    /**
     * The bulkhead's configuration was replaced ({@link Bulkhead#reconfigure}).
     *
     * @param bulkheadName the bulkhead's name
     * @param creationTime when it happened
     * @param oldConfig the configuration before
     * @param newConfig the configuration now in force
     */
    record ConfigurationChanged(
            String bulkheadName, Instant creationTime, BulkheadConfig oldConfig, BulkheadConfig newConfig)
            implements BulkheadEvent {}
}
