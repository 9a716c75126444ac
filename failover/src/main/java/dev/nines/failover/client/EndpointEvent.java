package dev.nines.failover.client;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A change in an {@link EndpointRouter}'s rotation, published to the listeners registered with
 * {@link EndpointRouter#onEvent(java.util.function.Consumer)}.
 *
 * @param router the router name
 * @param endpointId the endpoint
 * @param type what happened
 * @param time when it happened, by the router's time source; for a periodic failback, the failback
 *     check at which the endpoint came back (the event is published by the first call after it)
 * @param detail a short explanation, e.g. which policy failed the endpoint back, or the figures that
 *     made an endpoint an outlier
 * @param ejectionReason for {@link Type#EJECTED} and {@link Type#UNEJECTED}, the detector that ejected
 *     the endpoint; empty otherwise
 */
public record EndpointEvent(
        String router,
        String endpointId,
        Type type,
        Instant time,
        String detail,
        Optional<EjectionReason> ejectionReason) {

    /** What happened to the endpoint. */
    public enum Type {
        /** It was marked down and left the rotation. */
        MARKED_DOWN,
        /** It was marked up; it returns to the rotation according to the failback policy. */
        MARKED_UP,
        /** It returned to the rotation (failback). */
        FAILED_BACK,
        /** Outlier detection ejected it from the rotation for a while. */
        EJECTED,
        /** Its ejection time was up and an outlier analysis returned it to the rotation. */
        UNEJECTED
    }

    /** Checks the fields. */
    public EndpointEvent {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(ejectionReason, "ejectionReason");
    }

    /**
     * Creates an event without an ejection reason.
     *
     * @param router the router name
     * @param endpointId the endpoint
     * @param type what happened
     * @param time when it happened
     * @param detail a short explanation
     */
    public EndpointEvent(String router, String endpointId, Type type, Instant time, String detail) {
        this(router, endpointId, type, time, detail, Optional.empty());
    }
}
