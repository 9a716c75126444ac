package dev.nines.core.micrometer;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerEvent;
import dev.nines.core.circuitbreaker.CircuitBreakerRegistry;
import dev.nines.core.internal.MeterBindings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

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
 *   <li>{@code nines.circuitbreaker.slow.calls} (gauge, tag {@code kind} = {@code successful},
 *       {@code failed}): the slow calls in the sliding window by outcome;</li>
 *   <li>{@code nines.circuitbreaker.calls} (timer, tag {@code kind} = {@code successful},
 *       {@code failed}, {@code ignored}): every call recorded since binding, with its duration;</li>
 *   <li>{@code nines.circuitbreaker.not.permitted.calls} (counter, tag {@code kind} =
 *       {@code not_permitted}): every call rejected since binding, whatever the states between;</li>
 *   <li>{@code nines.circuitbreaker.failure.ratio} and {@code nines.circuitbreaker.slow.call.ratio}
 *       (gauges, 0..1): failed and slow calls over buffered calls. Until the window holds the
 *       minimum number of calls there is no rate, and these meters report no sample at all (not
 *       {@code NaN}, not resilience4j's {@code -1}), so an alert on them cannot fire on nothing.</li>
 * </ul>
 * The names after the prefix and the tags are those of resilience4j-micrometer's tagged metrics
 * ({@code resilience4j.circuitbreaker.calls}, {@code .not.permitted.calls}, {@code .state},
 * {@code .buffered.calls}, {@code .slow.calls}), so a dashboard carries over by changing the
 * prefix. The gauges read the breaker when scraped; the timer and the counter listen to the
 * breaker's events, as resilience4j's do, so a bound breaker builds one event per call. As in
 * resilience4j, a {@code FORCED_OPEN} or {@code DISABLED} breaker publishes no call events, so its
 * rejections are not counted. Thread-safe.
 *
 * <pre>{@code
 * CircuitBreakerMetrics.ofRegistry(breakers).bindTo(meterRegistry); // present and future breakers
 * CircuitBreakerMetrics.of(breaker).bindTo(meterRegistry);          // one breaker
 * }</pre>
 *
 * <p>Each policy also gets {@code nines.circuitbreaker.configuration.changes} (function counter, tag
 * {@code name}): the live reconfigurations applied to it ({@link
 * dev.nines.core.policy.Reconfigurable#configurationChanges()}).
 */
public final class CircuitBreakerMetrics implements MeterBinder, AutoCloseable {

    private final List<CircuitBreaker> breakers;
    private final @Nullable CircuitBreakerRegistry registry;
    private final MeterBindings bindings = new MeterBindings("nines.circuitbreaker.");

    private CircuitBreakerMetrics(List<CircuitBreaker> breakers, @Nullable CircuitBreakerRegistry registry) {
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

    /**
     * Registers the meters of every breaker in {@code meterRegistry} and follows their events (and,
     * for a registry of breakers, the breakers it creates later) until {@link #unbindFrom} or {@link
     * #close}. Binding the same meter registry again does nothing.
     *
     * @param meterRegistry the meter registry
     */
    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        Objects.requireNonNull(meterRegistry, "meterRegistry");
        if (!bindings.bind(meterRegistry)) {
            return; // bound already: a second event listener would count every call twice
        }
        for (CircuitBreaker breaker : breakers) {
            bindings.whileBound(meterRegistry, () -> bind(breaker, meterRegistry));
        }
        if (registry != null) {
            bindings.subscribe(
                    meterRegistry,
                    registry.onEntryAdded(
                            breaker -> bindings.whileBound(meterRegistry, () -> bind(breaker, meterRegistry))));
            for (CircuitBreaker breaker : registry.all()) {
                bindings.whileBound(meterRegistry, () -> bind(breaker, meterRegistry));
            }
        }
    }

    /**
     * Stops feeding {@code meterRegistry}: closes this binder's event listeners on the breakers (and
     * its registry) and removes the meters it registered there (meters registered for the same
     * breakers by another binder included). Binding it again later starts afresh.
     *
     * @param meterRegistry the meter registry
     * @return {@code false} if this binder was not bound to it
     */
    public boolean unbindFrom(MeterRegistry meterRegistry) {
        return bindings.unbind(Objects.requireNonNull(meterRegistry, "meterRegistry"));
    }

    /** Unbinds from every meter registry this binder was bound to (see {@link #unbindFrom}). */
    @Override
    public void close() {
        bindings.close();
    }

    private void bind(CircuitBreaker breaker, MeterRegistry meterRegistry) {
        bindings.own(meterRegistry, "name", breaker.name());
        Tags tags = Tags.of("name", breaker.name());
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("nines.circuitbreaker.state", breaker, b -> b.state() == state ? 1 : 0)
                    .description("1 if the circuit breaker is in this state, else 0")
                    .tags(tags)
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .strongReference(true)
                    .register(meterRegistry);
        }
        buffered(breaker, meterRegistry, tags, "successful", m -> m.numberOfSuccessfulCalls());
        buffered(breaker, meterRegistry, tags, "failed", m -> m.numberOfFailedCalls());
        buffered(breaker, meterRegistry, tags, "slow_successful", m -> m.numberOfSlowSuccessfulCalls());
        buffered(breaker, meterRegistry, tags, "slow_failed", m -> m.numberOfSlowFailedCalls());
        slow(breaker, meterRegistry, tags, "successful", m -> m.numberOfSlowSuccessfulCalls());
        slow(breaker, meterRegistry, tags, "failed", m -> m.numberOfSlowFailedCalls());
        ratio(
                breaker,
                meterRegistry,
                tags,
                "nines.circuitbreaker.failure.ratio",
                "Failed calls over buffered calls; no sample below the minimum number of calls",
                m -> m.failureRate());
        ratio(
                breaker,
                meterRegistry,
                tags,
                "nines.circuitbreaker.slow.call.ratio",
                "Slow calls over buffered calls; no sample below the minimum number of calls",
                m -> m.slowCallRate());

        Timer successful = calls(meterRegistry, tags, "successful", "Calls recorded as successful");
        Timer failed = calls(meterRegistry, tags, "failed", "Calls recorded as failed");
        Timer ignored = calls(meterRegistry, tags, "ignored", "Calls that failed with an ignored exception");
        Counter notPermitted = Counter.builder("nines.circuitbreaker.not.permitted.calls")
                .description("Calls rejected, cumulative across states")
                .tags(tags)
                .tag("kind", "not_permitted")
                .register(meterRegistry);
        Instances.configurationChanges(meterRegistry, "circuitbreaker", breaker.name(), breaker);
        bindings.subscribe(meterRegistry, breaker.onEvent(event -> {
            if (event instanceof CircuitBreakerEvent.Success success) {
                successful.record(success.durationNanos(), TimeUnit.NANOSECONDS);
            } else if (event instanceof CircuitBreakerEvent.Error error) {
                failed.record(error.durationNanos(), TimeUnit.NANOSECONDS);
            } else if (event instanceof CircuitBreakerEvent.IgnoredError error) {
                ignored.record(error.durationNanos(), TimeUnit.NANOSECONDS);
            } else if (event instanceof CircuitBreakerEvent.CallNotPermitted) {
                notPermitted.increment();
            }
        }));
    }

    private static Timer calls(MeterRegistry meterRegistry, Tags tags, String kind, String description) {
        return Timer.builder("nines.circuitbreaker.calls")
                .description(description)
                .tags(tags)
                .tag("kind", kind)
                .register(meterRegistry);
    }

    private static void slow(
            CircuitBreaker breaker,
            MeterRegistry meterRegistry,
            Tags tags,
            String kind,
            ToDoubleFunction<CircuitBreaker.Metrics> count) {
        Gauge.builder("nines.circuitbreaker.slow.calls", breaker, b -> count.applyAsDouble(b.metrics()))
                .description("Slow calls in the sliding window, by outcome")
                .tags(tags)
                .tag("kind", kind)
                .strongReference(true)
                .register(meterRegistry);
    }

    /**
     * A gauge with a sample only while the rate is defined: a custom meter whose measurements are
     * read at each scrape, empty below the minimum number of calls.
     */
    private static void ratio(
            CircuitBreaker breaker,
            MeterRegistry meterRegistry,
            Tags tags,
            String name,
            String description,
            ToDoubleFunction<CircuitBreaker.Metrics> percent) {
        Iterable<Measurement> measurements = () -> {
            double rate = percent.applyAsDouble(breaker.metrics());
            return rate < 0
                    ? Collections.emptyIterator()
                    : List.of(new Measurement(() -> rate / 100.0, Statistic.VALUE))
                            .iterator();
        };
        Meter.builder(name, Meter.Type.GAUGE, measurements)
                .description(description)
                .tags(tags)
                .register(meterRegistry);
    }

    private static void buffered(
            CircuitBreaker breaker,
            MeterRegistry meterRegistry,
            Tags tags,
            String kind,
            ToDoubleFunction<CircuitBreaker.Metrics> count) {
        Gauge.builder("nines.circuitbreaker.buffered.calls", breaker, b -> count.applyAsDouble(b.metrics()))
                .description("Calls in the sliding window, by outcome")
                .tags(tags)
                .tag("kind", kind)
                .strongReference(true)
                .register(meterRegistry);
    }
}
