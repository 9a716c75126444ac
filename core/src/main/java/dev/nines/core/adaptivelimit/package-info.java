/**
 * Adaptive concurrency limits: a limit on in-flight calls that moves with measured latency and
 * drops (AIMD and gradient algorithms, after Netflix's concurrency-limits).
 */
@NullMarked
package dev.nines.core.adaptivelimit;

import org.jspecify.annotations.NullMarked;
