package dev.nines.core.micrometer;

import dev.nines.core.internal.MeterBindings;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryBudget;
import dev.nines.core.retry.RetryRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Binds {@link Retry} counters to Micrometer (tag {@code name} = the retry's name):
 * <ul>
 *   <li>{@code nines.retry.calls} (counter, tag {@code kind} = {@code successful_without_retry},
 *       {@code successful_with_retry}, {@code failed_without_retry}, {@code failed_with_retry});</li>
 *   <li>{@code nines.retry.retries} (counter): attempts after the first;</li>
 *   <li>{@code nines.retry.budget.exhausted} (counter): calls whose retrying the budget stopped;</li>
 *   <li>{@code nines.retry.budget.balance} (gauge): retries the budget would allow now; {@code NaN}
 *       while the retry has no budget. Registered for every retry, so that it follows a
 *       reconfiguration that adds or removes a budget.</li>
 * </ul>
 * Meters read the live counters when scraped; nothing is added to the call path. Thread-safe.
 *
 * <pre>{@code
 * RetryMetrics.of(retryRegistry).bindTo(meterRegistry);
 * RetryMetrics.of(retry).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Each policy also gets {@code nines.retry.configuration.changes} (function counter, tag
 * {@code name}): the live reconfigurations applied to it ({@link
 * dev.nines.core.policy.Reconfigurable#configurationChanges()}).
 */
public final class RetryMetrics implements MeterBinder, AutoCloseable {

    private final Instances<Retry> retries;
    private final MeterBindings bindings = new MeterBindings("nines.retry.");

    private RetryMetrics(Instances<Retry> retries) {
        this.retries = retries;
    }

    /**
     * Returns a binder for one retry.
     *
     * @param retry the retry
     * @return the binder
     */
    public static RetryMetrics of(Retry retry) {
        Objects.requireNonNull(retry, "retry");
        List<Retry> one = List.of(retry);
        return new RetryMetrics(Instances.of(one));
    }

    /**
     * Returns a binder for every retry of {@code registry}, present and future.
     *
     * @param registry the registry
     * @return the binder
     */
    public static RetryMetrics of(RetryRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new RetryMetrics(Instances.following(registry::all, registry::onEntryAdded));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!bindings.bind(registry)) {
            return; // bound already: a second binding would add nothing but work
        }
        retries.forEach(bindings, registry, retry -> {
            bindings.own(registry, "name", retry.name());
            String name = retry.name();
            calls(
                    registry,
                    name,
                    "successful_without_retry",
                    retry,
                    Retry.Metrics::numberOfSuccessfulCallsWithoutRetryAttempt);
            calls(
                    registry,
                    name,
                    "successful_with_retry",
                    retry,
                    Retry.Metrics::numberOfSuccessfulCallsWithRetryAttempt);
            calls(registry, name, "failed_without_retry", retry, Retry.Metrics::numberOfFailedCallsWithoutRetryAttempt);
            calls(registry, name, "failed_with_retry", retry, Retry.Metrics::numberOfFailedCallsWithRetryAttempt);
            FunctionCounter.builder(
                            "nines.retry.retries", retry, r -> r.metrics().numberOfRetryAttempts())
                    .description("Attempts after the first")
                    .tag("name", name)
                    .register(registry);
            FunctionCounter.builder(
                            "nines.retry.budget.exhausted",
                            retry,
                            r -> r.metrics().numberOfBudgetExhaustedCalls())
                    .description("Calls whose retrying was stopped by the retry budget")
                    .tag("name", name)
                    .register(registry);
            // Registered whatever the budget now: a reconfiguration may add or remove one, and the
            // gauge reads it through the retry at each scrape (NaN while there is none).
            Gauge.builder(
                            "nines.retry.budget.balance",
                            retry,
                            r -> r.budget().map(RetryBudget::balance).orElse(Double.NaN))
                    .description("Retries the budget would allow now; NaN without a budget")
                    .tag("name", name)
                    .register(registry);
            Instances.configurationChanges(registry, "retry", name, retry);
        });
    }

    /**
     * Stops feeding {@code registry}: closes this binder's subscriptions for it and removes the
     * meters it registered there (those of every instance it bound, meters registered for the same
     * instance by another binder included). Binding it again later starts afresh.
     *
     * @param registry the meter registry
     * @return {@code false} if this binder was not bound to it
     */
    public boolean unbindFrom(MeterRegistry registry) {
        return bindings.unbind(Objects.requireNonNull(registry, "registry"));
    }

    /** Unbinds from every meter registry this binder was bound to (see {@link #unbindFrom}). */
    @Override
    public void close() {
        bindings.close();
    }

    private static void calls(
            MeterRegistry registry, String name, String kind, Retry retry, ToLongFunction<Retry.Metrics> count) {
        FunctionCounter.builder("nines.retry.calls", retry, r -> count.applyAsLong(r.metrics()))
                .description("Retried calls by outcome")
                .tag("name", name)
                .tag("kind", kind)
                .register(registry);
    }
}
