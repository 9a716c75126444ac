package dev.nines.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.ManualTimeSource;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapabilityChecksTest {

    private enum BreakerState {
        CLOSED,
        OPEN,
        HALF_OPEN,
        FORCED_OPEN,
        DISABLED,
        METRICS_ONLY,
        ISOLATED
    }

    @ParameterizedTest
    @CsvSource({
        "CLOSED,UP",
        "OPEN,OUT_OF_SERVICE",
        "HALF_OPEN,DEGRADED",
        "FORCED_OPEN,OUT_OF_SERVICE",
        "DISABLED,UP",
        "METRICS_ONLY,UP",
        "ISOLATED,UNKNOWN"
    })
    void mapsEachCircuitBreakerStateToAStatus(BreakerState state, HealthStatus expected) throws Exception {
        HealthResult result =
                CapabilityChecks.circuitBreaker("payments", () -> state).check();
        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.details()).containsEntry("state", state.name());
    }

    @Test
    void readsTheBreakerStateOnEveryRun() throws Exception {
        AtomicReference<BreakerState> state = new AtomicReference<>(BreakerState.CLOSED);
        HealthCheck check = CapabilityChecks.circuitBreaker("payments", state::get);
        assertThat(check.check().status()).isEqualTo(HealthStatus.UP);
        state.set(BreakerState.OPEN);
        assertThat(check.check().message()).contains("circuit breaker is OPEN: cannot serve payments now");
    }

    @Test
    void anOpenFlagIsOutOfService() throws Exception {
        AtomicBoolean open = new AtomicBoolean();
        HealthCheck check = CapabilityChecks.circuitBreakerOpen("search", open::get);
        assertThat(check.check().status()).isEqualTo(HealthStatus.UP);
        open.set(true);
        assertThat(check.check().status()).isEqualTo(HealthStatus.OUT_OF_SERVICE);
        assertThat(check.check().details()).containsEntry("open", true);
    }

    @ParameterizedTest
    @CsvSource({
        "10,10,UP",
        "3,10,UP",
        "2,10,DEGRADED",
        "1,10,DEGRADED",
        "0,10,OUT_OF_SERVICE",
        "-1,10,OUT_OF_SERVICE",
        "5,0,UNKNOWN"
    })
    void mapsBulkheadSaturationToAStatus(int available, int max, HealthStatus expected) throws Exception {
        HealthResult result = CapabilityChecks.bulkhead("payments", () -> available, () -> max, 0.8)
                .check();
        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.details()).containsEntry("available", available).containsEntry("max", max);
    }

    @Test
    void reportsBulkheadSaturationAsARatio() throws Exception {
        AtomicInteger available = new AtomicInteger(8);
        HealthResult result = CapabilityChecks.bulkhead("payments", available::get, () -> 10, 0.5)
                .check();
        assertThat(result.details()).containsEntry("saturationRatio", 0.19999999999999996);
    }

    @ParameterizedTest
    @CsvSource({
        "0.0,UP",
        "0.099,UP",
        "0.1,DEGRADED",
        "0.49,DEGRADED",
        "0.5,OUT_OF_SERVICE",
        "1.0,OUT_OF_SERVICE",
        "NaN,UP"
    })
    void mapsTheRecentFailureRatioToAStatus(double ratio, HealthStatus expected) throws Exception {
        HealthResult result =
                CapabilityChecks.failureRatio("payments", () -> ratio, 0.1, 0.5).check();
        assertThat(result.status()).isEqualTo(expected);
    }

    @Test
    void rejectsBadThresholds() {
        assertThatThrownBy(() -> CapabilityChecks.bulkhead("p", () -> 1, () -> 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degradedSaturationRatio must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> CapabilityChecks.failureRatio("p", () -> 0, 0.5, 0.4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outOfServiceRatio must be in [0.5, 1], was 0.4");
        assertThatThrownBy(() -> CapabilityChecks.circuitBreaker(" ", () -> "OPEN"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSupplierThatThrowsMakesTheCheckThrowSoTheRegistryReportsDown() {
        HealthCheck check = CapabilityChecks.circuitBreaker("p", () -> {
            throw new IllegalStateException("gone");
        });
        assertThatThrownBy(check::check).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void followsANinesCircuitBreakerThroughItsStates() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.of(
                "payments",
                CircuitBreakerConfig.ofDefaults(),
                ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z")));
        HealthCheck check = CapabilityChecks.circuitBreaker("payments", breaker);

        assertThat(check.check().status()).isEqualTo(HealthStatus.UP);
        breaker.transitionToOpenState();
        HealthResult open = check.check();
        assertThat(open.status()).isEqualTo(HealthStatus.OUT_OF_SERVICE);
        assertThat(open.message()).contains("circuit breaker is OPEN: cannot serve payments now");
        assertThat(open.details()).containsEntry("state", "OPEN");
        breaker.transitionToHalfOpenState();
        assertThat(check.check().status()).isEqualTo(HealthStatus.DEGRADED);
        breaker.transitionToForcedOpenState();
        assertThat(check.check().status()).isEqualTo(HealthStatus.OUT_OF_SERVICE);
        breaker.transitionToDisabledState();
        assertThat(check.check().status()).isEqualTo(HealthStatus.UP);
        breaker.transitionToMetricsOnlyState();
        assertThat(check.check().status()).isEqualTo(HealthStatus.UP);
    }

    @Test
    void followsANinesBulkheadsSaturation() throws Exception {
        Bulkhead bulkhead = Bulkhead.of(
                "payments",
                BulkheadConfig.builder().maxConcurrentCalls(4).build(),
                ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z")));
        HealthCheck check = CapabilityChecks.bulkhead("payments", bulkhead, 0.75);

        assertThat(check.check().status()).isEqualTo(HealthStatus.UP);
        bulkhead.tryAcquirePermission();
        bulkhead.tryAcquirePermission();
        assertThat(check.check().status()).isEqualTo(HealthStatus.UP);
        bulkhead.tryAcquirePermission();
        HealthResult degraded = check.check();
        assertThat(degraded.status()).isEqualTo(HealthStatus.DEGRADED);
        assertThat(degraded.details())
                .containsEntry("available", 1)
                .containsEntry("max", 4)
                .containsEntry("saturationRatio", 0.75);
        bulkhead.tryAcquirePermission();
        assertThat(check.check().status()).isEqualTo(HealthStatus.OUT_OF_SERVICE);
        assertThat(check.check().message()).contains("bulkhead is full: cannot serve payments now");
        bulkhead.onComplete();
        assertThat(check.check().status()).isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void theConcreteOverloadsValidateLikeTheFunctionalOnes() {
        Bulkhead bulkhead = Bulkhead.ofDefaults("b");
        assertThatThrownBy(() -> CapabilityChecks.bulkhead("p", bulkhead, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degradedSaturationRatio must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> CapabilityChecks.circuitBreaker(" ", CircuitBreaker.ofDefaults("cb")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CapabilityChecks.circuitBreaker("p", (CircuitBreaker) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("breaker");
        assertThatThrownBy(() -> CapabilityChecks.bulkhead("p", (Bulkhead) null, 0.5))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("bulkhead");
    }
}
