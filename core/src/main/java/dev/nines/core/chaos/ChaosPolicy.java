package dev.nines.core.chaos;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.policy.CallPolicy;
import dev.nines.core.policy.Reconfigurable;
import dev.nines.core.retry.Sleeper;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A fault-injection policy, after Polly v8's chaos strategies: while enabled, it injects a fault, a
 * made-up outcome, latency or a behaviour ({@link ChaosConfig}) into a share of the calls in its
 * scope, so that the retries, breakers, timeouts and fallbacks around it, and the people watching
 * the SLOs, can be tested against failures on purpose. In a pipeline it is the innermost policy
 * ({@code Pipeline.Stage.CHAOS}): every other policy sees an injected fault as it would a real one.
 *
 * <p><b>Labelled.</b> Every injected fault is an {@link InjectedFault} or carries one
 * ({@link InjectedFault#isInjected(Throwable)}); every injection publishes a
 * {@link ChaosEvent.Injection} whose {@code injected()} is {@code true} and is counted in
 * {@link #metrics()} (and in the Micrometer meter {@code nines.chaos.injections} with the tag
 * {@code injected=true}). Nothing injected can pass for a real failure.
 *
 * <p><b>Switch.</b> The policy starts as {@link ChaosConfig#enabled()} says and is switched with
 * {@link #enable()}, {@link #disable()} and {@link #enable(InjectionGuard)}, which asks a guard
 * before each injection (the SLO module's {@code ChaosExperiment} grants at most its share of an
 * error budget). Disabled, a call costs one volatile read.
 *
 * <p><b>Time.</b> Synchronous latency waits through the {@link Sleeper} given at creation (by
 * default parking on the time source; a test passes {@code time::advanceNanos}); asynchronous
 * latency is a task on the caller's scheduler. Nothing reads the wall clock.
 *
 * <p>Thread-safe; one instance serves any number of concurrent calls. A call that is not injected
 * allocates nothing: it reads the switch, asks the scope and draws one random value.
 *
 * <pre>{@code
 * ChaosPolicy chaos = ChaosPolicy.of("payments-outage",
 *         ChaosConfig.builder().fault(() -> new ConnectException("injected")).injectionRatio(0.02).build(),
 *         TimeSource.system());
 * Pipeline<Receipt> pay = Resilience.<Receipt>pipeline().retry(retry).circuitBreaker(breaker).chaos(chaos).build();
 * }</pre>
 */
public interface ChaosPolicy
        extends CallPolicy<ChaosConfig, ChaosPolicy.Metrics, ChaosEvent>, Reconfigurable<ChaosConfig> {

    /**
     * Creates a chaos policy whose synchronous latency parks the calling thread on
     * {@code timeSource}.
     *
     * @param name the name, for events, metrics and labels
     * @param config the configuration
     * @param timeSource the clock that injected latency is measured on
     * @return a new policy, enabled if {@code config.enabled()}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static ChaosPolicy of(String name, ChaosConfig config, TimeSource timeSource) {
        Objects.requireNonNull(timeSource, "timeSource");
        return of(name, config, timeSource, Sleeper.parking(timeSource));
    }

    /**
     * Creates a chaos policy whose synchronous latency waits through {@code sleeper}.
     *
     * @param name the name, for events, metrics and labels
     * @param config the configuration
     * @param timeSource the clock that injected latency is measured on
     * @param sleeper how synchronous calls wait out injected latency (tests: {@code time::advanceNanos})
     * @return a new policy, enabled if {@code config.enabled()}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static ChaosPolicy of(String name, ChaosConfig config, TimeSource timeSource, Sleeper sleeper) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(sleeper, "sleeper");
        return new ChaosPolicyImpl(name, config, timeSource, sleeper, null);
    }

    /**
     * Returns the configuration in force.
     *
     * @return the configuration, the latest one given to {@link #reconfigure}
     */
    @Override
    ChaosConfig config();

    /**
     * Replaces the configuration while the policy runs; this handle and everything built from it
     * (decorators, pipelines) use it for every call that starts from now on. What is kept:
     *
     * <table>
     *   <caption>What a reconfiguration keeps</caption>
     *   <tr><th>Change</th><th>Effect</th></tr>
     *   <tr><td>{@code injectionRatio}, {@code scope}, {@code randomSource}, and the fault, outcome,
     *       latency or behaviour of the same kind</td>
     *       <td>apply to calls that start from now on; a call already deciding or waiting out
     *       injected latency finishes under the configuration it started with</td></tr>
     *   <tr><td>{@code enabled} changed</td>
     *       <td>switches the policy as {@link #enable()} or {@link #disable()} would (disabling drops an
     *       experiment's guard), publishing {@link ChaosEvent.Switched} after the change</td></tr>
     *   <tr><td>{@code enabled} unchanged</td>
     *       <td>the switch is kept as it is, with the guard of an experiment in progress</td></tr>
     *   <tr><td>{@code kind}</td>
     *       <td>refused: {@link IllegalArgumentException}, the configuration in force stays; the
     *       policy's events and meters are labelled with its kind (create another policy)</td></tr>
     *   <tr><td>counters ({@link #metrics()})</td><td>kept: they count injections, not
     *       configurations</td></tr>
     * </table>
     *
     * <p>Publishes {@link ChaosEvent.ConfigurationChanged}.
     *
     * @param newConfig the new configuration
     * @return the configuration that was in force
     * @throws IllegalArgumentException if {@code newConfig} injects another {@link ChaosKind}
     */
    @Override
    ChaosConfig reconfigure(ChaosConfig newConfig);

    /**
     * Returns whether the policy injects now.
     *
     * @return the switch's state
     */
    boolean isEnabled();

    /**
     * Returns whether injections ask an {@link InjectionGuard} first (an experiment runs).
     *
     * @return whether enabled with a guard
     */
    boolean isGuarded();

    /** Switches injection on, without a guard; publishes {@link ChaosEvent.Switched} if it changed. */
    void enable();

    /**
     * Switches injection on, asking {@code guard} before each injection; replaces any earlier
     * guard. Publishes {@link ChaosEvent.Switched}.
     *
     * @param guard asked before each injection
     */
    void enable(InjectionGuard guard);

    /** Switches injection off (and drops any guard); publishes {@link ChaosEvent.Switched} if it changed. */
    void disable();

    /**
     * Runs {@code supplier}, or injects. A checked fault is thrown wrapped in an
     * {@link InjectedFaultException}.
     *
     * @param supplier the call
     * @param <T> the result type
     * @return the call's result, or the injected outcome
     * @throws RuntimeException the call's own failure, unchanged, or the injected fault
     */
    @Override
    <T> T executeSupplier(Supplier<T> supplier);

    /**
     * Runs {@code callable}, or injects; an injected checked fault is thrown as it is.
     *
     * @param callable the call
     * @param <T> the result type
     * @return the call's result, or the injected outcome
     * @throws Exception the call's own failure, unchanged, or the injected fault
     */
    @Override
    <T> T executeCallable(Callable<T> callable) throws Exception;

    /**
     * Runs {@code runnable}, or injects (an outcome is discarded: the call is skipped).
     *
     * @param runnable the call
     */
    @Override
    void executeRunnable(Runnable runnable);

    /**
     * Starts the call, or injects: a fault gives a failed stage, an outcome a completed one, and
     * latency starts the call on {@code scheduler} once it has passed.
     *
     * @param scheduler where injected latency is scheduled
     * @param supplier starts the call
     * @param <T> the result type
     * @return the call's stage, or the injected one
     */
    @Override
    <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier);

    /**
     * Registers a listener for this policy's events.
     *
     * @param listener the listener, called on the calling thread (asynchronous latency: the scheduler's)
     * @return the registration; close it to unregister
     */
    @Override
    EventListeners.Registration onEvent(Consumer<? super ChaosEvent> listener);

    /**
     * A snapshot of a chaos policy's counters, counted since creation.
     *
     * @param enabled whether the policy injected when the snapshot was taken
     * @param numberOfInjections the calls injected
     * @param numberOfRefusedInjections the calls chosen for an injection that a guard refused
     * @param injectedLatencyNanos the latency injected in total, in nanoseconds
     */
    record Metrics(
            boolean enabled, long numberOfInjections, long numberOfRefusedInjections, long injectedLatencyNanos) {}
}
