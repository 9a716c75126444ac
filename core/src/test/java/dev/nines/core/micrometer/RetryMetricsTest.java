package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryBudgetConfig;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.retry.RetryRegistry;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void countsCallsByKindRetriesAndBudget() {
        RetryRegistry registry = RetryRegistry.of(
                RetryConfig.builder()
                        .retryBudget(RetryBudgetConfig.builder()
                                .retryRatio(0.0)
                                .minRetriesPerSecond(1)
                                .build())
                        .build(),
                time,
                time::advanceNanos);
        Retry retry = registry.retry("inventory");
        RetryMetrics.of(registry).bindTo(meters);
        int[] calls = {0};

        retry.executeSupplier(() -> "ok");
        retry.executeSupplier(() -> ++calls[0] < 2 ? fail() : "ok");
        for (int i = 0; i < 5; i++) {
            try {
                retry.executeSupplier(RetryMetricsTest::fail);
            } catch (IllegalStateException expected) {
                // retried while the budget allowed
            }
        }

        assertThat(count("nines.retry.calls", "successful_without_retry")).isEqualTo(1.0);
        assertThat(count("nines.retry.calls", "successful_with_retry")).isEqualTo(1.0);
        // Budget: 1 retry/s over 10 s = 10 retries; the success used 1, so 9 remain for the 5 failures.
        assertThat(count("nines.retry.calls", "failed_with_retry")).isEqualTo(5.0);
        assertThat(meters.get("nines.retry.retries")
                        .tag("name", "inventory")
                        .functionCounter()
                        .count())
                .isEqualTo(10.0);
        assertThat(meters.get("nines.retry.budget.exhausted")
                        .tag("name", "inventory")
                        .functionCounter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("nines.retry.budget.balance")
                        .tag("name", "inventory")
                        .gauge()
                        .value())
                .isZero();
    }

    @Test
    void theBudgetGaugeOfARetryWithoutABudgetIsNaNAndFollowsAReconfigurationThatAddsOne() {
        Retry retry = Retry.of("solo", RetryConfig.ofDefaults(), time, time::advanceNanos);
        RetryMetrics.of(retry).bindTo(meters);

        retry.executeSupplier(() -> "ok");

        assertThat(count("nines.retry.calls", "successful_without_retry", "solo"))
                .isEqualTo(1.0);
        assertThat(meters.get("nines.retry.budget.balance")
                        .tag("name", "solo")
                        .gauge()
                        .value())
                .isNaN();
        retry.reconfigure(retry.config().toBuilder()
                .retryBudget(RetryBudgetConfig.ofDefaults())
                .build());
        assertThat(meters.get("nines.retry.budget.balance")
                        .tag("name", "solo")
                        .gauge()
                        .value())
                .isEqualTo(retry.budget().orElseThrow().balance())
                .isNotNaN();
    }

    private static String fail() {
        throw new IllegalStateException("down");
    }

    private double count(String meter, String kind) {
        return count(meter, kind, "inventory");
    }

    private double count(String meter, String kind, String name) {
        return meters.get(meter)
                .tag("name", name)
                .tag("kind", kind)
                .functionCounter()
                .count();
    }
}
