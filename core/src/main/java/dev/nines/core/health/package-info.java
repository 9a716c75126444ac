/**
 * Health checks, readiness and liveness probes that reflect what the service can really do.
 *
 * <p>A {@link dev.nines.core.health.HealthCheck} returns a {@link dev.nines.core.health.HealthResult};
 * a {@link dev.nines.core.health.HealthRegistry} runs checks with timeouts on the caller's executor,
 * caches background results (which expire when the checker stops), applies Kubernetes-style
 * thresholds so probes do not flap, aggregates checks into groups, gates liveness and readiness on
 * startup, and keeps a fleet-wide dependency outage from removing every instance.
 * {@link dev.nines.core.health.CapabilityChecks} turns breaker, bulkhead and failure-rate state into
 * readiness; {@link dev.nines.core.health.HealthJson} and
 * {@link dev.nines.core.health.HttpStatusMapping} serve a probe endpoint without a JSON library.
 *
 * <h2>Liveness, readiness, startup</h2>
 * <ul>
 *   <li><b>Liveness</b>: "restart me if this fails". Only the process's own ability to make progress
 *       (deadlock, stuck event loop, exhausted memory that will not recover). Never dependencies:
 *       restarting every instance because a database is down makes the outage worse.</li>
 *   <li><b>Readiness</b>: "send me traffic only if this passes". What requests need right now:
 *       pools, warm caches, breakers and bulkheads, dependencies this instance alone may have
 *       lost. Fleet-wide dependencies are declared shared so that they degrade instead.</li>
 *   <li><b>Startup</b>: "I have finished starting". One-time work (migrations, cache loads,
 *       warm-up), so that liveness need not wait a long initial delay; liveness and readiness are
 *       held until it succeeds once, within a budget.</li>
 * </ul>
 */
@NullMarked
package dev.nines.core.health;

import org.jspecify.annotations.NullMarked;
