package dev.nines.core.circuitbreaker;

import dev.nines.core.event.EventListeners;
import dev.nines.core.policy.AttemptGuard;
import dev.nines.core.policy.CallPolicy;
import dev.nines.core.policy.Reconfigurable;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A circuit breaker: it watches the outcomes of calls to a dependency in a sliding window and,
 * when too many fail or are slow, rejects calls for a while so the dependency can recover.
 *
 * <p>The state machine, configuration and defaults are those of resilience4j 2.x's
 * {@code CircuitBreaker}; the same sequence of calls under the same configuration gives the same
 * state after every call. States: {@code CLOSED} (calls pass and are recorded), {@code OPEN}
 * (calls are rejected until {@code waitDurationInOpenState} has passed), {@code HALF_OPEN}
 * ({@code permittedNumberOfCallsInHalfOpenState} trial calls decide between closing and opening
 * again), and the manual states {@code DISABLED}, {@code FORCED_OPEN} and {@code METRICS_ONLY}.
 *
 * <p>Use the decorators, or the low-level protocol: {@link #tryAcquirePermission()} before the
 * call, then exactly one of {@link #onSuccess(long)}, {@link #onError(long, Throwable)},
 * {@link #onResult(long, Object)} or {@link #releasePermission()}. Durations are nanoseconds
 * measured with the breaker's {@link TimeSource}.
 *
 * <p>Thread-safe. In {@code CLOSED}, {@code tryAcquirePermission} and {@code onSuccess} take no
 * lock and allocate nothing; events are built only when someone listens.
 *
 * <pre>{@code
 * CircuitBreakerConfig config = CircuitBreakerConfig.builder()
 *     .failureRateThreshold(50)
 *     .slidingWindow(20, 10, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
 *     .waitDurationInOpenState(Duration.ofSeconds(30))
 *     .build();
 * CircuitBreaker breaker = CircuitBreaker.of("payments", config, TimeSource.system());
 * breaker.onEvent(event -> log.info("{}", event));
 *
 * String receipt = breaker.executeSupplier(() -> payments.charge(order)); // may throw CallNotPermittedException
 *
 * TimeSource time = breaker.timeSource();
 * if (breaker.tryAcquirePermission()) {          // the same, by hand
 *     long start = time.nanoTime();
 *     try {
 *         payments.charge(order);
 *         breaker.onSuccess(time.nanoTime() - start);
 *     } catch (RuntimeException e) {
 *         breaker.onError(time.nanoTime() - start, e);
 *         throw e;
 *     }
 * }
 * }</pre>
 */
public interface CircuitBreaker
        extends CallPolicy<CircuitBreakerConfig, CircuitBreaker.Metrics, CircuitBreakerEvent>,
                AttemptGuard,
                Reconfigurable<CircuitBreakerConfig> {

    /**
     * Creates a circuit breaker.
     *
     * @param name the name, used in events, exceptions and metrics
     * @param config the configuration
     * @param timeSource the clock for call durations, waits and time-based windows
     * @return a new breaker in {@code CLOSED}
     * @throws IllegalArgumentException if {@code name} is blank, or if the configuration enables
     *     automatic transition from open to half-open (that needs a scheduler: use
     *     {@link #of(String, CircuitBreakerConfig, TimeSource, ScheduledExecutorService)})
     */
    static CircuitBreaker of(String name, CircuitBreakerConfig config, TimeSource timeSource) {
        return new CircuitBreakerStateMachine(name, config, timeSource, null, null);
    }

    /**
     * Creates a circuit breaker whose timed transitions (automatic open to half-open, maximum wait
     * in half-open) run on {@code scheduler}. The breaker starts no thread of its own.
     *
     * @param name the name, used in events, exceptions and metrics
     * @param config the configuration
     * @param timeSource the clock for call durations, waits and time-based windows
     * @param scheduler runs the timed transitions
     * @return a new breaker in {@code CLOSED}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static CircuitBreaker of(
            String name, CircuitBreakerConfig config, TimeSource timeSource, ScheduledExecutorService scheduler) {
        Objects.requireNonNull(scheduler, "scheduler");
        return new CircuitBreakerStateMachine(name, config, timeSource, scheduler, null);
    }

    /**
     * Creates a circuit breaker with the default configuration and the system clock.
     *
     * @param name the name
     * @return a new breaker in {@code CLOSED}
     * @throws IllegalArgumentException if {@code name} is blank
     */
    static CircuitBreaker ofDefaults(String name) {
        return of(name, CircuitBreakerConfig.ofDefaults(), TimeSource.system());
    }

    /**
     * Returns the name.
     *
     * @return the breaker's name
     */
    @Override
    String name();

    /**
     * Returns the configuration in force.
     *
     * @return the breaker's configuration, the latest one given to {@link #reconfigure}
     */
    @Override
    CircuitBreakerConfig config();

    /**
     * Replaces the configuration while the breaker runs; this handle and everything built from it
     * see it from the next call. What is kept:
     *
     * <table>
     *   <caption>What a reconfiguration keeps</caption>
     *   <tr><th>Change</th><th>Effect</th></tr>
     *   <tr><td>failure or slow-call rate threshold, {@code minimumNumberOfCalls}</td>
     *       <td>the window keeps every recorded outcome and is judged by the new thresholds at
     *       once: a {@code CLOSED} breaker whose window already exceeds them opens now</td></tr>
     *   <tr><td>window type or size</td>
     *       <td>in {@code CLOSED} and {@code METRICS_ONLY}, the window is replaced by an empty one
     *       (event with {@code windowReset}): the ring is written without locks, so a copy could
     *       not be both exact and free for the callers; in other states the next {@code CLOSED}
     *       window has the new geometry</td></tr>
     *   <tr><td>{@code slowCallDurationThreshold}, recorded and ignored exceptions, result
     *       predicate</td>
     *       <td>apply to outcomes recorded from now on; recorded outcomes keep their class</td></tr>
     *   <tr><td>waits ({@code waitDurationInOpenState}, its interval function, half-open maximum
     *       wait), {@code permittedNumberOfCallsInHalfOpenState}, automatic transition</td>
     *       <td>apply from the next state entered; the current state keeps its timer and permits,
     *       and its trial window takes the new rate thresholds</td></tr>
     *   <tr><td>the state</td><td>kept (a reconfiguration is not a transition)</td></tr>
     * </table>
     *
     * <p>An outcome recorded while the configuration changes is never lost: it lands in the window
     * that stays, or, when the window is replaced, in the discarded window (as the change says).
     * Publishes {@link CircuitBreakerEvent.ConfigurationChanged}.
     *
     * @param newConfig the new configuration
     * @return the configuration that was in force
     * @throws IllegalArgumentException if {@code newConfig} enables
     *     {@code automaticTransitionFromOpenToHalfOpenEnabled} and the breaker has no scheduler; the
     *     configuration in force is unchanged
     */
    @Override
    CircuitBreakerConfig reconfigure(CircuitBreakerConfig newConfig);

    /**
     * Returns the time source that the decorators measure durations with.
     *
     * @return the breaker's time source
     */
    @Override
    TimeSource timeSource();

    /**
     * Returns the current state.
     *
     * @return the state
     */
    State state();

    /**
     * Returns a snapshot of the current state's metrics (a time-based window is first moved to
     * the current second). Allocates: not meant for the per-call path.
     *
     * @return the metrics
     */
    @Override
    Metrics metrics();

    /**
     * Asks to make a call. In {@code OPEN}, once the wait has passed, this moves the breaker to
     * {@code HALF_OPEN} and takes one of its permits. A refusal is counted and reported as a
     * {@link CircuitBreakerEvent.CallNotPermitted} event.
     *
     * @return whether the call may proceed; if so, report its outcome or release the permission
     */
    boolean tryAcquirePermission();

    /**
     * Like {@link #tryAcquirePermission()} but throws when the call is not permitted.
     *
     * @throws CallNotPermittedException if the call is not permitted
     */
    @Override
    void acquirePermission();

    /**
     * Gives back a permission without recording an outcome (for a call that was not made). In
     * {@code HALF_OPEN} this returns a trial permit; elsewhere it does nothing.
     */
    void releasePermission();

    /**
     * Records a successful call.
     *
     * @param durationNanos how long the call took, in nanoseconds
     */
    void onSuccess(long durationNanos);

    /**
     * Records a failed call. A {@code CompletionException} or {@code ExecutionException} is
     * unwrapped first. Ignored exceptions release the permission and are not recorded; exceptions
     * that the record rules do not match count as successes.
     *
     * @param durationNanos how long the call took, in nanoseconds
     * @param error what the call threw
     */
    void onError(long durationNanos, Throwable error);

    /**
     * Records a call that returned {@code result}: a failure if the {@code recordResult}
     * predicate matches, a success otherwise.
     *
     * @param durationNanos how long the call took, in nanoseconds
     * @param result what the call returned; may be {@code null} (a success)
     */
    void onResult(long durationNanos, Object result);

    /** Moves to {@code CLOSED} with an empty window. */
    void transitionToClosedState();

    /**
     * Moves to {@code OPEN} for the configured wait.
     *
     * @throws IllegalStateException from {@code METRICS_ONLY}, as in resilience4j
     */
    void transitionToOpenState();

    /**
     * Moves to {@code OPEN} for {@code wait} instead of the configured wait.
     *
     * @param wait how long to stay open; positive
     * @throws IllegalArgumentException if {@code wait} is not positive
     * @throws IllegalStateException from {@code METRICS_ONLY}
     */
    void transitionToOpenStateFor(Duration wait);

    /**
     * Moves to {@code HALF_OPEN} with fresh trial permits.
     *
     * @throws IllegalStateException from {@code CLOSED} or {@code METRICS_ONLY}, as in resilience4j
     */
    void transitionToHalfOpenState();

    /** Moves to {@code DISABLED}: every call passes, nothing is recorded. */
    void transitionToDisabledState();

    /** Moves to {@code FORCED_OPEN}: every call is rejected until another manual transition. */
    void transitionToForcedOpenState();

    /** Moves to {@code METRICS_ONLY}: every call passes and is recorded, the breaker never opens. */
    void transitionToMetricsOnlyState();

    /** Returns to {@code CLOSED} with an empty window and publishes a {@link CircuitBreakerEvent.Reset}. */
    void reset();

    /**
     * Registers a listener for this breaker's events. Listeners run on the calling thread; a
     * listener that throws is logged and does not affect the call.
     *
     * @param listener the listener
     * @return a registration that removes the listener when closed
     */
    @Override
    EventListeners.Registration onEvent(Consumer<? super CircuitBreakerEvent> listener);

    /**
     * Records a permitted attempt's result, as {@link #onResult(long, Object)} does.
     *
     * @param durationNanos the attempt's duration in nanoseconds
     * @param result the result
     */
    @Override
    default void onAttemptResult(long durationNanos, Object result) {
        onResult(durationNanos, result);
    }

    /**
     * Records a permitted attempt's failure, as {@link #onError(long, Throwable)} does.
     *
     * @param durationNanos the attempt's duration in nanoseconds
     * @param error the failure
     */
    @Override
    default void onAttemptError(long durationNanos, Throwable error) {
        onError(durationNanos, error);
    }

    /**
     * Creates the exception thrown when this breaker rejects a call, as the decorators do.
     *
     * @return a new exception carrying this breaker's name and state
     */
    default CallNotPermittedException callNotPermitted() {
        return CallNotPermittedException.of(this);
    }

    /**
     * Runs {@code supplier} under this breaker.
     *
     * @param supplier the call
     * @param <T> the result type
     * @return the supplier's result
     * @throws CallNotPermittedException if the call is not permitted
     */
    @Override
    default <T> T executeSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        acquirePermission();
        TimeSource time = timeSource();
        boolean timed = needsDuration();
        long start = timed ? time.nanoTime() : 0;
        T result;
        try {
            result = supplier.get();
        } catch (Throwable t) {
            onError(timed ? time.nanoTime() - start : 0, t);
            throw t;
        }
        onResult(timed ? time.nanoTime() - start : 0, result);
        return result;
    }

    /**
     * Runs {@code callable} under this breaker.
     *
     * @param callable the call
     * @param <T> the result type
     * @return the callable's result
     * @throws CallNotPermittedException if the call is not permitted
     * @throws Exception what the callable throws
     */
    @Override
    default <T> T executeCallable(Callable<T> callable) throws Exception {
        Objects.requireNonNull(callable, "callable");
        acquirePermission();
        TimeSource time = timeSource();
        boolean timed = needsDuration();
        long start = timed ? time.nanoTime() : 0;
        T result;
        try {
            result = callable.call();
        } catch (Throwable t) {
            onError(timed ? time.nanoTime() - start : 0, t);
            throw t;
        }
        onResult(timed ? time.nanoTime() - start : 0, result);
        return result;
    }

    /**
     * Runs {@code runnable} under this breaker.
     *
     * @param runnable the call
     * @throws CallNotPermittedException if the call is not permitted
     */
    @Override
    default void executeRunnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        acquirePermission();
        TimeSource time = timeSource();
        boolean timed = needsDuration();
        long start = timed ? time.nanoTime() : 0;
        try {
            runnable.run();
        } catch (Throwable t) {
            onError(timed ? time.nanoTime() - start : 0, t);
            throw t;
        }
        onSuccess(timed ? time.nanoTime() - start : 0);
    }

    /**
     * Starts an asynchronous call under this breaker; the outcome is recorded when the stage
     * completes. A rejected call, or a supplier that throws, gives a stage completed
     * exceptionally (with {@link CallNotPermittedException} or the thrown exception).
     *
     * @param supplier starts the call
     * @param <T> the result type
     * @return a stage completed with the call's outcome
     */
    default <T> CompletionStage<T> executeCompletionStage(Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        CompletableFuture<T> promise = new CompletableFuture<>();
        if (!tryAcquirePermission()) {
            promise.completeExceptionally(callNotPermitted());
            return promise;
        }
        TimeSource time = timeSource();
        boolean timed = needsDuration();
        long start = timed ? time.nanoTime() : 0;
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(supplier.get(), "supplier result");
        } catch (Throwable t) {
            onError(timed ? time.nanoTime() - start : 0, t);
            promise.completeExceptionally(t);
            return promise;
        }
        stage.whenComplete((result, error) -> {
            long duration = timed ? time.nanoTime() - start : 0;
            if (error != null) {
                onError(duration, error);
                promise.completeExceptionally(error);
            } else {
                onResult(duration, result);
                promise.complete(result);
            }
        });
        return promise;
    }

    /**
     * Starts an asynchronous call under this breaker, as
     * {@link #executeCompletionStage(Supplier)} does; the breaker schedules nothing, so
     * {@code scheduler} is only checked for {@code null}.
     *
     * @param scheduler not used by the breaker
     * @param supplier starts the call
     * @param <T> the result type
     * @return a stage completed with the call's outcome
     */
    @Override
    default <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        return executeCompletionStage(supplier);
    }

    /**
     * Returns {@code function} decorated to run under this breaker.
     *
     * @param function the call
     * @param <T> the argument type
     * @param <R> the result type
     * @return a function that applies {@code function} under this breaker
     */
    default <T, R> Function<T, R> decorateFunction(Function<T, R> function) {
        Objects.requireNonNull(function, "function");
        return argument -> executeSupplier(() -> function.apply(argument));
    }

    /**
     * The states of a circuit breaker, as in resilience4j.
     */
    enum State {
        /** Calls pass and are recorded; too many failures or slow calls open the breaker. */
        CLOSED(true),
        /** Calls are rejected until the wait in open state has passed. */
        OPEN(true),
        /** A few trial calls pass; their outcomes close or reopen the breaker. */
        HALF_OPEN(true),
        /** Calls pass and nothing is recorded. */
        DISABLED(false),
        /** Calls are rejected until a manual transition. */
        FORCED_OPEN(false),
        /** Calls pass and are recorded, but the breaker never opens. */
        METRICS_ONLY(true);

        private final boolean publishesCallEvents;

        State(boolean publishesCallEvents) {
            this.publishesCallEvents = publishesCallEvents;
        }

        /**
         * Returns whether per-call events (success, error, ...) are published in this state;
         * {@code DISABLED} and {@code FORCED_OPEN} publish only transitions, as in resilience4j.
         *
         * @return whether per-call events are published
         */
        public boolean publishesCallEvents() {
            return publishesCallEvents;
        }
    }

    /**
     * A snapshot of a breaker's sliding window.
     *
     * <p>Rates are percentages in [0, 100] as in resilience4j, and {@code -1} while the window
     * holds fewer than the minimum number of calls.
     *
     * @param failureRate failed calls as a percentage of buffered calls, or -1
     * @param slowCallRate slow calls as a percentage of buffered calls, or -1
     * @param numberOfBufferedCalls calls in the window
     * @param numberOfFailedCalls failed calls in the window (slow or not)
     * @param numberOfSlowCalls slow calls in the window (failed or not)
     * @param numberOfSlowFailedCalls calls in the window that were both slow and failed
     * @param numberOfNotPermittedCalls calls rejected since this state's window was created
     */
    record Metrics(
            float failureRate,
            float slowCallRate,
            long numberOfBufferedCalls,
            long numberOfFailedCalls,
            long numberOfSlowCalls,
            long numberOfSlowFailedCalls,
            long numberOfNotPermittedCalls) {

        /**
         * Returns the successful calls in the window (slow or not).
         *
         * @return buffered minus failed calls
         */
        public long numberOfSuccessfulCalls() {
            return numberOfBufferedCalls - numberOfFailedCalls;
        }

        /**
         * Returns the calls in the window that were slow and succeeded.
         *
         * @return slow minus slow failed calls
         */
        public long numberOfSlowSuccessfulCalls() {
            return numberOfSlowCalls - numberOfSlowFailedCalls;
        }
    }
}
