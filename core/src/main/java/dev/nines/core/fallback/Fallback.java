package dev.nines.core.fallback;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.policy.Policy;
import dev.nines.core.policy.Reconfigurable;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A fallback policy: when a call fails with a handled exception, or returns a handled result, the
 * value of a fallback function is returned instead. The fallback function receives the failure
 * (a {@link RejectedResultException} for a rejected result); unhandled failures propagate
 * unchanged. If the fallback function throws, its exception propagates with the original failure
 * suppressed.
 *
 * <p>Put it outermost in a pipeline (fallback, retry, circuit breaker, ...) so that it sees what is
 * left after the other policies gave up, e.g. a circuit breaker's "call not permitted". Thread-safe.
 * A call that succeeds allocates nothing here.
 *
 * <pre>{@code
 * Fallback fallback = Fallback.of("recommendations", FallbackConfig.ofDefaults());
 * List<Item> items = fallback.executeSupplier(() -> recommender.forUser(id), failure -> List.of());
 * }</pre>
 */
public interface Fallback
        extends Policy<FallbackConfig, Fallback.Metrics, FallbackEvent>, Reconfigurable<FallbackConfig> {

    /**
     * Creates a fallback (it reads no clock, so it takes no {@code TimeSource}).
     *
     * @param name the name, for events and metrics
     * @param config the configuration
     * @return a new fallback
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static Fallback of(String name, FallbackConfig config) {
        return of(name, config, TimeSource.system());
    }

    /**
     * Creates a fallback with the clock {@link #timeSource()} returns (a fallback measures no
     * time itself; the clock is there so that every policy answers the same questions).
     *
     * @param name the name, used in events and metrics
     * @param config the configuration
     * @param timeSource the clock
     * @return a new fallback
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static Fallback of(String name, FallbackConfig config, TimeSource timeSource) {
        Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(timeSource, "timeSource");
        return new FallbackImpl(name, config, timeSource, null);
    }

    /**
     * Returns the name.
     *
     * @return the name
     */
    @Override
    String name();

    /**
     * Returns the configuration in force.
     *
     * @return the configuration, the latest one given to {@link #reconfigure}
     */
    @Override
    FallbackConfig config();

    /**
     * Replaces the configuration while the fallback runs: which failures and results it handles
     * apply to every outcome judged from now on (a call already running is judged when it ends, by
     * the configuration then in force). Counters are kept. Every {@link FallbackConfig} that builds
     * is valid, so this never refuses one. Publishes {@link FallbackEvent.ConfigurationChanged}.
     *
     * @param newConfig the new configuration
     * @return the configuration that was in force
     */
    @Override
    FallbackConfig reconfigure(FallbackConfig newConfig);

    /**
     * Returns a snapshot of the call counters.
     *
     * @return a new snapshot
     */
    @Override
    Metrics metrics();

    /**
     * Registers a listener for this fallback's events.
     *
     * @param listener the listener
     * @return the registration; close it to unregister
     */
    @Override
    EventListeners.Registration onEvent(Consumer<? super FallbackEvent> listener);

    /**
     * Calls {@code call}, returning the fallback's value on a handled failure or result.
     *
     * @param call the call
     * @param fallback computes the replacement from the failure
     * @param <T> the result type
     * @return the call's result or the fallback's
     */
    <T> T executeSupplier(Supplier<T> call, Function<? super Throwable, ? extends T> fallback);

    /**
     * Calls {@code call}, returning the fallback's value on a handled failure or result.
     *
     * @param call the call
     * @param fallback computes the replacement from the failure
     * @param <T> the result type
     * @return the call's result or the fallback's
     * @throws Exception an unhandled failure
     */
    <T> T executeCallable(Callable<T> call, Function<? super Throwable, ? extends T> fallback) throws Exception;

    /**
     * Starts {@code call} and returns a stage completing with its result, or with the fallback's
     * value on a handled failure or result ({@code CompletionException}s are unwrapped first). A
     * supplier that throws counts as a failed call.
     *
     * @param call starts the call
     * @param fallback computes the replacement from the failure
     * @param <T> the result type
     * @return a stage with the call's result or the fallback's
     */
    <T> CompletionStage<T> executeCompletionStage(
            Supplier<? extends CompletionStage<T>> call, Function<? super Throwable, ? extends T> fallback);

    /**
     * Runs {@code call}; if it fails with a handled exception, {@code fallback} is run with the
     * failure instead.
     *
     * @param call the call
     * @param fallback what to do instead, given the failure
     * @throws RuntimeException an unhandled failure, or what the fallback throws
     */
    default void executeRunnable(Runnable call, Consumer<? super Throwable> fallback) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(fallback, "fallback");
        executeSupplier(
                () -> {
                    call.run();
                    return null;
                },
                failure -> {
                    fallback.accept(failure);
                    return null;
                });
    }

    /**
     * Returns {@code call} decorated with this fallback: each {@code run()} is one
     * {@link #executeRunnable(Runnable, Consumer)}.
     *
     * @param call the call
     * @param fallback what to do instead, given the failure
     * @return the decorated runnable
     */
    default Runnable decorateRunnable(Runnable call, Consumer<? super Throwable> fallback) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(fallback, "fallback");
        return () -> executeRunnable(call, fallback);
    }

    /**
     * Returns {@code call} decorated with this fallback.
     *
     * @param call the call
     * @param fallback computes the replacement from the failure
     * @param <T> the result type
     * @return the decorated supplier
     */
    default <T> Supplier<T> decorateSupplier(Supplier<T> call, Function<? super Throwable, ? extends T> fallback) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(fallback, "fallback");
        return () -> executeSupplier(call, fallback);
    }

    /**
     * Returns {@code call} decorated with this fallback.
     *
     * @param call the call
     * @param fallback computes the replacement from the failure
     * @param <T> the result type
     * @return the decorated callable
     */
    default <T> Callable<T> decorateCallable(Callable<T> call, Function<? super Throwable, ? extends T> fallback) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(fallback, "fallback");
        return () -> executeCallable(call, fallback);
    }

    /**
     * Returns an asynchronous call decorated with this fallback.
     *
     * @param call starts the call
     * @param fallback computes the replacement from the failure
     * @param <T> the result type
     * @return the decorated supplier
     */
    default <T> Supplier<CompletionStage<T>> decorateCompletionStage(
            Supplier<? extends CompletionStage<T>> call, Function<? super Throwable, ? extends T> fallback) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(fallback, "fallback");
        return () -> executeCompletionStage(call, fallback);
    }

    /**
     * A snapshot of a fallback's call counters, counted since creation.
     *
     * @param numberOfCallsWithoutFallback the calls that returned their own result
     * @param numberOfFallbacksApplied the calls answered by the fallback
     * @param numberOfFallbackFailures the calls whose fallback function threw
     * @param numberOfUnhandledFailures the calls that failed with an unhandled exception
     */
    record Metrics(
            long numberOfCallsWithoutFallback,
            long numberOfFallbacksApplied,
            long numberOfFallbackFailures,
            long numberOfUnhandledFailures) {}
}
