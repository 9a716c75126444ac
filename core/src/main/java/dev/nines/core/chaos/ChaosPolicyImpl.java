package dev.nines.core.chaos;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Reconfigurator;
import dev.nines.core.retry.Sleeper;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The {@link ChaosPolicy} implementation. */
final class ChaosPolicyImpl implements ChaosPolicy {

    private final String name;
    private final TimeSource timeSource;
    private final Sleeper sleeper;
    private final InjectedFaultLabel label;
    private final EventListeners<ChaosEvent> listeners;
    private final @Nullable EventListeners<ChaosEvent> registryListeners;
    private final LongAdder injections = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder injectedLatencyNanos = new LongAdder();
    private final Object switchLock = new Object();
    // The configuration in force and what calls derive from it, swapped as a whole by
    // reconfigure(); a call reads it once.
    private volatile Settings settings;
    private final Reconfigurator<ChaosConfig> reconfigurator =
            new Reconfigurator<>(() -> this.settings.config, this::listening);

    /** The switch: null while disabled, else the guard asked before each injection. */
    private volatile @Nullable InjectionGuard active;

    /** A configuration and what calls derive from it. */
    private static final class Settings {
        final ChaosConfig config;
        final ChaosKind kind;
        final double injectionRatio;
        final BooleanSupplier scope;
        final DoubleSupplier random;
        final long latencyNanos;
        final Supplier<? extends Throwable> faults;
        final Supplier<?> outcomes;
        final Runnable behavior;

        Settings(String name, ChaosConfig config) {
            this.config = config;
            this.kind = config.kind();
            this.injectionRatio = config.injectionRatio();
            this.scope = config.scope();
            this.random = config.randomSource();
            this.latencyNanos = config.latency().toNanos();
            this.faults = config.fault()
                    .<Supplier<? extends Throwable>>map(generator -> generator)
                    .orElse(() -> new InjectedFaultException(name, "fault injected by chaos policy '" + name + "'"));
            this.outcomes =
                    config.outcome().<Supplier<?>>map(generator -> generator).orElse(() -> null);
            this.behavior = config.behavior().orElse(() -> {});
        }
    }

