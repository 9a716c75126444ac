package dev.nines.failover.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.GuardedCircuitBreaker;
import dev.nines.core.access.ManualAction;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of grants (some self-approved), revocations, time steps and manual breaker
 * transitions, checked against a reference model of which grants are live.
 */
class GrantStorePropertyTest {

    private static final String[] ACTORS = {"alice", "bob", "carol"};
    private static final String[] SCOPES = {"psp", "psp*", "*", "ledger"};
    private static final String[] BREAKERS = {"psp", "psp-eu", "ledger"};
    private static final ManualAction[] ACTIONS = {ManualAction.BREAKER_TRANSITION, ManualAction.ROLLBACK};

    private record ModelGrant(
            String id, String actor, ManualAction action, String scope, Instant from, Instant until) {}

    @Property(tries = 300)
    void noManualActionRunsWithoutALiveGrantAndEveryDenialIsAudited(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> ops) throws Exception {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-02T09:00:00Z"));
        AuditLog audit = AuditLog.create(time);
        GrantStore store = GrantStore.create(time, audit, Duration.ofHours(2));
        List<GuardedCircuitBreaker> guarded = new ArrayList<>();
        List<CircuitBreaker> breakers = new ArrayList<>();
        for (String name : BREAKERS) {
            CircuitBreaker breaker = CircuitBreaker.of(name, CircuitBreakerConfig.ofDefaults(), time);
            breakers.add(breaker);
            guarded.add(GuardedCircuitBreaker.of(breaker, store));
        }
        List<ModelGrant> model = new ArrayList<>();
        List<String> revoked = new ArrayList<>();
        int denials = 0;
        int uses = 0;

        for (int op : ops) {
            int kind = op % 4;
            int a = (op / 4) % 97;
            int b = (op / 400) % 89;
            Instant now = time.now();
            switch (kind) {
                case 0 -> {
                    String actor = ACTORS[a % ACTORS.length];
                    String approver = ACTORS[b % ACTORS.length];
                    ManualAction action = ACTIONS[(a / 3) % ACTIONS.length];
                    String scope = SCOPES[(b / 3) % SCOPES.length];
                    Duration validFor = Duration.ofMinutes(1 + (op / 40_000) % 120);
                    try {
                        Grant g = store.grant(actor, action, scope, validFor, "ticket", approver);
                        assertThat(approver).isNotEqualTo(actor);
                        model.add(new ModelGrant(g.id(), actor, action, scope, now, now.plus(validFor)));
                    } catch (AccessDeniedException e) {
                        assertThat(approver).isEqualTo(actor);
                        denials++;
                    }
                }
                case 1 -> time.advance(Duration.ofMinutes(a % 45));
                case 2 -> {
                    if (!model.isEmpty()) {
                        ModelGrant g = model.get(a % model.size());
                        boolean wasLive = !revoked.contains(g.id()) && now.isBefore(g.until());
                        assertThat(store.revoke(g.id(), "dave", "done")).isEqualTo(wasLive);
                        if (wasLive) {
                            revoked.add(g.id());
                        }
                    }
                }
                default -> {
                    int i = b % BREAKERS.length;
                    String actor = ACTORS[a % ACTORS.length];
                    boolean live = model.stream()
                            .anyMatch(g -> g.actor().equals(actor)
                                    && g.action() == ManualAction.BREAKER_TRANSITION
                                    && covers(g.scope(), BREAKERS[i])
                                    && !now.isBefore(g.from())
                                    && now.isBefore(g.until())
                                    && !revoked.contains(g.id()));
                    CircuitBreaker.State before = breakers.get(i).state();
                    int deniedBefore = audit.records(AuditType.ACCESS_DENIED).size();
                    try {
                        if (before == CircuitBreaker.State.FORCED_OPEN) {
                            guarded.get(i).transitionToClosedState(actor, "ticket");
                        } else {
                            guarded.get(i).transitionToForcedOpenState(actor, "ticket");
                        }
                        assertThat(live).as("ran without a live grant").isTrue();
                        assertThat(breakers.get(i).state()).isNotEqualTo(before);
                        uses++;
                    } catch (AccessDeniedException e) {
                        assertThat(live).as("denied despite a live grant").isFalse();
                        assertThat(breakers.get(i).state()).isEqualTo(before);
                        List<AuditRecord> denied = audit.records(AuditType.ACCESS_DENIED);
                        assertThat(denied).hasSize(deniedBefore + 1);
                        assertThat(denied.get(denied.size() - 1).inputs())
                                .containsEntry("actor", actor)
                                .containsEntry("target", BREAKERS[i])
                                .containsEntry("action", "BREAKER_TRANSITION");
                        denials++;
                    }
                }
            }
        }
        assertThat(audit.records(AuditType.ACCESS_DENIED)).hasSize(denials);
        assertThat(audit.records(AuditType.GRANT_USED)).hasSize(uses);
        assertThat(audit.records(AuditType.GRANTED)).hasSize(model.size());
        assertThat(audit.records(AuditType.GRANT_REVOKED)).hasSize(revoked.size());
    }

    private static boolean covers(String scope, String target) {
        return scope.endsWith("*") ? target.startsWith(scope.substring(0, scope.length() - 1)) : scope.equals(target);
    }
}
