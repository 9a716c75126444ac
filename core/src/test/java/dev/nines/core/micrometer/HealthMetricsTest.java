package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.health.HealthCheck;
import dev.nines.core.health.HealthCheckConfig;
import dev.nines.core.health.HealthGroupConfig;
import dev.nines.core.health.HealthRegistry;
import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = ManualScheduler.of(time);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<HealthStatus> status = new AtomicReference<>(HealthStatus.UP);

    private final HealthCheck db = () -> {
        time.advance(Duration.ofMillis(40));
        return HealthResult.of(status.get());
    };

    private HealthRegistry registry() {
        return HealthRegistry.builder(time, scheduler, Runnable::run)
                .register("db", db)
                .build();
    }

    private double gauge(String name, String kind, HealthStatus state) {
        Gauge gauge = meters.find("nines.health.status")
                .tags("name", name, "kind", kind, "state", state.name())
                .gauge();
        assertThat(gauge).as("gauge %s %s %s", name, kind, state).isNotNull();
        return gauge.value();
    }

    @Test
    void publishesOneGaugePerStateForEveryCheckAndGroup() {
        HealthRegistry health = registry();
        HealthMetrics.of(health).bindTo(meters);
        assertThat(meters.find("nines.health.status").gauges()).hasSize(5 * (1 + 3));
        assertThat(gauge("db", "check", HealthStatus.UNKNOWN)).isEqualTo(1.0);
        assertThat(gauge("readiness", "group", HealthStatus.UNKNOWN)).isEqualTo(1.0);

        health.evaluate(HealthGroupConfig.READINESS);
        assertThat(gauge("db", "check", HealthStatus.UP)).isEqualTo(1.0);
        assertThat(gauge("db", "check", HealthStatus.UNKNOWN)).isEqualTo(0.0);
        assertThat(gauge("readiness", "group", HealthStatus.UP)).isEqualTo(1.0);

        status.set(HealthStatus.DOWN);
        health.evaluate(HealthGroupConfig.READINESS);
        assertThat(gauge("db", "check", HealthStatus.DOWN)).isEqualTo(1.0);
        assertThat(gauge("db", "check", HealthStatus.UP)).isEqualTo(0.0);
        assertThat(gauge("readiness", "group", HealthStatus.DOWN)).isEqualTo(1.0);
        assertThat(gauge("liveness", "group", HealthStatus.UNKNOWN)).isEqualTo(1.0);
    }

    @Test
    void recordsTheDurationOfEveryRun() {
        HealthRegistry health = registry();
        HealthMetrics.of(health).bindTo(meters);
        health.evaluate(HealthGroupConfig.READINESS);
        health.evaluate(HealthGroupConfig.READINESS);
        Timer timer =
                meters.find("nines.health.check.duration").tag("name", "db").timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(80.0);
    }

    @Test
    void bindingTheSameMeterRegistryTwiceDoesNotCountRunsTwice() {
        HealthRegistry health = registry();
        HealthMetrics metrics = HealthMetrics.of(health);
        metrics.bindTo(meters);
        metrics.bindTo(meters);
        health.evaluate(HealthGroupConfig.READINESS);
        assertThat(meters.find("nines.health.check.duration")
                        .tag("name", "db")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void followsChecksRegisteredAndUnregisteredAfterBinding() {
        HealthRegistry health = registry();
        HealthMetrics metrics = HealthMetrics.of(health);
        metrics.bindTo(meters);
        health.register("cache", () -> HealthResult.degraded("cold"));
        health.evaluate(HealthGroupConfig.READINESS);
        assertThat(gauge("cache", "check", HealthStatus.DEGRADED)).isEqualTo(1.0);
        assertThat(meters.find("nines.health.check.duration")
                        .tag("name", "cache")
                        .timer()
                        .count())
                .isEqualTo(1);

        health.unregister("cache");
        assertThat(meters.find("nines.health.status").tag("name", "cache").gauges())
                .isEmpty();
        assertThat(meters.find("nines.health.check.duration")
                        .tag("name", "cache")
                        .timer())
                .isNull();

        metrics.close();
        health.register("late", () -> HealthResult.up());
        assertThat(meters.find("nines.health.status").tag("name", "late").gauges())
                .isEmpty();
    }

    @Test
    void aCheckGaugeShowsTheExpiryOfAStaleScheduledResultWithoutAnEvaluation() {
        HealthRegistry health = HealthRegistry.builder(time, scheduler, Runnable::run)
                .register(
                        "db",
                        db,
                        HealthCheckConfig.builder()
                                .period(Duration.ofSeconds(10))
                                .build())
                .build();
        HealthMetrics.of(health).bindTo(meters);
        scheduler.runDue();
        assertThat(gauge("db", "check", HealthStatus.UP)).isEqualTo(1.0);
        scheduler.stop();
        time.advance(Duration.ofSeconds(31));
        assertThat(gauge("db", "check", HealthStatus.UP)).isEqualTo(0.0);
        assertThat(gauge("db", "check", HealthStatus.DOWN)).isEqualTo(1.0);
    }
}
