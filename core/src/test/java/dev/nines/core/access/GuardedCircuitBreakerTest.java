package dev.nines.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardedCircuitBreakerTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final CircuitBreaker breaker = CircuitBreaker.of("psp", CircuitBreakerConfig.ofDefaults(), time);
    private final List<AccessRequest> asked = new ArrayList<>();

    private Authorizer permitting(String actor) {
        return request -> {
            asked.add(request);
            return request.actor().equals(actor)
                    ? new Authorization.Permitted("g1", time.now().plusSeconds(60))
                    : new Authorization.Denied("no grant for " + request.actor());
        };
    }

    @Test
    void aPermittedActorForcesTheBreakerOpenAndTheRequestNamesActionTargetAndReason() {
        GuardedCircuitBreaker guarded = GuardedCircuitBreaker.of(breaker, permitting("alice"));
        guarded.transitionToForcedOpenState("alice", "psp maintenance");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
        assertThat(asked).singleElement().satisfies(r -> {
            assertThat(r.actor()).isEqualTo("alice");
            assertThat(r.action()).isEqualTo(ManualAction.BREAKER_TRANSITION);
            assertThat(r.target()).isEqualTo("psp");
            assertThat(r.reason()).isEqualTo("force open: psp maintenance");
        });
    }

    @Test
    void aDeniedTransitionThrowsWithTheReasonAndLeavesTheBreakerAsItWas() {
        GuardedCircuitBreaker guarded = GuardedCircuitBreaker.of(breaker, permitting("alice"));
        assertThatThrownBy(() -> guarded.transitionToOpenState("mallory", "because"))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.reason()).isEqualTo("no grant for mallory");
                    assertThat(e.request().actor()).isEqualTo("mallory");
                    assertThat(e.getMessage()).contains("mallory may not BREAKER_TRANSITION on psp");
                });
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void everyManualTransitionAsksFirst() {
        GuardedCircuitBreaker guarded = GuardedCircuitBreaker.of(breaker, permitting("alice"));
        guarded.transitionToOpenState("alice", "r");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        guarded.transitionToHalfOpenState("alice", "r");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        guarded.transitionToClosedState("alice", "r");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        guarded.transitionToOpenStateFor("alice", Duration.ofSeconds(5), "r");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        guarded.transitionToDisabledState("alice", "r");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.DISABLED);
        guarded.transitionToMetricsOnlyState("alice", "r");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.METRICS_ONLY);
        guarded.reset("alice", "r");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(asked).hasSize(7);
        assertThat(guarded.name()).isEqualTo("psp");
    }

    @Test
    void anAuthorizerThatThrowsIsADenial() {
        GuardedCircuitBreaker guarded = GuardedCircuitBreaker.of(breaker, request -> {
            throw new IllegalStateException("grant store unreachable");
        });
        assertThatThrownBy(() -> guarded.transitionToForcedOpenState("alice", "r"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("grant store unreachable");
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aBlankReasonOrActorIsRejectedNamingTheField() {
        GuardedCircuitBreaker guarded = GuardedCircuitBreaker.of(breaker, permitting("alice"));
        assertThatThrownBy(() -> guarded.transitionToOpenState("alice", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> guarded.transitionToOpenState("", "r"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actor");
        assertThat(asked).isEmpty();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }
}
