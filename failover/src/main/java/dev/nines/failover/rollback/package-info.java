/**
 * Rollback after a promotion: rules (error rate over a window with a volume minimum, integrity-check
 * failures) evaluated while a watch window after each promotion is open, which promote the previous
 * primary again through the controller when it is eligible.
 */
@NullMarked
package dev.nines.failover.rollback;

import org.jspecify.annotations.NullMarked;
