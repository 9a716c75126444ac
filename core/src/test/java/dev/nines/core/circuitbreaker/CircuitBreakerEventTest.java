package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.circuitbreaker.CircuitBreaker.State;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.time.TimeSource;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerEventTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void reportsALifecycleInOrderWithTheBreakersNameAndTime() {
        CircuitBreaker breaker = CircuitBreaker.of(
                "db",
                CircuitBreakerConfig.builder()
                        .slidingWindow(2, 2, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .ignoreExceptions(IllegalArgumentException.class)
                        .build(),
                time);
        List<CircuitBreakerEvent> events = new ArrayList<>();
        breaker.onEvent(events::add);
        IOException boom = new IOException("boom");
        IllegalArgumentException ignored = new IllegalArgumentException();

        breaker.onSuccess(7);
        breaker.onError(8, ignored);
        breaker.onError(9, boom);
        breaker.tryAcquirePermission();

        Instant now = time.now();
        assertThat(events)
                .containsExactly(
                        new CircuitBreakerEvent.Success("db", now, 7),
                        new CircuitBreakerEvent.IgnoredError("db", now, 8, ignored),
                        new CircuitBreakerEvent.Error("db", now, 9, boom),
                        new CircuitBreakerEvent.ThresholdsExceeded("db", now, 50f, 0f),
                        new CircuitBreakerEvent.StateTransition("db", now, State.CLOSED, State.OPEN),
                        new CircuitBreakerEvent.CallNotPermitted("db", now, State.OPEN));
    }

    @Test
    void publishesOnlyTransitionsInDisabledAndForcedOpen() {
        CircuitBreaker breaker = CircuitBreaker.of("quiet", CircuitBreakerConfig.ofDefaults(), time);
        List<CircuitBreakerEvent> events = new ArrayList<>();
        breaker.onEvent(events::add);
        breaker.transitionToDisabledState();
        breaker.onSuccess(1);
        breaker.transitionToForcedOpenState();
        breaker.tryAcquirePermission();
        assertThat(events)
                .allMatch(e -> e instanceof CircuitBreakerEvent.StateTransition)
                .hasSize(2);
    }

    @Test
    void buildsNoEventWhenNobodyListens() {
        AtomicInteger timestamps = new AtomicInteger();
        TimeSource counting = new TimeSource() {
            @Override
            public long nanoTime() {
                return time.nanoTime();
            }

            @Override
            public Instant now() {
                timestamps.incrementAndGet(); // every event is stamped with now()
                return time.now();
            }

            @Override
            public long currentTimeMillis() {
                return time.currentTimeMillis();
            }
        };
        CircuitBreaker breaker = CircuitBreaker.of(
                "silent",
                CircuitBreakerConfig.builder()
                        .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                        .build(),
                counting);
        for (int i = 0; i < 10; i++) {
            breaker.tryAcquirePermission();
            breaker.onSuccess(1);
            breaker.onError(1, new IOException());
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(timestamps).hasValue(0);

        breaker.onEvent(e -> {});
        breaker.tryAcquirePermission();
        assertThat(timestamps).hasValue(1);
    }

    @Test
    void stateTransitionsRejectNulls() {
        assertThatThrownBy(() -> new CircuitBreakerEvent.StateTransition("x", Instant.EPOCH, null, State.OPEN))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("from");
    }
}
