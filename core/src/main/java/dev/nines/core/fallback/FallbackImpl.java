package dev.nines.core.fallback;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Reconfigurator;
import dev.nines.core.time.TimeSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The {@link Fallback} implementation. */
final class FallbackImpl implements Fallback {

    private final String name;
    // The configuration in force, swapped by reconfigure(); each decision reads it once.
    private volatile FallbackConfig config;
    private final Reconfigurator<FallbackConfig> reconfigurator = new Reconfigurator<>(() -> config, this::listening);
    private final EventListeners<FallbackEvent> listeners;
    private final @Nullable EventListeners<FallbackEvent> registryListeners;
    private final LongAdder withoutFallback = new LongAdder();
    private final LongAdder applied = new LongAdder();
    private final LongAdder fallbackFailures = new LongAdder();
    private final LongAdder unhandled = new LongAdder();

    private final TimeSource timeSource;

    FallbackImpl(
            String name,
            FallbackConfig config,
            TimeSource timeSource,
            @Nullable EventListeners<FallbackEvent> registryListeners) {
        this.name = name;
        this.timeSource = timeSource;
        this.config = config;
        this.listeners = EventListeners.create("fallback '" + name + "'");
        this.registryListeners = registryListeners;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public FallbackConfig config() {
        return config;
    }

    @Override
    public Metrics metrics() {
        return new Metrics(withoutFallback.sum(), applied.sum(), fallbackFailures.sum(), unhandled.sum());
    }

    @Override
    public TimeSource timeSource() {
        return timeSource;
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super FallbackEvent> listener) {
        return listeners.register(listener);
    }

    @Override
    public <T> T executeSupplier(Supplier<T> call, Function<? super Throwable, ? extends T> fallback) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(fallback, "fallback");
        T result;
        try {
            result = call.get();
        } catch (RuntimeException failure) {
            return handleFailure(failure, fallback);
        }
        return handleResult(result, fallback);
    }

    @Override
    public <T> T executeCallable(Callable<T> call, Function<? super Throwable, ? extends T> fallback) throws Exception {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(fallback, "fallback");
        T result;
        try {
            result = call.call();
        } catch (Exception failure) {
            if (!config.handles(failure)) {
                unhandled.increment();
                throw failure;
            }
            return apply(failure, fallback);
        }
        return handleResult(result, fallback);
    }

    private <T> T handleFailure(RuntimeException failure, Function<? super Throwable, ? extends T> fallback) {
        if (!config.handles(failure)) {
            unhandled.increment();
            throw failure;
        }
        return apply(failure, fallback);
    }

    private <T> T handleResult(T result, Function<? super Throwable, ? extends T> fallback) {
        FallbackConfig c = config;
        if (c.checksResults() && c.handlesResult(result)) {
            return apply(new RejectedResultException(name, result), fallback);
        }
        withoutFallback.increment();
        return result;
    }

    private <T> T apply(Throwable cause, Function<? super Throwable, ? extends T> fallback) {
        T value;
        try {
            value = fallback.apply(cause);
        } catch (RuntimeException fallbackFailure) {
            fallbackFailures.increment();
            if (fallbackFailure != cause) {
                fallbackFailure.addSuppressed(cause);
            }
            if (listening()) {
                publish(new FallbackEvent.Failed(name, cause, fallbackFailure));
            }
            throw fallbackFailure;
        }
        applied.increment();
        if (listening()) {
            publish(new FallbackEvent.Applied(name, cause));
        }
        return value;
    }

    @Override
    public <T> CompletionStage<T> executeCompletionStage(
            Supplier<? extends CompletionStage<T>> call, Function<? super Throwable, ? extends T> fallback) {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(fallback, "fallback");
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(call.get(), "the call returned a null stage");
        } catch (RuntimeException failure) {
            stage = CompletableFuture.failedFuture(failure);
        }
        CompletableFuture<T> promise = new CompletableFuture<>();
        stage.whenComplete((result, failure) -> {
            try {
                if (failure == null) {
                    promise.complete(handleResult(result, fallback));
                } else {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause()
                            : failure;
                    if (!config.handles(cause)) {
                        unhandled.increment();
                        promise.completeExceptionally(cause);
                    } else {
                        promise.complete(apply(cause, fallback));
                    }
                }
            } catch (RuntimeException fallbackFailure) {
                promise.completeExceptionally(fallbackFailure);
            }
        });
        return promise;
    }

    private boolean listening() {
        return listeners.hasListeners() || (registryListeners != null && registryListeners.hasListeners());
    }

    private void publish(FallbackEvent event) {
        listeners.publish(event);
        if (registryListeners != null) {
            registryListeners.publish(event);
        }
    }

    @Override
    public String toString() {
        return "Fallback[" + name + ", " + config + "]";
    }

    @Override
    public FallbackConfig reconfigure(FallbackConfig newConfig) {
        return reconfigurator.reconfigure(newConfig, (old, next) -> {
            config = next;
            return () -> publish(new FallbackEvent.ConfigurationChanged(name, old, next));
        });
    }

    @Override
    public long configurationChanges() {
        return reconfigurator.changes();
    }
}
