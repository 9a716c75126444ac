package dev.nines.core.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.hedge.Hedge;
import dev.nines.core.hedge.HedgeConfig;
import dev.nines.core.hedge.HedgeGate;
import dev.nines.core.hedge.HedgeRegistry;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HedgeMetricsTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
    private final ManualScheduler scheduler = ManualScheduler.of(time);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private double count(String meter, String name) {
        return meters.get(meter).tag("name", name).functionCounter().count();
    }

    @Test
    void theMetersFollowTheHedgesOfARegistryCreatedAfterBinding() {
        HedgeRegistry registry =
                HedgeRegistry.of(HedgeConfig.ofFixedDelay(Duration.ofMillis(40), 2), time, Runnable::run, scheduler);
        HedgeMetrics.of(registry).bindTo(meters);
        Hedge quotes = registry.hedge("quotes");
        AtomicInteger attempts = new AtomicInteger();

        String result = quotes.executeSupplier(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("first attempt");
            }
            return "second";
        });
        quotes.executeSupplier(() -> "first");
        registry.reconfigure(
                "quotes", quotes.config().toBuilder().gate(HedgeGate.closed()).build());
        quotes.executeSupplier(() -> "gated");

        assertThat(result).isEqualTo("second");
        assertThat(count("nines.hedge.calls", "quotes")).isEqualTo(3.0);
        assertThat(count("nines.hedge.calls.gated", "quotes")).isEqualTo(1.0);
        assertThat(count("nines.hedge.calls.hedged", "quotes")).isEqualTo(1.0);
        assertThat(count("nines.hedge.calls.won.by.hedge", "quotes")).isEqualTo(1.0);
        assertThat(count("nines.hedge.calls.failed", "quotes")).isZero();
        assertThat(count("nines.hedge.hedges", "quotes")).isEqualTo(1.0);
        assertThat(count("nines.hedge.attempts.cancelled", "quotes")).isZero();
        assertThat(count("nines.hedge.budget.refusals", "quotes")).isZero();
        assertThat(count("nines.hedge.configuration.changes", "quotes")).isEqualTo(1.0);
        assertThat(meters.get("nines.hedge.delay").tag("name", "quotes").gauge().value())
                .isEqualTo(0.04);
    }
}
