package dev.nines.core.timelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TimeLimiterRegistryTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
    private final TimeLimiterRegistry registry = TimeLimiterRegistry.of(TimeLimiterConfig.ofDefaults(), time);

    @Test
    void createsEachTimeLimiterOnceWithTheNamedConfiguration() {
        TimeLimiterConfig quick = TimeLimiterConfig.builder()
                .timeoutDuration(Duration.ofMillis(50))
                .build();
        registry.addConfiguration("quick", quick);

        TimeLimiter limiter = registry.timeLimiter("a", "quick");

        assertThat(registry.timeLimiter("a")).isSameAs(limiter);
        assertThat(limiter.config()).isSameAs(quick);
        assertThat(registry.all()).containsExactly(limiter);
        assertThatThrownBy(() -> registry.timeLimiter("b", "missing"))
                .hasMessage(
                        "configName must name a configuration added to the registry, was \"missing\" (known: [quick])");
    }

    @Test
    void registryListenersSeeEveryTimeLimitersEvents() {
        List<TimeLimiterEvent> events = new ArrayList<>();
        registry.onEvent(events::add);
        ManualScheduler scheduler = ManualScheduler.of(time);

        registry.timeLimiter("c").executeCompletionStage(scheduler, CompletableFuture::new);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(events).containsExactly(new TimeLimiterEvent.TimedOut("c", Duration.ofSeconds(1), true));
    }

    @Test
    void findsOnlyATimeLimiterThatWasCreated() {
        assertThat(registry.find("payments")).isEmpty();
        TimeLimiter created = registry.timeLimiter("payments");
        assertThat(registry.find("payments")).containsSame(created);
        assertThat(registry.find("other")).isEmpty();
        assertThatThrownBy(() -> registry.find(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }

    @Test
    void returnsNamedConfigurationsAndTheDefault() {
        TimeLimiterConfig named = TimeLimiterConfig.builder()
                .timeoutDuration(Duration.ofMillis(7))
                .build();
        registry.addConfiguration("named", named);
        assertThat(registry.configuration("named")).containsSame(named);
        assertThat(registry.configuration("missing")).isEmpty();
        assertThatThrownBy(() -> registry.configuration(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("configName");
        assertThat(registry.defaultConfig()).isSameAs(TimeLimiterConfig.ofDefaults());
    }
}
