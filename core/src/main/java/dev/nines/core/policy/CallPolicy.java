package dev.nines.core.policy;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * A {@link Policy} that guards a call: the one family of {@code execute*} and {@code decorate*}
 * methods, for {@link Supplier}, {@link Callable}, {@link Runnable} and {@link CompletionStage}
 * calls. The circuit breaker, retry, bulkhead, rate limiter, time limiter, adaptive limiter, hedge
 * and chaos policy implement it; the fallback keeps the same names with the fallback function as a second argument.
 *
 * <p>A rejection (a breaker that is open, a full bulkhead, a refused rate-limiter permit, an
 * adaptive limiter at its limit) is a {@link CallRejectedException}. Policies that ask for
 * permission name it {@code tryAcquirePermission}.
 *
 * <pre>{@code
 * CallPolicy<?, ?, ?> policy = bulkhead;
 * Supplier<Quote> quote = policy.decorateSupplier(() -> client.quote(symbol));
 * CompletionStage<Quote> later = policy.executeCompletionStage(scheduler, () -> client.quoteAsync(symbol));
 * }</pre>
 *
 * @param <C> the configuration type
 * @param <M> the metrics snapshot type
 * @param <E> the event type
 */
public interface CallPolicy<C, M extends Record, E> extends Policy<C, M, E> {

    /**
     * Runs {@code supplier} under this policy.
     *
     * @param supplier the call
     * @param <T> the result type
     * @return the call's result
     * @throws CallRejectedException if the policy rejects the call
     * @throws RuntimeException the call's own failure, unchanged (wrapped in an unchecked exception
     *     only where a policy's own checked failure, such as a timeout, has to pass a Supplier)
     */
    <T> T executeSupplier(Supplier<T> supplier);

    /**
     * Runs {@code callable} under this policy; checked exceptions pass unchanged.
     *
     * @param callable the call
     * @param <T> the result type
     * @return the call's result
     * @throws Exception the call's failure, or the policy's rejection
     */
    <T> T executeCallable(Callable<T> callable) throws Exception;

    /**
     * Runs {@code runnable} under this policy.
     *
     * @param runnable the call
     * @throws CallRejectedException if the policy rejects the call
     */
    void executeRunnable(Runnable runnable);

    /**
     * Runs an asynchronous call under this policy. Rejections and a {@code supplier} that throws give
     * a failed stage, never an exception from this method.
     *
     * @param scheduler where the policy schedules retries, timeouts or delayed starts; policies that
     *     schedule nothing (breaker, bulkhead, adaptive limiter) do not use it
     * @param supplier starts the call
     * @param <T> the result type
     * @return the call's stage, or a failed stage
     */
    <T> CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier);

    /**
     * Returns {@code supplier} decorated with this policy; each {@code get()} is one
     * {@link #executeSupplier(Supplier)}.
     *
     * @param supplier the call
     * @param <T> the result type
     * @return the decorated supplier
     */
    default <T> Supplier<T> decorateSupplier(Supplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return () -> executeSupplier(supplier);
    }

    /**
     * Returns {@code callable} decorated with this policy; each {@code call()} is one
     * {@link #executeCallable(Callable)}.
     *
     * @param callable the call
     * @param <T> the result type
     * @return the decorated callable
     */
    default <T> Callable<T> decorateCallable(Callable<T> callable) {
        Objects.requireNonNull(callable, "callable");
        return () -> executeCallable(callable);
    }

    /**
     * Returns {@code runnable} decorated with this policy; each {@code run()} is one
     * {@link #executeRunnable(Runnable)}.
     *
     * @param runnable the call
     * @return the decorated runnable
     */
    default Runnable decorateRunnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        return () -> executeRunnable(runnable);
    }

    /**
     * Returns an asynchronous call decorated with this policy; each {@code get()} is one
     * {@link #executeCompletionStage(ScheduledExecutorService, Supplier)}.
     *
     * @param scheduler where the policy schedules retries, timeouts or delayed starts
     * @param supplier starts the call
     * @param <T> the result type
     * @return the decorated supplier
     */
    default <T> Supplier<CompletionStage<T>> decorateCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> supplier) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(supplier, "supplier");
        return () -> executeCompletionStage(scheduler, supplier);
    }
}
