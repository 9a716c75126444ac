package dev.nines.failover.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.ManualAction;
import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.Decision;
import dev.nines.failover.FailoverConfig;
import dev.nines.failover.FailoverController;
import dev.nines.failover.Lag;
import dev.nines.failover.Member;
import dev.nines.failover.Role;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.runbook.Runbook;
import dev.nines.failover.runbook.StepStatus;
import dev.nines.failover.runbook.Switchover;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardedFailoverTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-02T09:00:00Z"));

    private FailoverController controller() {
        FailoverController controller = FailoverController.builder("orders-db", time)
                .config(FailoverConfig.builder()
                        .failureThreshold(3)
                        .successThreshold(2)
                        .build())
                .primary(Member.of("a"))
                .standby(Member.of("b"))
                .initialEpoch(7)
                .build();
        controller.reportHealth("b", HealthResult.up(), time.now());
        controller.reportHealth("b", HealthResult.up(), time.now());
        controller.reportLag("b", Lag.bytes(0), time.now());
        return controller;
    }

    @Test
    void aForcedFailoverWithoutAGrantIsDeniedAndChangesNothing() {
        FailoverController controller = controller();
        GrantStore grants = GrantStore.create(time, controller.auditLog());
        GuardedFailover guarded = GuardedFailover.of(controller, grants);
        assertThatThrownBy(() -> guarded.forceFailover("alice", "b", "INC-1"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("alice may not FORCE_FAILOVER on orders-db/b");
        assertThat(controller.primary()).isEqualTo("a");
        assertThat(controller.epoch()).isEqualTo(7);
        assertThat(controller.auditLog().records(AuditType.OVERRIDE)).isEmpty();
        assertThat(controller.auditLog().records(AuditType.ACCESS_DENIED)).hasSize(1);
    }

    @Test
    void aGrantedForcedFailoverPromotesAndTheUseIsAuditedBeforeThePromotion() throws Exception {
        FailoverController controller = controller();
        GrantStore grants = GrantStore.create(time, controller.auditLog());
        grants.grant("alice", ManualAction.FORCE_FAILOVER, "orders-db/*", Duration.ofMinutes(30), "INC-1", "bob");
        GuardedFailover guarded = GuardedFailover.of(controller, grants);
        Decision decision = guarded.forceFailover("alice", "b", "INC-1");
        assertThat(decision).isInstanceOf(Decision.Promoted.class);
        assertThat(controller.primary()).isEqualTo("b");
        long used = controller.auditLog().records(AuditType.GRANT_USED).get(0).sequence();
        long override = controller.auditLog().records(AuditType.OVERRIDE).get(0).sequence();
        assertThat(used).isLessThan(override);
    }

    @Test
    void rollbackAndSwitchoverNeedTheirOwnActions() throws Exception {
        FailoverController controller = controller();
        GrantStore grants = GrantStore.create(time, controller.auditLog());
        grants.grant("alice", ManualAction.SWITCHOVER, "orders-db/b", Duration.ofMinutes(30), "CHG-1", "bob");
        GuardedFailover guarded = GuardedFailover.of(controller, grants);
        assertThat(guarded.switchover("alice", "b", controller.epoch(), "CHG-1"))
                .isInstanceOf(Decision.Promoted.class);
        assertThatThrownBy(() -> guarded.rollback("alice", "CHG-1 went wrong"))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(controller.primary()).isEqualTo("b");
        grants.grant("alice", ManualAction.ROLLBACK, "orders-db", Duration.ofMinutes(30), "CHG-1", "bob");
        controller.reportHealth("a", HealthResult.up(), time.now());
        controller.reportHealth("a", HealthResult.up(), time.now());
        controller.reportLag("a", Lag.bytes(0), time.now());
        guarded.rollback("alice", "CHG-1 went wrong");
        assertThat(controller.auditLog().records(AuditType.GRANT_USED)).hasSize(2);
    }

    @Test
    void aSwitchoverRunbookStartsOnlyForAPermittedActor() throws Exception {
        FailoverController controller = controller();
        GrantStore grants = GrantStore.create(time, controller.auditLog());
        Switchover switchover = Switchover.builder(controller, "b", time)
                .actor("alice")
                .ttl(Duration.ofSeconds(300), Duration.ofSeconds(30), ttl -> {})
                .fence(member -> {}, member -> {})
                .catchUp(() -> Lag.bytes(0), Duration.ofSeconds(60))
                .repoint(member -> {})
                .drain(() -> StepStatus.DONE, Duration.ofSeconds(60))
                .build();
        GuardedFailover guarded = GuardedFailover.of(controller, grants);
        assertThatThrownBy(() -> guarded.startSwitchover(switchover, "CHG-2"))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(switchover.runbook().state()).isEqualTo(Runbook.State.NOT_STARTED);
        grants.grant("alice", ManualAction.SWITCHOVER, "orders-db/b", Duration.ofMinutes(30), "CHG-2", "bob");
        assertThat(guarded.startSwitchover(switchover, "CHG-2")).isEqualTo(Runbook.State.RUNNING);
    }

    @Test
    void anOperatorFailoverRequestAcknowledgementAndRejoinNeedTheirOwnGrants() throws Exception {
        FailoverController controller = controller();
        GrantStore grants = GrantStore.create(time, controller.auditLog());
        GuardedFailover guarded = GuardedFailover.of(controller, grants);
        assertThatThrownBy(() -> guarded.requestFailover("alice", controller.epoch(), "INC-2"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("alice may not FAILOVER_REQUEST on orders-db");
        assertThat(controller.primary()).isEqualTo("a");
        assertThat(controller.epoch()).isEqualTo(7);

        grants.grant("alice", ManualAction.FAILOVER_REQUEST, "orders-db", Duration.ofMinutes(30), "INC-2", "bob");
        assertThat(guarded.requestFailover("alice", controller.epoch(), "INC-2"))
                .isInstanceOf(Decision.Promoted.class);
        assertThat(guarded.primary()).isEqualTo("b");

        int acknowledgedBefore =
                controller.auditLog().records(AuditType.ACKNOWLEDGED).size();
        assertThatThrownBy(() -> guarded.acknowledge("alice", "INC-2 resolved"))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(controller.auditLog().records(AuditType.ACKNOWLEDGED)).hasSize(acknowledgedBefore);

        assertThat(controller.member("a").role()).isEqualTo(Role.FENCED);
        assertThatThrownBy(() -> guarded.rejoin("alice", "a", "a resynced from b"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("alice may not REJOIN on orders-db/a");
        assertThat(controller.member("a").role()).isEqualTo(Role.FENCED);
        assertThat(controller.auditLog().records(AuditType.REJOINED)).isEmpty();

        grants.grant("alice", ManualAction.ACKNOWLEDGE, "orders-db", Duration.ofMinutes(30), "INC-2", "bob");
        grants.grant("alice", ManualAction.REJOIN, "orders-db/a", Duration.ofMinutes(30), "INC-2", "bob");
        guarded.acknowledge("alice", "INC-2 resolved");
        guarded.rejoin("alice", "a", "a resynced from b");
        assertThat(controller.auditLog().records(AuditType.ACKNOWLEDGED)).hasSize(acknowledgedBefore + 1);
        assertThat(controller.member("a").role()).isEqualTo(Role.STANDBY);
        assertThat(controller.auditLog().records(AuditType.ACCESS_DENIED)).hasSize(3);
    }

    /**
     * The class of bug, not one example: every public method of the controller is either a manual
     * action with a guarded counterpart (actor first, reason last), or listed here as not one, with
     * the reason. A new controller method fails this test until it is classified.
     */
    @Test
    void everyManualActionOfTheControllerHasAGuardedCounterpartAndTheControllerIsNeverHandedOut() {
        Map<String, String> notManual = Map.ofEntries(
                Map.entry("name", "a read"),
                Map.entry("config", "a read"),
                Map.entry("auditLog", "a read"),
                Map.entry("epoch", "a read"),
                Map.entry("primary", "a read"),
                Map.entry("previousPrimary", "a read"),
                Map.entry("state", "a read"),
                Map.entry("members", "a read"),
                Map.entry("member", "a read"),
                Map.entry("dryRun", "changes nothing but its own audit record"),
                Map.entry("addFence", "wiring in code"),
                Map.entry("onEvent", "wiring in code"),
                Map.entry("triggerOn", "wiring in code: breaker-triggered requests are automatic"),
                Map.entry("reportHealth", "an automatic input"),
                Map.entry("reportLag", "an automatic input"));
        Map<String, Class<?>[]> guardedSignatures = Map.of(
                "forceFailover", new Class<?>[] {String.class, String.class, String.class},
                "switchover", new Class<?>[] {String.class, String.class, long.class, String.class},
                "rollback", new Class<?>[] {String.class, String.class},
                "requestFailover", new Class<?>[] {String.class, long.class, String.class},
                "acknowledge", new Class<?>[] {String.class, String.class},
                "rejoin", new Class<?>[] {String.class, String.class, String.class});
        List<String> unclassified = new ArrayList<>();
        for (Method m : FailoverController.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String n = m.getName();
            if (n.equals("toString") || notManual.containsKey(n)) {
                continue;
            }
            Class<?>[] guardedParams = guardedSignatures.get(n);
            if (guardedParams == null) {
                unclassified.add(m.toString());
                continue;
            }
            try {
                GuardedFailover.class.getMethod(n, guardedParams);
            } catch (NoSuchMethodException e) {
                unclassified.add("no guarded " + n);
            }
        }
        assertThat(unclassified).isEmpty();
        for (Method m : GuardedFailover.class.getMethods()) {
            assertThat(FailoverController.class.isAssignableFrom(m.getReturnType()))
                    .as(m.toString())
                    .isFalse();
        }
    }
}
