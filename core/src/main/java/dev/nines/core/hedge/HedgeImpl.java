package dev.nines.core.hedge;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Reconfigurator;
import dev.nines.core.retry.RetryBudget;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Hedge} implementation. A call whose gate is closed runs inline (no allocation), and so
 * does an asynchronous call whose first attempt has already ended acceptably when the supplier
 * returns it; any other call is a {@link HedgedCall}.
 */
final class HedgeImpl implements Hedge {

    private final String name;
    private final TimeSource timeSource;
    private final Executor executor;
    private final ScheduledExecutorService scheduler;
    private final EventListeners<HedgeEvent> listeners;
    private final @Nullable EventListeners<HedgeEvent> registryListeners;
    // The configuration in force and what calls derive from it, swapped as a whole by
    // reconfigure(); a call reads it once, at its start.
    private volatile Settings settings;
    private final Reconfigurator<HedgeConfig> reconfigurator =
            new Reconfigurator<>(() -> this.settings.config, this::hasListeners);

    /** Calls that may hedge (the gate was open); with {@code gatedCalls}, every call. */
    private final LongAdder hedgingCalls = new LongAdder();

    private final LongAdder gatedCalls = new LongAdder();
    private final LongAdder hedgedCalls = new LongAdder();
    private final LongAdder hedges = new LongAdder();
    private final LongAdder wonByHedge = new LongAdder();
    private final LongAdder cancelled = new LongAdder();
    private final LongAdder budgetRefusals = new LongAdder();
    private final LongAdder failedHedgedCalls = new LongAdder();

    HedgeImpl(
            String name,
            HedgeConfig config,
            TimeSource timeSource,
            Executor executor,
            ScheduledExecutorService scheduler,
            @Nullable EventListeners<HedgeEvent> registryListeners) {
        this.name = name;
        this.timeSource = timeSource;
        this.executor = executor;
        this.scheduler = scheduler;
        this.settings = new Settings(config, null);
        this.listeners = EventListeners.create("hedge '" + name + "'");
        this.registryListeners = registryListeners;
    }

    /**
     * A configuration and what calls derive from it: the latency window of the quantile delay (kept
     * across a change that keeps {@code latencyWindow}) and the delay computed from it.
     */
    static final class Settings {
        final HedgeConfig config;
        final HedgeGate gate;
        final @Nullable RetryBudget budget;
        final boolean recordRequests;
        final int maxAttempts;
        final long fixedDelayNanos;
        final double quantile;
        final int minimumNumberOfCalls;
        final @Nullable LatencyRecorder recorder;
        final long delayRefreshNanos;

        // The quantile delay as last computed under this configuration.
        volatile long cachedDelayNanos;
        volatile long cachedAtNanos;
        volatile boolean delayCached;

