package dev.nines.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.health.HealthGroupConfig;
import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.testing.ConfigContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every configuration class of core (every public class with {@code toBuilder()}, found on the
 * class path, so a new one is covered without editing this test) has value equality, a hash code
 * and a text form, and every field takes part in equality. Registries, the reconfiguration no-op
 * and users' own change detection rely on it.
 */
class ConfigValueContractTest {

    /** Fields computed from others in the constructor: equal sources give equal values. */
    private static final Map<Class<?>, Set<String>> DERIVED = Map.of(
            RetryConfig.class, Set.of("effectiveDelayFunction", "maxRetryAfterNanos"),
            CircuitBreakerConfig.class, Set.of("slowCallDurationThresholdNanos"));

    private static final Map<Class<?>, Supplier<?>> SAMPLES = Map.of(
            HealthGroupConfig.class, () -> HealthGroupConfig.ofDefaults("readiness"),
            HealthResult.class, () -> HealthResult.of(HealthStatus.UP),
            ChaosConfig.class, () -> ChaosConfig.builder().fault().build());

    @Test
    void everyConfigurationClassHasValueEqualityOverAllItsFields() throws Exception {
        Set<String> names = ConfigContract.discover(CircuitBreakerConfig.class);
        assertThat(names)
                .contains(
                        "dev.nines.core.retry.RetryBudgetConfig",
                        "dev.nines.core.retry.RetryConfig",
                        "dev.nines.core.circuitbreaker.CircuitBreakerConfig",
                        "dev.nines.core.bulkhead.BulkheadConfig",
                        "dev.nines.core.adaptivelimit.AdaptiveLimiterConfig",
                        "dev.nines.core.ratelimit.RateLimiterConfig",
                        "dev.nines.core.timelimit.TimeLimiterConfig",
                        "dev.nines.core.fallback.FallbackConfig",
                        "dev.nines.core.hedge.HedgeConfig",
                        "dev.nines.core.chaos.ChaosConfig",
                        "dev.nines.core.health.HealthCheckConfig");
        List<Object> configs = new ArrayList<>();
        for (String name : names) {
            configs.add(ConfigContract.sample(Class.forName(name), SAMPLES));
        }
        ConfigContract.assertAll(configs, DERIVED);
    }
}
