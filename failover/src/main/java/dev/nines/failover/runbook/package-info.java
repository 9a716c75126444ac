/**
 * Runbooks: ordered, audited steps with timeouts, driven by {@code tick()} or by a scheduler the
 * caller passes, that abort on a failed or timed-out step and undo what was done; and the planned
 * switchover built from them.
 */
@NullMarked
package dev.nines.failover.runbook;

import org.jspecify.annotations.NullMarked;