        Settings(HedgeConfig config, @Nullable Settings previous) {
            this.config = config;
            this.gate = config.gate();
            this.budget = config.retryBudgetOrNull();
            this.recordRequests = config.recordRequestsInBudget();
            this.maxAttempts = config.maxAttempts();
            this.fixedDelayNanos = config.delayNanos();
            this.quantile = config.latencyQuantileOrNaN();
            this.minimumNumberOfCalls = config.minimumNumberOfCalls();
            long windowNanos = config.latencyWindow().toNanos();
            if (Double.isNaN(quantile)) {
                this.recorder = null;
            } else if (previous != null
                    && previous.recorder != null
                    && previous.config.latencyWindow().equals(config.latencyWindow())) {
                this.recorder = previous.recorder; // the same window: the latencies measured so far still count
            } else {
                this.recorder = new LatencyRecorder(windowNanos);
            }
            this.delayRefreshNanos = Math.max(1, windowNanos / 20);
            this.cachedDelayNanos = fixedDelayNanos;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public HedgeConfig config() {
        return settings.config;
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public Metrics metrics() {
        long gated = gatedCalls.sum();
        return new Metrics(
                gated + hedgingCalls.sum(),
                gated,
                hedgedCalls.sum(),
                hedges.sum(),
                wonByHedge.sum(),
                cancelled.sum(),
                budgetRefusals.sum(),
                failedHedgedCalls.sum(),
                delayNanos(settings));
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super HedgeEvent> listener) {
        return listeners.register(listener);
    }

    @Override
    public Duration currentDelay() {
        return Duration.ofNanos(delayNanos(settings));
    }

    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        Settings s = settings;
        if (passesThrough(s)) {
            return timed(s, supplier);
        }
        return awaitUnchecked(HedgedCall.sync(this, s, scheduler, executor, supplier));
    }

    @Override
    public <T> T executeCallable(Callable<T> callable) throws Exception {
        Objects.requireNonNull(callable, "callable");
        Settings s = settings;
        if (passesThrough(s)) {
            return timedCallable(s, callable);
        }
        return await(HedgedCall.sync(this, s, scheduler, executor, callable), true);
    }

    @Override
    public void executeRunnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        Settings s = settings;
        if (passesThrough(s)) {
            timed(s, runnable);
            return;
        }
        Object unused = awaitUnchecked(HedgedCall.sync(this, s, scheduler, executor, runnable));
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(supplier, "supplier");
        Settings s = settings;
        if (passesThrough(s)) {
            return timedStage(s, supplier);
        }
        long start = timeSource.nanoTime();
        CompletionStage<T> first;
        try {
            first = Objects.requireNonNull(supplier.get(), "the supplier returned a null stage");
        } catch (RuntimeException e) {
            first = CompletableFuture.failedFuture(e); // a failed first attempt: hedged at once
        }
        if (endedAcceptably(s, first)) {
            // The call ended with its first attempt: no timer, no state, nothing to cancel.
            if (settings.recorder != null) {
                long end = timeSource.nanoTime();
                recordLatency(end - start, end);
            }
            return first;
        }
        return HedgedCall.async(this, s, scheduler, supplier, first, start);
    }

    /**
     * Tells whether {@code stage} is a plain {@link CompletableFuture} that already ended with an
     * acceptable result (a subclass may refuse {@code isDone}, as the JDK's minimal stage does).
     */
    private static <T> boolean endedAcceptably(Settings s, CompletionStage<T> stage) {
        if (stage.getClass() != CompletableFuture.class) {
            return false;
        }
        CompletableFuture<T> future = (CompletableFuture<T>) stage;
        return future.isDone() && !future.isCompletedExceptionally() && !s.config.isHedgedResult(future.join());
    }

    /** Counts the call and tells whether the gate keeps it from hedging. */
    private boolean passesThrough(Settings s) {
        RetryBudget budget = s.budget;
        if (budget != null && s.recordRequests) {
            budget.recordRequest();
        }
        if (s.gate.isOpen()) {
            hedgingCalls.increment();
            return false;
        }
        gatedCalls.increment();
        return true;
    }

    private <T> T timed(Settings s, Supplier<T> supplier) {
        LatencyRecorder latencies = s.recorder;
        if (latencies == null) {
            return supplier.get();
        }
        long start = timeSource.nanoTime();
        try {
            return supplier.get();
        } finally {
            long end = timeSource.nanoTime();
            latencies.record(end - start, end);
        }
    }

    private void timed(Settings s, Runnable runnable) {
        LatencyRecorder latencies = s.recorder;
        if (latencies == null) {
            runnable.run();
            return;
        }
        long start = timeSource.nanoTime();
        try {
            runnable.run();
        } finally {
            long end = timeSource.nanoTime();
            latencies.record(end - start, end);
        }
    }

    private <T> T timedCallable(Settings s, Callable<T> callable) throws Exception {
        LatencyRecorder latencies = s.recorder;
        if (latencies == null) {
            return callable.call();
        }
        long start = timeSource.nanoTime();
        try {
            return callable.call();
        } finally {
            long end = timeSource.nanoTime();
            latencies.record(end - start, end);
        }
    }

    private <T> CompletionStage<T> timedStage(Settings s, Supplier<? extends CompletionStage<T>> supplier) {
        long start = timeSource.nanoTime();
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(supplier.get(), "the supplier returned a null stage");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        LatencyRecorder latencies = s.recorder;
        if (latencies != null) {
            CompletionStage<T> unused = stage.whenComplete((value, failure) -> {
                long end = timeSource.nanoTime();
                latencies.record(end - start, end);
            });
        }
        return stage;
    }

    /** Waits for the call's outcome; a checked failure (of a callable's attempt) is thrown as it is. */
    private static <T> T awaitUnchecked(HedgedCall<T> call) {
        try {
            return await(call, false);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw sneaky(e);
        }
    }

