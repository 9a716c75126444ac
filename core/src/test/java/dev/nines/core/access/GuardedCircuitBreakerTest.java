package dev.nines.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.ManualTimeSource;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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

    @Test
    void aDeniedReconfigurationThrowsAndKeepsTheConfigurationInForce() {
        GuardedCircuitBreaker guarded = GuardedCircuitBreaker.of(breaker, permitting("alice"));
        CircuitBreakerConfig before = breaker.config();
        CircuitBreakerConfig looser =
                before.toBuilder().failureRateThreshold(100).build();
        assertThatThrownBy(() -> guarded.reconfigure("mallory", looser, "stop the paging"))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.reason()).isEqualTo("no grant for mallory");
                    assertThat(e.request().action()).isEqualTo(ManualAction.RECONFIGURE);
                });
        assertThat(breaker.config()).isSameAs(before);
        assertThat(breaker.configurationChanges()).isZero();
        assertThat(asked).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("psp");
            assertThat(r.reason()).startsWith("reconfigure to " + looser).endsWith(": stop the paging");
        });
    }

    @Test
    void aPermittedReconfigurationIsAppliedAndReturnsThePreviousConfiguration() {
        GuardedCircuitBreaker guarded = GuardedCircuitBreaker.of(breaker, permitting("alice"));
        CircuitBreakerConfig before = breaker.config();
        CircuitBreakerConfig stricter =
                before.toBuilder().failureRateThreshold(10).build();
        assertThat(guarded.reconfigure("alice", stricter, "CHG-7")).isSameAs(before);
        assertThat(guarded.config()).isSameAs(stricter);
        assertThat(breaker.configurationChanges()).isEqualTo(1);
    }

    @Test
    void aReconfigurationWithABlankReasonAsksNobodyAndChangesNothing() {
        GuardedCircuitBreaker guarded = GuardedCircuitBreaker.of(breaker, permitting("alice"));
        CircuitBreakerConfig other =
                breaker.config().toBuilder().failureRateThreshold(10).build();
        assertThatThrownBy(() -> guarded.reconfigure("alice", other, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason");
        assertThat(asked).isEmpty();
        assertThat(breaker.configurationChanges()).isZero();
    }

    /**
     * The class of bug, not one example: every state-changing method of the breaker that an
     * operator might call ({@code transitionTo*}, {@code reset}, {@code reconfigure}) has a guarded
     * counterpart taking the actor first and the reason last, and the facade never returns the
     * breaker (which would let tooling bypass the guard).
     */
    @Test
    void everyManualActionOfTheBreakerHasAGuardedCounterpartAndTheBreakerIsNeverHandedOut() {
        List<String> missing = new ArrayList<>();
        for (Method m : CircuitBreaker.class.getMethods()) {
            String n = m.getName();
            boolean manual = n.startsWith("transitionTo") || n.equals("reset") || n.equals("reconfigure");
            if (!manual || Modifier.isStatic(m.getModifiers()) || m.isBridge()) {
                continue;
            }
            Class<?>[] params = new Class<?>[m.getParameterCount() + 2];
            params[0] = String.class;
            System.arraycopy(m.getParameterTypes(), 0, params, 1, m.getParameterCount());
            params[params.length - 1] = String.class;
            try {
                GuardedCircuitBreaker.class.getMethod(n, params);
            } catch (NoSuchMethodException e) {
                missing.add(m.toString());
            }
        }
        assertThat(missing).as("manual actions without a guarded counterpart").isEmpty();
        for (Method m : GuardedCircuitBreaker.class.getMethods()) {
            assertThat(CircuitBreaker.class.isAssignableFrom(m.getReturnType()))
                    .as(m.toString())
                    .isFalse();
        }
    }
}
