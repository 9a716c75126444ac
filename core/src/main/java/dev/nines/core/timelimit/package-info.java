/**
 * Time limits for asynchronous calls: a {@link dev.nines.core.timelimit.TimeLimiter} fails a
 * {@code CompletionStage} or {@code Future} that takes longer than its timeout, optionally
 * cancelling it.
 */
@NullMarked
package dev.nines.core.timelimit;

import org.jspecify.annotations.NullMarked;
