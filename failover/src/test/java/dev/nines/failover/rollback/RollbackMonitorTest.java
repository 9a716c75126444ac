package dev.nines.failover.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.Decision;
import dev.nines.failover.FailoverConfig;
import dev.nines.failover.FailoverController;
import dev.nines.failover.Lag;
import dev.nines.failover.Member;
import dev.nines.failover.Role;
import dev.nines.failover.Trigger;
import dev.nines.failover.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollbackMonitorTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final FailoverController controller = FailoverController.builder("orders-db", time)
            .config(FailoverConfig.builder()
                    .failureThreshold(3)
                    .successThreshold(2)
                    .build())
            .primary(Member.of("a"))
            .standby(Member.of("b"))
            .initialEpoch(7)
            .build();
    private final RollbackMonitor monitor = RollbackMonitor.builder(controller, time)
            .rule(ErrorRateRule.of(0.10, Duration.ofSeconds(60), 100))
            .watchWindow(Duration.ofMinutes(15))
            .build();

    /** a stays healthy with a known lag, so it is eligible to be promoted back. */
    private void previousPrimaryEligible() {
        controller.reportHealth("a", HealthResult.up(), time.now());
        controller.reportHealth("a", HealthResult.up(), time.now());
        controller.reportLag("a", Lag.bytes(0), time.now());
    }

    /** Feeds {@code requests} requests with {@code errors} errors, ten per second, spread evenly. */
    private Optional<Decision> feed(int requests, int errors) {
        Optional<Decision> decision = Optional.empty();
        for (int i = 0; i < requests && decision.isEmpty(); i += 10) {
            int errorsNow = (int) ((long) errors * (i + 10) / requests - (long) errors * i / requests);
            decision = monitor.record(10, errorsNow);
            time.advance(Duration.ofMillis(500));
        }
        return decision;
    }

    @Test
    void twelvePercentErrorsOverAThousandRequestsRollsBackToThePreviousPrimaryWithANewEpoch() {
        previousPrimaryEligible();
        controller.forceFailover("alice", "b", "test");
        assertThat(monitor.isArmed()).isTrue();

        Optional<Decision> decision = feed(1_000, 120);

        assertThat(decision)
                .hasValueSatisfying(d ->
                        assertThat(d).isEqualTo(new Decision.Promoted("b", "a", 9, Trigger.ROLLBACK, Lag.bytes(0))));
        assertThat(controller.primary()).isEqualTo("a");
        assertThat(controller.member("b").role()).isEqualTo(Role.FENCED);
        assertThat(controller.auditLog().records(AuditType.ROLLBACK))
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("rollback rule fired"));
        assertThat(monitor.isArmed()).isFalse();
        assertThat(monitor.lastDecision()).isEqualTo(decision);
    }

    @Test
    void fiftyRequestsDoNotRollBackEvenIfAllFail() {
        previousPrimaryEligible();
        controller.forceFailover("alice", "b", "test");

        assertThat(feed(50, 50)).isEmpty();

        assertThat(controller.primary()).isEqualTo("b");
        assertThat(controller.epoch()).isEqualTo(8);
    }

    @Test
    void errorsOlderThanTheRuleWindowSlideOut() {
        previousPrimaryEligible();
        controller.forceFailover("alice", "b", "test");
        monitor.record(100, 9);
        time.advance(Duration.ofSeconds(61));
        // 9 old errors are gone: 5 errors in 100 requests is 5%.
        assertThat(monitor.record(100, 5)).isEmpty();
        assertThat(monitor.record(0, 0)).isEmpty();
        assertThat(controller.primary()).isEqualTo("b");
    }

    @Test
    void nothingIsEvaluatedBeforeAPromotionOrAfterTheWatchWindow() {
        previousPrimaryEligible();
        assertThat(monitor.isArmed()).isFalse();
        assertThat(monitor.record(1_000, 1_000)).isEmpty();
        controller.forceFailover("alice", "b", "test");
        time.advance(Duration.ofMinutes(15));
        assertThat(monitor.isArmed()).isFalse();
        assertThat(monitor.record(1_000, 1_000)).isEmpty();
        assertThat(monitor.reportIntegrityFailure("b", "checksum")).isEmpty();
        assertThat(controller.primary()).isEqualTo("b");
    }

    @Test
    void anIntegrityFailureSkipsTheVolumeMinimumAndFencesTheBadMember() {
        previousPrimaryEligible();
        controller.forceFailover("alice", "b", "test");
        assertThat(monitor.reportIntegrityFailure("a", "not the primary")).isEmpty();

        Optional<Decision> decision = monitor.reportIntegrityFailure("b", "page checksum mismatch");

        assertThat(decision).containsInstanceOf(Decision.Promoted.class);
        assertThat(controller.member("b").role()).isEqualTo(Role.FENCED);
        assertThat(controller.auditLog().records(AuditType.ROLLBACK).get(0).reason())
                .startsWith("integrity check failed on b: page checksum mismatch");
    }

    @Test
    void whenThePreviousPrimaryIsNotEligibleTheRollbackIsBlockedWithAnAlert() {
        controller.forceFailover("alice", "b", "test"); // a has no health verdict: not eligible

        Optional<Decision> decision = feed(1_000, 200);

        assertThat(decision).containsInstanceOf(Decision.Blocked.class);
        assertThat(controller.primary()).isEqualTo("b");
        assertThat(controller.epoch()).isEqualTo(8);
        assertThat(controller.auditLog().records(AuditType.ROLLBACK_BLOCKED)).hasSize(1);
        assertThat(monitor.isArmed()).isFalse();
    }

    @Test
    void aRollbackDoesNotArmTheMonitorAgainButTheNextPromotionDoes() {
        previousPrimaryEligible();
        controller.forceFailover("alice", "b", "test");
        monitor.reportIntegrityFailure("b", "bad");
        assertThat(monitor.isArmed()).isFalse();
        controller.rejoin("b", "alice");
        controller.forceFailover("alice", "b", "again");
        assertThat(monitor.isArmed()).isTrue();
    }

    @Test
    void aClosedMonitorNoLongerArmsOnPromotions() {
        monitor.close();
        controller.forceFailover("alice", "b", "test");
        assertThat(monitor.isArmed()).isFalse();
        monitor.arm();
        assertThat(monitor.isArmed()).isTrue();
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> monitor.record(-1, 0)).hasMessage("requests must be at least 0, was -1");
        assertThatThrownBy(() -> monitor.record(1, 2)).hasMessage("errors must not exceed requests 1, was 2");
        assertThatThrownBy(() -> RollbackMonitor.builder(controller, time).watchWindow(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
