package dev.nines.core.micrometer;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds circuit breakers to a Micrometer {@link MeterRegistry}.
 *
 * <p>Meters, each tagged {@code name} (the breaker's name):
 * <ul>
 *   <li>{@code nines.circuitbreaker.state} (gauge, tag {@code state}): 1 for the current state,
 *       0 for the others;</li>
 *   <li>{@code nines.circuitbreaker.buffered.calls} (gauge, tag {@code kind} =
 *       {@code successful}, {@code failed}, {@code slow_successful}, {@code slow_failed}): the
 *       calls in the sliding window by outcome ({@code successful} and {@code failed} include the
 *       slow ones);</li>
 *   <li>{@code nines.circuitbreaker.not.permitted.calls} (gauge): calls rejected since the current
 *       state began;</li>
 *   <li>{@code nines.circuitbreaker.failure.ratio} and {@code nines.circuitbreaker.slow.call.ratio}
 *       (gauges, 0..1): failed and slow calls over buffered calls; {@code NaN} until the window
 *       holds the minimum number of calls.</li>
 * </ul>
 * The meters read the breaker when scraped: binding adds no work to calls. Thread-safe.
 *
 * <pre>{@code
 * CircuitBreakerMetrics.ofRegistry(breakers).bindTo(meterRegistry); // present and future breakers
 * CircuitBreakerMetrics.of(breaker).bindTo(meterRegistry);          // one breaker
 * }</pre>
 */
public final class CircuitBreakerMetrics implements MeterBinder {

    private final List<CircuitBreaker> breakers;
    private final CircuitBreakerRegistry registry;

    private CircuitBreakerMetrics(List<CircuitBreaker> breakers, CircuitBreakerRegistry registry) {
        this.breakers = breakers;
        this.registry = registry;
    }

    /**
     * Creates a binder for one breaker.
     *
     * @param breaker the breaker
     * @return a binder
     */
    public static CircuitBreakerMetrics of(CircuitBreaker breaker) {
        return new CircuitBreakerMetrics(List.of(Objects.requireNonNull(breaker, "breaker")), null);
    }

    /**
     * Creates a binder for the given breakers.
     *
     * @param breakers the breakers
     * @return a binder
     */
    public static CircuitBreakerMetrics of(Iterable<? extends CircuitBreaker> breakers) {
        Objects.requireNonNull(breakers, "breakers");
        List<CircuitBreaker> copy = new java.util.ArrayList<>();
        for (CircuitBreaker breaker : breakers) {
            copy.add(Objects.requireNonNull(breaker, "breaker"));
        }
        return new CircuitBreakerMetrics(List.copyOf(copy), null);
    }

    /**
     * Creates a binder for every breaker of {@code registry}: those it holds when bound, and those
     * it creates later.
     *
     * @param registry the breaker registry
     * @return a binder
     */
    public static CircuitBreakerMetrics ofRegistry(CircuitBreakerRegistry registry) {
        return new CircuitBreakerMetrics(List.of(), Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        for (CircuitBreaker breaker : breakers) {
            bind(breaker, meterRegistry);
        }
        if (registry != null) {
            registry.onEntryAdded(breaker -> bind(breaker, meterRegistry));
            for (CircuitBreaker breaker : registry.all()) {
                bind(breaker, meterRegistry);
            }
        }
    }

    private static void bind(CircuitBreaker breaker, MeterRegistry meterRegistry) {
        Tags tags = Tags.of("name", breaker.name());
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("nines.circuitbreaker.state", breaker, b -> b.state() == state ? 1 : 0)
                    .description("1 if the circuit breaker is in this state, else 0")
                    .tags(tags).tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .strongReference(true)
                    .register(meterRegistry);
        }
        buffered(breaker, meterRegistry, tags, "successful", m -> m.numberOfSuccessfulCalls());
        buffered(breaker, meterRegistry, tags, "failed", m -> m.numberOfFailedCalls());
        buffered(breaker, meterRegistry, tags, "slow_successful", m -> m.numberOfSlowSuccessfulCalls());
        buffered(breaker, meterRegistry, tags, "slow_failed", m -> m.numberOfSlowFailedCalls());
        Gauge.builder("nines.circuitbreaker.not.permitted.calls", breaker, b -> b.metrics().numberOfNotPermittedCalls())
                .description("Calls rejected since the current state began")
                .tags(tags).strongReference(true).register(meterRegistry);
        Gauge.builder("nines.circuitbreaker.failure.ratio", breaker, b -> ratio(b.metrics().failureRate()))
                .description("Failed calls over buffered calls, NaN below the minimum number of calls")
                .tags(tags).strongReference(true).register(meterRegistry);
        Gauge.builder("nines.circuitbreaker.slow.call.ratio", breaker, b -> ratio(b.metrics().slowCallRate()))
                .description("Slow calls over buffered calls, NaN below the minimum number of calls")
                .tags(tags).strongReference(true).register(meterRegistry);
    }

    private static void buffered(CircuitBreaker breaker, MeterRegistry meterRegistry, Tags tags, String kind,
            ToDoubleFunction<CircuitBreaker.Metrics> count) {
        Gauge.builder("nines.circuitbreaker.buffered.calls", breaker, b -> count.applyAsDouble(b.metrics()))
                .description("Calls in the sliding window, by outcome")
                .tags(tags).tag("kind", kind).strongReference(true).register(meterRegistry);
    }

    private static double ratio(float percent) {
        return percent < 0 ? Double.NaN : percent / 100.0;
    }
}