    ChaosPolicyImpl(
            String name,
            ChaosConfig config,
            TimeSource timeSource,
            Sleeper sleeper,
            @Nullable EventListeners<ChaosEvent> registryListeners) {
        this.name = name;
        this.timeSource = timeSource;
        this.sleeper = sleeper;
        this.settings = new Settings(name, config);
        this.label = new InjectedFaultLabel(name);
        this.listeners = EventListeners.create("chaos policy '" + name + "'");
        this.registryListeners = registryListeners;
        this.active = config.enabled() ? InjectionGuard.UNLIMITED : null;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChaosConfig config() {
        return settings.config;
    }

    @Override
    public Metrics metrics() {
        return new Metrics(active != null, injections.sum(), refused.sum(), injectedLatencyNanos.sum());
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public boolean isEnabled() {
        return active != null;
    }

    @Override
    public boolean isGuarded() {
        InjectionGuard guard = active;
        return guard != null && guard != InjectionGuard.UNLIMITED;
    }

    @Override
    public void enable() {
        switchTo(InjectionGuard.UNLIMITED);
    }

    @Override
    public void enable(InjectionGuard guard) {
        switchTo(Objects.requireNonNull(guard, "guard"));
    }

    @Override
    public void disable() {
        switchTo(null);
    }

    private void switchTo(@Nullable InjectionGuard next) {
        InjectionGuard previous = swapSwitch(next);
        if (previous != next && listening()) {
            publishSwitched(next);
        }
    }

    private @Nullable InjectionGuard swapSwitch(@Nullable InjectionGuard next) {
        synchronized (switchLock) {
            InjectionGuard previous = active;
            active = next;
            return previous;
        }
    }

    private void publishSwitched(@Nullable InjectionGuard now) {
        publish(new ChaosEvent.Switched(name, now != null, now != null && now != InjectionGuard.UNLIMITED));
    }

    @Override
    public ChaosConfig reconfigure(ChaosConfig newConfig) {
        return reconfigurator.reconfigure(newConfig, (old, next) -> {
            if (next.kind() != old.kind()) {
                throw new IllegalArgumentException("kind cannot change while the chaos policy runs (it is " + old.kind()
                        + ": its events and meters are labelled with it), was " + next.kind());
            }
            settings = new Settings(name, next);
            // A changed `enabled` switches the policy; an unchanged one leaves the switch, and the
            // guard of an experiment in progress, as they are.
            boolean switched = false;
            InjectionGuard now = active;
            if (next.enabled() != old.enabled()) {
                now = next.enabled() ? InjectionGuard.UNLIMITED : null;
                switched = swapSwitch(now) != now;
            }
            boolean announceSwitch = switched;
            InjectionGuard announced = now;
            return () -> {
                publish(new ChaosEvent.ConfigurationChanged(name, old, next));
                if (announceSwitch) {
                    publishSwitched(announced);
                }
            };
        });
    }

    @Override
    public long configurationChanges() {
        return reconfigurator.changes();
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super ChaosEvent> listener) {
        return listeners.register(listener);
    }

    /**
     * Decides whether this call is injected: enabled, in scope, drawn below the ratio, and granted
     * by the guard. Allocates nothing.
     */
    private boolean chosen(Settings s) {
        InjectionGuard guard = active;
        if (guard == null || !s.scope.getAsBoolean() || !(s.random.getAsDouble() < s.injectionRatio)) {
            return false;
        }
        if (!guard.tryAcquireInjection()) {
            refused.increment();
            return false;
        }
        return true;
    }

    @Override
    public <T> T executeSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        Settings s = settings;
        if (!chosen(s)) {
            return supplier.get();
        }
        switch (s.kind) {
            case FAULT:
                throw unchecked(injectFault(s));
            case OUTCOME:
                return asResult(injectOutcome(s));
            case LATENCY:
                injectLatency(s);
                return supplier.get();
            case BEHAVIOR:
                Throwable failure = injectBehavior(s);
                if (failure != null) {
                    throw unchecked(failure);
                }
                return supplier.get();
            default:
                throw new AssertionError(s.kind);
        }
    }

    @Override
    public <T> T executeCallable(Callable<T> callable) throws Exception {
        Objects.requireNonNull(callable, "callable");
        Settings s = settings;
        if (!chosen(s)) {
            return callable.call();
        }
        switch (s.kind) {
            case FAULT:
                throw checked(injectFault(s));
            case OUTCOME:
                return asResult(injectOutcome(s));
            case LATENCY:
                injectLatency(s);
                return callable.call();
            case BEHAVIOR:
                Throwable failure = injectBehavior(s);
                if (failure != null) {
                    throw checked(failure);
                }
                return callable.call();
            default:
                throw new AssertionError(s.kind);
        }
    }

    @Override
    public void executeRunnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        Settings s = settings;
        if (!chosen(s)) {
            runnable.run();
            return;
        }
        switch (s.kind) {
            case FAULT:
                throw unchecked(injectFault(s));
            case OUTCOME:
                Object unused = injectOutcome(s);
                return;
            case LATENCY:
                injectLatency(s);
                runnable.run();
                return;
            case BEHAVIOR:
                Throwable failure = injectBehavior(s);
                if (failure != null) {
                    throw unchecked(failure);
                }
                runnable.run();
                return;
            default:
                throw new AssertionError(s.kind);
        }
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(supplier, "supplier");
        Settings s = settings;
        if (!chosen(s)) {
            return start(supplier);
        }
        switch (s.kind) {
            case FAULT:
                return CompletableFuture.failedFuture(injectFault(s));
            case OUTCOME:
                T result = asResult(injectOutcome(s));
                return CompletableFuture.completedFuture(result);
            case LATENCY:
                return startLater(s, scheduler, supplier);
            case BEHAVIOR:
                Throwable failure = injectBehavior(s);
                return failure != null ? CompletableFuture.failedFuture(failure) : start(supplier);
            default:
                throw new AssertionError(s.kind);
        }
    }

