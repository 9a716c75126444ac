/**
 * Client-side failover for stateless endpoint pools: a weighted endpoint router with a circuit
 * breaker per endpoint, fail-fast with a bounded retry rhythm, optional panic mode and failback
 * policies; reconnection backoff with full jitter; and the outcome contract for in-flight work at
 * switch time.
 */
@NullMarked
package dev.nines.failover.client;

import org.jspecify.annotations.NullMarked;
