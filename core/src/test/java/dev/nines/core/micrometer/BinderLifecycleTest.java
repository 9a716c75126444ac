package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.adaptivelimit.AdaptiveLimiterConfig;
import dev.nines.core.adaptivelimit.AdaptiveLimiterRegistry;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.bulkhead.BulkheadRegistry;
import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosRegistry;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.circuitbreaker.CircuitBreakerRegistry;
import dev.nines.core.fallback.FallbackConfig;
import dev.nines.core.fallback.FallbackRegistry;
import dev.nines.core.health.HealthRegistry;
import dev.nines.core.health.HealthResult;
import dev.nines.core.hedge.HedgeConfig;
import dev.nines.core.hedge.HedgeRegistry;
import dev.nines.core.ratelimit.RateLimiterConfig;
import dev.nines.core.ratelimit.RateLimiterRegistry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.retry.RetryRegistry;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.time.TimeSource;
import dev.nines.core.timelimit.TimeLimiterConfig;
import dev.nines.core.timelimit.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every core binder can be unbound: binding the same meter registry twice binds once, {@link
 * AutoCloseable#close()} and {@code unbindFrom} close its subscriptions (to the instances' events
 * and to the instances a registry creates later) and remove its meters, one meter registry at a
 * time or all of them, so a short-lived meter registry leaks nothing.
 */
class BinderLifecycleTest {

    private static final ManualTimeSource TIME = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    /** A binder following a registry of instances, and how to make an instance there. */
    record Case(String prefix, MeterBinder binder, Consumer<String> create) {
        @Override
        public String toString() {
            return prefix;
        }

        boolean unbindFrom(MeterRegistry registry) {
            try {
                return (boolean) binder.getClass()
                        .getMethod("unbindFrom", MeterRegistry.class)
                        .invoke(binder, registry);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(binder.getClass() + " has no unbindFrom(MeterRegistry)", e);
            }
        }

        void close() throws Exception {
            ((AutoCloseable) binder).close();
        }
    }

