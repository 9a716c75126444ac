/**
 * Fencing epochs: a strictly increasing epoch issued by compare-and-set on every promotion, and the
 * {@link dev.nines.failover.fence.Fence} that resources use to reject operations stamped with a
 * stale epoch.
 */
@NullMarked
package dev.nines.failover.fence;

import org.jspecify.annotations.NullMarked;
