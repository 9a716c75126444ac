/**
 * {@link dev.nines.core.registry.Registry}, the one base of every named-instance registry of Nines
 * (circuit breakers, retries, bulkheads, rate limiters, time limiters, adaptive limiters,
 * fallbacks, autoscalers).
 */
@NullMarked
package dev.nines.core.registry;

import org.jspecify.annotations.NullMarked;
