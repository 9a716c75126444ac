package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.bulkhead.BulkheadRegistry;
import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.chaos.ChaosRegistry;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.circuitbreaker.CircuitBreakerRegistry;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryBudgetConfig;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.retry.RetryRegistry;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The {@code configuration.changes} counters count live reconfigurations of bound policies. */
class ConfigurationChangesMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    private double changes(String meter, String name) {
        return meters.get(meter).tag("name", name).functionCounter().count();
    }

    @Test
    void aReconfigurationThroughTheRegistryCountsOnTheBoundPolicy() {
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.ofDefaults(), time);
        BulkheadRegistry bulkheads = BulkheadRegistry.of(BulkheadConfig.ofDefaults(), time);
        CircuitBreakerMetrics.ofRegistry(breakers).bindTo(meters);
        BulkheadMetrics.ofRegistry(bulkheads).bindTo(meters);
        breakers.circuitBreaker("payments");
        bulkheads.bulkhead("db");
        assertThat(changes("nines.circuitbreaker.configuration.changes", "payments"))
                .isZero();

        breakers.reconfigure(
                "payments",
                CircuitBreakerConfig.builder().failureRateThreshold(20).build());
        breakers.reconfigure(
                "payments",
                CircuitBreakerConfig.builder().failureRateThreshold(30).build());
        bulkheads.reconfigure(
                "db", BulkheadConfig.builder().maxConcurrentCalls(3).build());

        assertThat(changes("nines.circuitbreaker.configuration.changes", "payments"))
                .isEqualTo(2.0);
        assertThat(changes("nines.bulkhead.configuration.changes", "db")).isEqualTo(1.0);
    }

    @Test
    void aChaosPolicyReconfiguredByNameCountsOnItsMeter() {
        ChaosRegistry policies =
                ChaosRegistry.of(ChaosConfig.builder().fault().enabled(false).build(), time, time::advanceNanos);
        ChaosMetrics.of(policies).bindTo(meters);
        ChaosPolicy payments = policies.chaosPolicy("payments");

        policies.reconfigure(
                "payments", payments.config().toBuilder().injectionRatio(0.5).build());

        assertThat(changes("nines.chaos.configuration.changes", "payments")).isEqualTo(1.0);
    }

    @Test
    void theBudgetGaugeFollowsABudgetReplacedByAReconfiguration() {
        RetryRegistry retries = RetryRegistry.of(
                RetryConfig.builder()
                        .retryBudget(RetryBudgetConfig.ofDefaults())
                        .build(),
                time);
        RetryMetrics.of(retries).bindTo(meters);
        Retry retry = retries.retry("api");
        retry.budget().orElseThrow().recordRequest();
        double before = meters.get("nines.retry.budget.balance")
                .tag("name", "api")
                .gauge()
                .value();

        retry.reconfigure(retry.config().toBuilder()
                .retryBudget(RetryBudgetConfig.builder()
                        .retryRatio(0.5)
                        .minRetriesPerSecond(0)
                        .build())
                .build());
        retry.budget().orElseThrow().recordRequest();

        assertThat(meters.get("nines.retry.budget.balance")
                        .tag("name", "api")
                        .gauge()
                        .value())
                .as("the new budget's balance, not the old one's")
                .isEqualTo(retry.budget().orElseThrow().balance())
                .isNotEqualTo(before);
        assertThat(changes("nines.retry.configuration.changes", "api")).isEqualTo(1.0);
    }
}