    static Stream<Case> binders() {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.ofDefaults(), TIME);
        BulkheadRegistry bulkheads = BulkheadRegistry.of(BulkheadConfig.ofDefaults(), TIME);
        RetryRegistry retries = RetryRegistry.of(RetryConfig.ofDefaults(), TIME);
        RateLimiterRegistry rateLimiters = RateLimiterRegistry.of(RateLimiterConfig.ofDefaults(), TIME);
        TimeLimiterRegistry timeLimiters = TimeLimiterRegistry.of(TimeLimiterConfig.ofDefaults(), TIME);
        FallbackRegistry fallbacks = FallbackRegistry.of(FallbackConfig.ofDefaults());
        AdaptiveLimiterRegistry limiters = AdaptiveLimiterRegistry.of(AdaptiveLimiterConfig.ofDefaults(), TIME);
        ChaosRegistry chaos = ChaosRegistry.of(ChaosConfig.builder().fault().build(), TIME);
        HedgeRegistry hedges =
                HedgeRegistry.of(HedgeConfig.ofDefaults(), TIME, Runnable::run, ManualScheduler.of(TIME));
        HealthRegistry health = HealthRegistry.builder(TIME, ManualScheduler.of(TIME), Runnable::run)
                .build();
        return Stream.of(
                new Case("nines.circuitbreaker.", CircuitBreakerMetrics.ofRegistry(breakers), breakers::circuitBreaker),
                new Case("nines.bulkhead.", BulkheadMetrics.ofRegistry(bulkheads), bulkheads::bulkhead),
                new Case("nines.retry.", RetryMetrics.of(retries), retries::retry),
                new Case("nines.ratelimiter.", RateLimiterMetrics.ofRegistry(rateLimiters), rateLimiters::rateLimiter),
                new Case("nines.timelimiter.", TimeLimiterMetrics.of(timeLimiters), timeLimiters::timeLimiter),
                new Case("nines.fallback.", FallbackMetrics.of(fallbacks), fallbacks::fallback),
                new Case("nines.adaptivelimiter.", AdaptiveLimiterMetrics.ofRegistry(limiters), limiters::limiter),
                new Case("nines.chaos.", ChaosMetrics.of(chaos), chaos::chaosPolicy),
                new Case("nines.hedge.", HedgeMetrics.of(hedges), hedges::hedge),
                new Case(
                        "nines.health.",
                        HealthMetrics.of(health),
                        name -> health.register(name, () -> HealthResult.up())));
    }

    private static long meters(MeterRegistry registry, String prefix, String name) {
        Predicate<io.micrometer.core.instrument.Meter> mine = m ->
                m.getId().getName().startsWith(prefix) && name.equals(m.getId().getTag("name"));
        return registry.getMeters().stream().filter(mine).count();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binders")
    void unbindingRemovesTheMetersAndStopsFollowingOneMeterRegistryAtATimeOrAll(Case c) throws Exception {
        SimpleMeterRegistry a = new SimpleMeterRegistry();
        SimpleMeterRegistry b = new SimpleMeterRegistry();
        c.create().accept("first");
        c.binder().bindTo(a);
        long once = meters(a, c.prefix(), "first");
        c.binder().bindTo(a); // bound already: nothing more
        c.binder().bindTo(b);
        c.create().accept("later");
        assertThat(once).isPositive();
        assertThat(meters(a, c.prefix(), "first")).isEqualTo(once);
        assertThat(meters(a, c.prefix(), "later")).isPositive();
        assertThat(meters(b, c.prefix(), "later")).isPositive();

        assertThat(c.unbindFrom(a)).isTrue();
        assertThat(a.getMeters()).noneMatch(m -> m.getId().getName().startsWith(c.prefix()));
        assertThat(meters(b, c.prefix(), "first")).isEqualTo(once);
        c.create().accept("afterUnbind");
        assertThat(meters(a, c.prefix(), "afterUnbind")).isZero();
        assertThat(meters(b, c.prefix(), "afterUnbind")).isPositive();

        c.close();
        assertThat(b.getMeters()).noneMatch(m -> m.getId().getName().startsWith(c.prefix()));
        c.create().accept("afterClose");
        assertThat(a.getMeters()).isEmpty();
        assertThat(b.getMeters()).isEmpty();
        assertThat(c.unbindFrom(a)).isFalse();

        c.binder().bindTo(a); // a fresh start
        assertThat(meters(a, c.prefix(), "afterClose")).isPositive();
        c.close();
    }

    /** A clock that counts its readings: a breaker with no event listener reads none per call. */
    private static final class CountingTime implements TimeSource {
        final AtomicLong reads = new AtomicLong();

        @Override
        public long nanoTime() {
            reads.incrementAndGet();
            return TIME.nanoTime();
        }

        @Override
        public Instant now() {
            reads.incrementAndGet();
            return TIME.now();
        }
    }

    @Test
    void aBreakerBoundTwiceCountsEachCallOnceAndAfterCloseNoListenerRemains() {
        CountingTime clock = new CountingTime();
        CircuitBreaker breaker = CircuitBreaker.of(
                "psp",
                CircuitBreakerConfig.builder().slowCallDetectionEnabled(false).build(),
                clock);
        breaker.executeSupplier(() -> "no listener yet");
        assertThat(clock.reads).as("no listener: no clock reading").hasValue(0);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CircuitBreakerMetrics metrics = CircuitBreakerMetrics.of(breaker);
        metrics.bindTo(registry);
        metrics.bindTo(registry);
        breaker.executeSupplier(() -> "ok");
        Timer successful = registry.get("nines.circuitbreaker.calls")
                .tags("name", "psp", "kind", "successful")
                .timer();
        assertThat(successful.count()).isEqualTo(1);
        assertThat(clock.reads.get()).as("a listener: events read the clock").isPositive();

        metrics.close();
        long readsAtClose = clock.reads.get();
        breaker.executeSupplier(() -> "after close");
        assertThat(successful.count())
                .as("the removed timer hears nothing more")
                .isEqualTo(1);
        assertThat(clock.reads).as("no listener left: no clock reading").hasValue(readsAtClose);
        assertThat(registry.getMeters()).isEmpty();
    }
}
