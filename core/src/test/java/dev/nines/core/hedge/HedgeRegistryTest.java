package dev.nines.core.hedge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HedgeRegistryTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
    private final ManualScheduler scheduler = ManualScheduler.of(time);
    private final HedgeRegistry registry = HedgeRegistry.of(HedgeConfig.ofDefaults(), time, Runnable::run, scheduler);

    @Test
    void createsEachHedgeOnceWithTheDefaultOrNamedConfiguration() {
        Hedge first = registry.hedge("a");
        assertThat(registry.hedge("a")).isSameAs(first);
        assertThat(first.config()).isSameAs(HedgeConfig.ofDefaults());
        assertThat(first.timeSource()).isSameAs(time);

        HedgeConfig p95 = HedgeConfig.ofLatencyQuantile(0.95, 3);
        assertThat(registry.addConfiguration("p95", p95)).isSameAs(registry);
        assertThat(registry.hedge("b", "p95").config()).isSameAs(p95);
        HedgeConfig fixed = HedgeConfig.ofFixedDelay(Duration.ofMillis(5), 2);
        assertThat(registry.hedge("c", fixed).config()).isSameAs(fixed);
        assertThatThrownBy(() -> registry.hedge("d", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"missing\"");
    }

    @Test
    void registryListenersHearEveryHedgesEvents() {
        List<HedgeEvent> events = new ArrayList<>();
        registry.onEvent(events::add);
        Hedge hedge = registry.hedge("quotes", HedgeConfig.ofFixedDelay(Duration.ofMillis(5), 2));
        AtomicInteger attempts = new AtomicInteger();

        hedge.executeSupplier(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("first");
            }
            return "second";
        });

        assertThat(events)
                .containsExactly(
                        new HedgeEvent.HedgeStarted("quotes", 2, Duration.ZERO), new HedgeEvent.Won("quotes", 2, 2));
    }
}