    private static <T> CompletionStage<T> start(Supplier<? extends CompletionStage<T>> supplier) {
        try {
            return Objects.requireNonNull(supplier.get(), "the supplier returned a null stage");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletionStage<T> startLater(
            Settings s, ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        CompletableFuture<T> promise = new CompletableFuture<>();
        counted(listening() ? new ChaosEvent.LatencyInjected(name, s.config.latency()) : null, s.latencyNanos);
        Runnable startCall = () -> {
            // The relay's own stage carries nothing more: the promise is what the caller holds.
            CompletionStage<T> unused = start(supplier).whenComplete((result, failure) -> {
                if (failure == null) {
                    promise.complete(result);
                } else {
                    promise.completeExceptionally(failure);
                }
            });
        };
        try {
            ScheduledFuture<?> timer = scheduler.schedule(startCall, s.latencyNanos, TimeUnit.NANOSECONDS);
            // A caller that cancels the returned stage while the latency runs cancels the start.
            CompletableFuture<T> unused = promise.whenComplete((result, failure) -> timer.cancel(false));
        } catch (RejectedExecutionException e) {
            promise.completeExceptionally(e);
        }
        return promise;
    }

    /** Makes, labels and counts a fault; returns it for the caller to throw. */
    private Throwable injectFault(Settings s) {
        Throwable fault;
        try {
            fault = s.faults.get();
        } catch (Throwable generatorFailure) { // a generator that throws, even sneakily, injects what it threw
            fault = generatorFailure;
        }
        Throwable labelled = label.label(fault);
        counted(listening() ? new ChaosEvent.FaultInjected(name, labelled) : null, 0);
        return labelled;
    }

    /** Makes and counts an outcome; the caller casts it to the calls' type, as documented. */
    private @Nullable Object injectOutcome(Settings s) {
        Object result = s.outcomes.get();
        counted(listening() ? new ChaosEvent.OutcomeInjected(name, result) : null, 0);
        return result;
    }

    // ChaosConfig.outcome documents that the result must be of the calls' type; it may be null, as a
    // call's own result may.
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals", "NullAway"})
    private static <T> T asResult(@Nullable Object outcome) {
        return (T) outcome;
    }

    /** Waits out the latency; an interrupt ends the wait early, is kept on the thread, and the call is made. */
    private void injectLatency(Settings s) {
        counted(listening() ? new ChaosEvent.LatencyInjected(name, s.config.latency()) : null, s.latencyNanos);
        try {
            sleeper.sleep(s.latencyNanos);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the behaviour; returns its failure, labelled, or null. */
    private @Nullable Throwable injectBehavior(Settings s) {
        counted(listening() ? new ChaosEvent.BehaviorInjected(name) : null, 0);
        try {
            s.behavior.run();
            return null;
        } catch (Throwable failure) { // even a checked exception thrown sneakily is labelled
            return label.label(failure);
        }
    }

    private void counted(@Nullable ChaosEvent event, long latency) {
        injections.increment();
        if (latency > 0) {
            injectedLatencyNanos.add(latency);
        }
        if (event != null) {
            publish(event);
        }
    }

    private RuntimeException unchecked(Throwable fault) {
        if (fault instanceof RuntimeException runtime) {
            return runtime;
        }
        if (fault instanceof Error error) {
            throw error;
        }
        return new InjectedFaultException(
                name, "checked fault injected by chaos policy '" + name + "': " + fault, fault);
    }

    private Exception checked(Throwable fault) {
        if (fault instanceof Exception exception) {
            return exception;
        }
        if (fault instanceof Error error) {
            throw error;
        }
        return new InjectedFaultException(name, "fault injected by chaos policy '" + name + "': " + fault, fault);
    }

    private boolean listening() {
        return listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners());
    }

    private void publish(ChaosEvent event) {
        listeners.publish(event);
        if (registryListeners != null) {
            registryListeners.publish(event);
        }
    }

    @Override
    public String toString() {
        return "ChaosPolicy[" + name + ", " + settings.config + ", " + (active != null ? "enabled" : "disabled") + "]";
    }
}
