/**
 * Hedging: after a delay (fixed, or a latency quantile of recent calls) a slow call gets up to
 * {@code maxAttempts - 1} parallel attempts; the first acceptable outcome wins and the others are
 * cancelled. Hedges draw on a shared {@link dev.nines.core.retry.RetryBudget}, so an outage cannot
 * multiply the load, and a {@link dev.nines.core.hedge.HedgeGate} can keep hedging off unless a
 * latency objective is burning its error budget.
 */
@NullMarked
package dev.nines.core.hedge;

import org.jspecify.annotations.NullMarked;
