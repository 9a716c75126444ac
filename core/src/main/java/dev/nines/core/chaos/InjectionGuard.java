package dev.nines.core.chaos;

/**
 * Asked before each injection, once a call has been chosen for one: the SPI through which an
 * experiment bounds what a {@link ChaosPolicy} may inject (the SLO module's {@code ChaosExperiment}
 * grants injections until it has spent its share of the error budget, then disables the policy).
 * A guard is given with {@link ChaosPolicy#enable(InjectionGuard)}.
 *
 * <p>Called on the calling thread of every call chosen for injection, possibly from many threads at
 * once: implementations are thread-safe, fast, and never throw. A guard may disable the policy
 * from inside this method.
 *
 * <pre>{@code
 * AtomicLong left = new AtomicLong(10);
 * chaos.enable(() -> left.getAndDecrement() > 0);   // at most 10 injections
 * }</pre>
 */
@FunctionalInterface
public interface InjectionGuard {

    /** A guard that grants every injection. */
    InjectionGuard UNLIMITED = () -> true;

    /**
     * Grants or refuses one injection. A refused call runs as if it had not been chosen (and is
     * counted in {@link ChaosPolicy.Metrics#numberOfRefusedInjections()}).
     *
     * @return {@code true} to inject
     */
    boolean tryAcquireInjection();
}