    private static <T> T await(HedgedCall<T> call, boolean interruptible) throws Exception {
        try {
            return call.get();
        } catch (ExecutionException e) {
            Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            if (interruptible) {
                throw e;
            }
            CancellationException cancelled = new CancellationException(
                    "interrupted while waiting for the attempts of hedge '" + call.hedgeName() + "'");
            cancelled.initCause(e);
            throw cancelled;
        }
    }

    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // the sneaky-throw idiom: E is inferred unchecked
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }

    // ---- what a HedgedCall reads and reports ----

    long nanoTime() {
        return timeSource.nanoTime();
    }

    /** Takes one hedge from the call's budget; counts and publishes a refusal. */
    boolean tryAcquireHedge(Settings s, int attempt) {
        RetryBudget budget = s.budget;
        if (budget == null || budget.tryAcquireRetry()) {
            return true;
        }
        budgetRefusals.increment();
        if (hasListeners()) {
            publish(new HedgeEvent.BudgetExhausted(name, attempt));
        }
        return false;
    }

    /** Returns the latency window in force, or null for a fixed delay. */
    @Nullable
    LatencyRecorder recorder() {
        return settings.recorder;
    }

    /**
     * Records an attempt's latency in the window in force when it ends (a call that started before
     * a reconfiguration still measures the dependency).
     */
    void recordLatency(long nanos, long nowNanos) {
        LatencyRecorder latencies = settings.recorder;
        if (latencies != null) {
            latencies.record(nanos, nowNanos);
        }
    }

    /** Returns the delay before a hedge under {@code s}: fixed, or the cached latency quantile. */
    long delayNanos(Settings s) {
        LatencyRecorder latencies = s.recorder;
        if (latencies == null) {
            return s.fixedDelayNanos;
        }
        long now = timeSource.nanoTime();
        if (s.delayCached && now - s.cachedAtNanos < s.delayRefreshNanos) {
            return s.cachedDelayNanos;
        }
        long value = latencies.valueAtQuantile(s.quantile, s.minimumNumberOfCalls, now);
        long delay = value < 0 ? s.fixedDelayNanos : value;
        s.cachedDelayNanos = delay;
        s.cachedAtNanos = now;
        s.delayCached = true;
        return delay;
    }

    void onHedgeStarted(int attempt, long sinceCallStartNanos) {
        if (attempt == 2) {
            hedgedCalls.increment();
        }
        hedges.increment();
        if (hasListeners()) {
            publish(new HedgeEvent.HedgeStarted(name, attempt, Duration.ofNanos(Math.max(0, sinceCallStartNanos))));
        }
    }

    void onCancelled(int attempt) {
        cancelled.increment();
        if (hasListeners()) {
            publish(new HedgeEvent.AttemptCancelled(name, attempt));
        }
    }

    void onWon(int attempt, int attemptsStarted) {
        if (attempt > 1) {
            wonByHedge.increment();
        }
        if (attemptsStarted > 1 && hasListeners()) {
            publish(new HedgeEvent.Won(name, attempt, attemptsStarted));
        }
    }

    void onAllUnacceptable(int attemptsStarted, @Nullable Throwable lastFailure) {
        if (attemptsStarted > 1) {
            failedHedgedCalls.increment();
            if (hasListeners()) {
                publish(new HedgeEvent.Failed(name, attemptsStarted, java.util.Optional.ofNullable(lastFailure)));
            }
        }
    }

    private boolean hasListeners() {
        return listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners());
    }

    private void publish(HedgeEvent event) {
        listeners.publish(event);
        if (registryListeners != null) {
            registryListeners.publish(event);
        }
    }

    @Override
    public HedgeConfig reconfigure(HedgeConfig newConfig) {
        return reconfigurator.reconfigure(newConfig, (old, next) -> {
            Settings before = settings;
            Settings after = new Settings(next, before);
            settings = after;
            boolean windowReset = after.recorder != null && after.recorder != before.recorder;
            return () -> publish(new HedgeEvent.ConfigurationChanged(name, old, next, windowReset));
        });
    }

    @Override
    public long configurationChanges() {
        return reconfigurator.changes();
    }

    @Override
    public String toString() {
        return "Hedge[" + name + ", " + settings.config + "]";
    }
}
