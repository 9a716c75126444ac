package dev.nines.core.hedge;

/**
 * Decides whether a {@link Hedge} may hedge right now. While the gate is closed, calls pass
 * straight through on the calling thread: no executor, no scheduler, no extra attempt, no
 * allocation. The {@code slo} module adapts an SLO tracker's burn rate to this interface
 * ({@code dev.nines.slo.SloHedgeGate}), so that hedging spends extra load only while a latency
 * objective is burning its error budget; core does not depend on {@code slo}.
 *
 * <p>{@link #isOpen()} is read once when a call starts and again before each hedge starts, so it
 * must be cheap, thread-safe and allocation-free: read a volatile field, and compute it elsewhere
 * or at most now and then.
 *
 * <pre>{@code
 * AtomicBoolean incident = new AtomicBoolean();
 * HedgeConfig config = HedgeConfig.builder().gate(incident::get).build();
 * }</pre>
 */
@FunctionalInterface
public interface HedgeGate {

    /**
     * Returns whether hedging is allowed now.
     *
     * @return {@code true} to allow hedges, {@code false} to pass calls straight through
     */
    boolean isOpen();

    /**
     * Returns a gate that is always open, the default: hedging is governed only by the delay,
     * {@code maxAttempts} and the budget.
     *
     * @return the always-open gate
     */
    static HedgeGate alwaysOpen() {
        return Gates.ALWAYS_OPEN;
    }

    /**
     * Returns a gate that is always closed: every call passes through without hedging.
     *
     * @return the always-closed gate
     */
    static HedgeGate closed() {
        return Gates.CLOSED;
    }
}
