package dev.nines.core.hedge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.retry.RetryBudget;
import dev.nines.core.retry.RetryBudgetConfig;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HedgeConfigTest {

    @Test
    void defaultsAreOneHedgeAfterAFixedHundredMillisecondsWithoutBudget() {
        HedgeConfig config = HedgeConfig.ofDefaults();
        assertThat(config.maxAttempts()).isEqualTo(2);
        assertThat(config.delay()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.latencyQuantile()).isEmpty();
        assertThat(config.retryBudget()).isEmpty();
        assertThat(config.gate()).isSameAs(HedgeGate.alwaysOpen());
        assertThat(config.isHedgedException(new RuntimeException())).isTrue();
        assertThat(config.isHedgedResult("anything")).isFalse();
    }

    @Test
    void staticFactoriesAndToBuilderKeepEveryValue() {
        RetryBudget budget = RetryBudget.of(RetryBudgetConfig.ofDefaults(), ManualTimeSource.at(Instant.EPOCH));
        HedgeConfig quantile = HedgeConfig.ofLatencyQuantile(0.9, 4).toBuilder()
                .latencyWindow(Duration.ofSeconds(30))
                .minimumNumberOfCalls(10)
                .retryBudget(budget, false)
                .gate(HedgeGate.closed())
                .hedgeOnResult("empty"::equals)
                .build();
        HedgeConfig copy = quantile.toBuilder().build();
        assertThat(copy.maxAttempts()).isEqualTo(4);
        assertThat(copy.latencyQuantile()).hasValue(0.9);
        assertThat(copy.latencyWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(copy.minimumNumberOfCalls()).isEqualTo(10);
        assertThat(copy.retryBudget()).containsSame(budget);
        assertThat(copy.recordRequestsInBudget()).isFalse();
        assertThat(copy.gate()).isSameAs(HedgeGate.closed());
        assertThat(copy.isHedgedResult("empty")).isTrue();
        assertThat(copy.toBuilder().fixedDelay().withoutRetryBudget().build())
                .satisfies(c -> assertThat(c.latencyQuantile()).isEmpty())
                .satisfies(c -> assertThat(c.retryBudget()).isEmpty());
        assertThat(HedgeConfig.ofFixedDelay(Duration.ofMillis(7), 3).delay()).isEqualTo(Duration.ofMillis(7));
        assertThat(copy.toString()).contains("maxAttempts=4", "latencyQuantile=0.9");
    }

    @Test
    void badValuesAreRefusedNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> HedgeConfig.builder().maxAttempts(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be in [2, 16], was 1");
        assertThatThrownBy(() -> HedgeConfig.builder().maxAttempts(17)).hasMessageContaining("was 17");
        assertThatThrownBy(() -> HedgeConfig.builder().delay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delay must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> HedgeConfig.builder().delayAtLatencyQuantile(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latencyQuantile must be in (0, 1), was 1.0");
        assertThatThrownBy(() -> HedgeConfig.builder().delayAtLatencyQuantile(Double.NaN))
                .hasMessage("latencyQuantile must be in (0, 1), was NaN");
        assertThatThrownBy(() -> HedgeConfig.builder().latencyWindow(Duration.ofMillis(50)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latencyWindow must be in [PT0.1S, PT1H], was PT0.05S");
        assertThatThrownBy(() -> HedgeConfig.builder().minimumNumberOfCalls(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimumNumberOfCalls must be at least 1, was 0");
        assertThatThrownBy(() -> HedgeConfig.builder().gate(null)).isInstanceOf(NullPointerException.class);
    }
}
