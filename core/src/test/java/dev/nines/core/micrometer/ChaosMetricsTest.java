package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.chaos.ChaosRegistry;
import dev.nines.core.chaos.InjectedFaultException;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChaosMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);

    @Test
    void everyInjectionMeterIsTaggedInjectedSoItCannotPassForARealFailure() {
        ChaosRegistry registry =
                ChaosRegistry.of(ChaosConfig.builder().fault().injectionRatio(1).build(), time, time::advanceNanos);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ChaosMetrics.of(registry).bindTo(meters);
        ChaosPolicy payments = registry.chaosPolicy("payments");
        ChaosPolicy search = registry.chaosPolicy(
                "search",
                ChaosConfig.builder()
                        .latency(Duration.ofMillis(250))
                        .injectionRatio(1)
                        .build());

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> payments.executeSupplier(() -> "x")).isInstanceOf(InjectedFaultException.class);
        }
        search.executeSupplier(() -> "x");
        search.executeSupplier(() -> "x");
        payments.disable();

        assertThat(meters.get("nines.chaos.injections")
                        .tag("name", "payments")
                        .tag("kind", "fault")
                        .tag("injected", "true")
                        .functionCounter()
                        .count())
                .isEqualTo(3.0);
        assertThat(meters.get("nines.chaos.injections")
                        .tag("name", "search")
                        .tag("kind", "latency")
                        .functionCounter()
                        .count())
                .isEqualTo(2.0);
        assertThat(meters.get("nines.chaos.injected.latency")
                        .tag("name", "search")
                        .functionCounter()
                        .count())
                .isEqualTo(0.5);
        assertThat(meters.get("nines.chaos.enabled")
                        .tag("name", "payments")
                        .gauge()
                        .value())
                .isZero();
        assertThat(meters.get("nines.chaos.enabled")
                        .tag("name", "search")
                        .gauge()
                        .value())
                .isEqualTo(1.0);
        for (Meter meter : meters.getMeters()) {
            if (meter.getId().getName().startsWith("nines.chaos.inj")) {
                assertThat(meter.getId().getTag("injected")).isEqualTo("true");
            }
        }
    }

    @Test
    void countsInjectionsAGuardRefused() {
        ChaosPolicy chaos = ChaosPolicy.of(
                "payments", ChaosConfig.builder().fault().injectionRatio(1).build(), time);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ChaosMetrics.of(chaos).bindTo(meters);
        chaos.enable(() -> false);

        chaos.executeSupplier(() -> "x");

        assertThat(meters.get("nines.chaos.injections.refused")
                        .tag("name", "payments")
                        .functionCounter()
                        .count())
                .isEqualTo(1.0);
        assertThat(meters.get("nines.chaos.injections")
                        .tag("name", "payments")
                        .functionCounter()
                        .count())
                .isZero();
    }
}
