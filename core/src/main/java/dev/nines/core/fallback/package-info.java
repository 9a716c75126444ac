/**
 * Degraded answers: a {@link dev.nines.core.fallback.Fallback} replaces selected failures (or
 * rejected results) with a fallback value, and a {@link dev.nines.core.fallback.StaleCache} serves
 * the last good value, marked stale, while a call fails (stale-if-error).
 */
@NullMarked
package dev.nines.core.fallback;

import org.jspecify.annotations.NullMarked;
