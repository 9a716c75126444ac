package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CircuitBreakerRegistryTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.ofDefaults(), time);

    @Test
    void createsABreakerOnFirstUseAndReturnsTheSameOneAfterwards() {
        CircuitBreaker first = registry.circuitBreaker("payments");
        assertThat(registry.circuitBreaker("payments")).isSameAs(first);
        assertThat(first.config()).isSameAs(CircuitBreakerConfig.ofDefaults());
        assertThat(first.timeSource()).isSameAs(time);
        assertThat(registry.all()).containsExactly(first);
        assertThat(registry.find("payments")).containsSame(first);
        assertThat(registry.find("other")).isEmpty();
    }

    @Test
    void usesNamedConfigurations() {
        CircuitBreakerConfig strict =
                CircuitBreakerConfig.builder().failureRateThreshold(10).build();
        registry.addConfiguration("strict", strict);
        assertThat(registry.configuration("strict")).containsSame(strict);
        assertThat(registry.circuitBreaker("a", "strict").config()).isSameAs(strict);
        CircuitBreakerConfig custom =
                CircuitBreakerConfig.builder().slidingWindowSize(5).build();
        assertThat(registry.circuitBreaker("b", custom).config()).isSameAs(custom);
        assertThat(registry.circuitBreaker("b", strict).config()).isSameAs(custom); // existing keeps its own
        assertThat(registry.defaultConfig()).isSameAs(CircuitBreakerConfig.ofDefaults());
    }

    @Test
    void rejectsUnknownConfigurationsAndBlankNames() {
        assertThatThrownBy(() -> registry.circuitBreaker("a", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must name a configuration added to the registry, was \"missing\" (known: [])");
        assertThatThrownBy(() -> registry.circuitBreaker(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(() -> registry.addConfiguration(" ", CircuitBreakerConfig.ofDefaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must not be blank, was \" \"");
        assertThatThrownBy(() -> CircuitBreakerRegistry.of(null, time))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("defaultConfig");
    }

    @Test
    void deliversEveryBreakersEventsToRegistryListeners() {
        List<CircuitBreakerEvent> seen = new ArrayList<>();
        CircuitBreaker early = registry.circuitBreaker("early");
        var registration = registry.onEvent(seen::add);
        CircuitBreaker late = registry.circuitBreaker("late");

        early.onSuccess(1);
        late.onError(1, new IOException());

        assertThat(seen).extracting(CircuitBreakerEvent::breakerName).containsExactly("early", "late");
        registration.close();
        early.onSuccess(1);
        assertThat(seen).hasSize(2);
    }

    @Test
    void tellsEntryListenersAboutNewBreakersOnce() {
        List<String> added = new ArrayList<>();
        registry.onEntryAdded(b -> added.add(b.name()));
        registry.circuitBreaker("x");
        registry.circuitBreaker("x");
        registry.circuitBreaker("y");
        assertThat(added).containsExactly("x", "y");
    }

    @Test
    void givesItsSchedulerToItsBreakers() {
        ManualScheduler scheduler = ManualScheduler.of(time);
        CircuitBreakerRegistry timed = CircuitBreakerRegistry.of(
                CircuitBreakerConfig.builder()
                        .automaticTransitionFromOpenToHalfOpenEnabled(true)
                        .build(),
                time,
                scheduler);
        CircuitBreaker breaker = timed.circuitBreaker("auto");
        breaker.transitionToOpenState();
        time.advance(Duration.ofSeconds(60));
        scheduler.runDue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(timed.toString()).contains("1 breakers");
    }
}
