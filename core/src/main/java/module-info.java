/**
 * Nines core: resilience primitives on a lock-free hot path, health checks, and the injected
 * {@link dev.nines.core.time.TimeSource}.
 *
 * <p>Every package is exported except {@code dev.nines.core.internal}, which only the sibling
 * modules {@code dev.nines.slo}, {@code dev.nines.failover} and {@code dev.nines.capacity} may read:
 * on the module path an application cannot import it. The jar also works on the class path, where
 * no module boundary applies; {@code internal} is not API there either and may change in any
 * release. Micrometer and Caffeine are optional ({@code requires static}): add them to use the
 * binders or the stale cache. Every package is {@code @NullMarked} (JSpecify): nothing is null
 * unless annotated {@code @Nullable}.
 */
module dev.nines.core {
    requires org.slf4j;
    // The nullness annotations: read by checkers at compile time, not needed at run time.
    requires static org.jspecify;
    requires static micrometer.core;
    requires static com.github.benmanes.caffeine;

    exports dev.nines.core.access;
    exports dev.nines.core.adaptivelimit;
    exports dev.nines.core.bulkhead;
    exports dev.nines.core.chaos;
    exports dev.nines.core.circuitbreaker;
    exports dev.nines.core.event;
    exports dev.nines.core.fallback;
    exports dev.nines.core.hedge;
    exports dev.nines.core.health;
    exports dev.nines.core.micrometer;
    exports dev.nines.core.pipeline;
    exports dev.nines.core.policy;
    exports dev.nines.core.ratelimit;
    exports dev.nines.core.registry;
    exports dev.nines.core.retry;
    exports dev.nines.core.time;
    exports dev.nines.core.timelimit;
    exports dev.nines.core.internal to
            dev.nines.slo,
            dev.nines.failover,
            dev.nines.capacity;
}
