package dev.nines.core.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.adaptivelimit.LimitAlgorithm;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.fallback.EntryTtl;
import dev.nines.core.fallback.StaleCacheConfig;
import dev.nines.core.health.HealthCheckConfig;
import dev.nines.core.health.HealthRegistry;
import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.ratelimit.RateLimiterConfig;
import dev.nines.core.retry.Backoff;
import dev.nines.core.retry.RetryBudgetConfig;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.timelimit.TimeLimiterConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every builder and factory of core that takes a {@link Duration} rejects one too long for a
 * {@code long} of nanoseconds with an {@link IllegalArgumentException} naming the field, never a
 * bare {@link ArithmeticException} later on.
 */
class DurationArgumentsTest {

    private static final Duration TOO_LONG = Duration.ofSeconds(Long.MAX_VALUE);
    private static final Duration JUST_TOO_LONG = Arguments.MAX_NANOS.plusNanos(1);
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stop() {
        SCHEDULER.shutdownNow();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> durationTakers() {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        Duration ms = Duration.ofMillis(1);
        return Stream.of(
                taker(
                        "CircuitBreakerConfig.slowCallDurationThreshold",
                        "slowCallDurationThreshold",
                        d -> CircuitBreakerConfig.builder().slowCallDurationThreshold(d)),
                taker(
                        "CircuitBreakerConfig.maxWaitDurationInHalfOpenState",
                        "maxWaitDurationInHalfOpenState",
                        d -> CircuitBreakerConfig.builder().maxWaitDurationInHalfOpenState(d)),
                taker(
                        "CircuitBreakerConfig.waitDurationInOpenState",
                        "waitDurationInOpenState",
                        d -> CircuitBreakerConfig.builder().waitDurationInOpenState(d)),
                taker(
                        "CircuitBreaker.transitionToOpenStateFor",
                        "wait",
                        d -> CircuitBreaker.of("cb", CircuitBreakerConfig.ofDefaults(), time)
                                .transitionToOpenStateFor(d)),
                taker(
                        "RetryConfig.waitDuration",
                        "waitDuration",
                        d -> RetryConfig.builder().waitDuration(d)),
                taker("Backoff.fixed", "waitDuration", Backoff::fixed),
                taker("Backoff.exponential initialInterval", "initialInterval", d -> Backoff.exponential(d, 2.0)),
                taker("Backoff.exponential maxInterval", "maxInterval", d -> Backoff.exponential(ms, 2.0, d)),
                taker(
                        "Backoff.withMaxInterval",
                        "maxInterval",
                        d -> Backoff.fixed(ms).withMaxInterval(d)),
                taker(
                        "RetryBudgetConfig.window",
                        "window",
                        d -> RetryBudgetConfig.builder().window(d)),
                taker(
                        "TimeLimiterConfig.timeoutDuration",
                        "timeoutDuration",
                        d -> TimeLimiterConfig.builder().timeoutDuration(d)),
                taker(
                        "RateLimiterConfig.limitRefreshPeriod",
                        "limitRefreshPeriod",
                        d -> RateLimiterConfig.builder().limitRefreshPeriod(d)),
                taker(
                        "RateLimiterConfig.timeoutDuration",
                        "timeoutDuration",
                        d -> RateLimiterConfig.builder().timeoutDuration(d)),
                taker(
                        "BulkheadConfig.maxWaitDuration",
                        "maxWaitDuration",
                        d -> BulkheadConfig.builder().maxWaitDuration(d)),
                taker(
                        "StaleCacheConfig.freshTtl",
                        "freshTtl",
                        d -> StaleCacheConfig.builder().freshTtl(d)),
                taker(
                        "StaleCacheConfig.staleTtl",
                        "staleTtl",
                        d -> StaleCacheConfig.builder().staleTtl(d)),
                taker("EntryTtl freshTtl", "freshTtl", d -> new EntryTtl(d, Duration.ZERO)),
                taker("EntryTtl staleTtl", "staleTtl", d -> new EntryTtl(ms, d)),
                taker("LimitAlgorithm.Aimd", "timeout", d -> new LimitAlgorithm.Aimd(0.9, d)),
                taker(
                        "LimitAlgorithm.Aimd.withTimeout",
                        "timeout",
                        d -> LimitAlgorithm.aimd().withTimeout(d)),
                taker(
                        "HealthCheckConfig.timeout",
                        "timeout",
                        d -> HealthCheckConfig.builder().timeout(d)),
                taker(
                        "HealthCheckConfig.period",
                        "period",
                        d -> HealthCheckConfig.builder().period(d)),
                taker(
                        "HealthResult.duration",
                        "duration",
                        d -> HealthResult.builder(HealthStatus.UP).duration(d)),
                taker(
                        "HealthRegistry.startupGate",
                        "period",
                        d -> HealthRegistry.builder(time, SCHEDULER, Runnable::run)
                                .startupGate(d, 1)),
                taker("ManualTimeSource.advance", "duration", time::advance));
    }

    private static org.junit.jupiter.params.provider.Arguments taker(
            String name, String field, Consumer<Duration> taker) {
        return org.junit.jupiter.params.provider.Arguments.of(name, field, taker);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durationTakers")
    void rejectsADurationTooLongForNanosecondsNamingTheField(String name, String field, Consumer<Duration> taker) {
        for (Duration d : new Duration[] {TOO_LONG, JUST_TOO_LONG}) {
            assertThatThrownBy(() -> taker.accept(d))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(field);
        }
    }
}
