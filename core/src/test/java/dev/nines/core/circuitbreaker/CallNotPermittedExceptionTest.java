package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallNotPermittedExceptionTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);

    @Test
    void namesTheBreakerAndItsState() {
        CircuitBreaker breaker = CircuitBreaker.of("orders", CircuitBreakerConfig.ofDefaults(), time);
        breaker.transitionToForcedOpenState();
        CallNotPermittedException e = CallNotPermittedException.of(breaker);
        assertThat(e.breakerName()).isEqualTo("orders");
        assertThat(e.state()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
        assertThat(e).hasMessage("CircuitBreaker 'orders' is FORCED_OPEN and does not permit further calls");
        assertThat(e.getStackTrace()).isNotEmpty();
    }

    @Test
    void hasNoStackTraceWhenTheConfigurationTurnsItOff() {
        CircuitBreaker breaker = CircuitBreaker.of(
                "cheap",
                CircuitBreakerConfig.builder().writableStackTraceEnabled(false).build(),
                time);
        assertThat(breaker.callNotPermitted().getStackTrace()).isEmpty();
    }
}
