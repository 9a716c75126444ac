package dev.nines.failover.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.AccessRequest;
import dev.nines.core.access.Authorization;
import dev.nines.core.access.ManualAction;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.audit.FileAuditSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrantStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path dir;

    private final ManualTimeSource time = ManualTimeSource.at(T0);
    private final AuditLog audit = AuditLog.create(time);
    private final GrantStore store = GrantStore.create(time, audit, Duration.ofHours(4));

    private static AccessRequest failover(String actor, String target) {
        return AccessRequest.of(actor, ManualAction.FORCE_FAILOVER, target, "INC-1");
    }

    @Test
    void aGrantIsAuditedWithItsApproverAndPermitsUsesInScopeUntilItExpires() throws Exception {
        Grant grant = store.grant(
                "alice", ManualAction.FORCE_FAILOVER, "orders-db/*", Duration.ofHours(1), "INC-1 db-1 disk", "bob");
        assertThat(grant.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        AuditRecord granted = audit.records(AuditType.GRANTED).get(0);
        assertThat(granted.actor()).isEqualTo("bob");
        assertThat(granted.inputs())
                .containsEntry("actor", "alice")
                .containsEntry("action", "FORCE_FAILOVER")
                .containsEntry("scope", "orders-db/*")
                .containsEntry("expiresAt", "2026-03-02T10:00:00Z");

        Authorization answer = store.authorize(failover("alice", "orders-db/db-2"));
        assertThat(answer).isEqualTo(new Authorization.Permitted(grant.id(), grant.expiresAt()));
        AuditRecord used = audit.records(AuditType.GRANT_USED).get(0);
        assertThat(used.actor()).isEqualTo("alice");
        assertThat(used.inputs()).containsEntry("grant", grant.id()).containsEntry("target", "orders-db/db-2");

        time.advance(Duration.ofMinutes(59).plusSeconds(59));
        assertThat(store.authorize(failover("alice", "orders-db/db-3")).permitted())
                .isTrue();
        time.advance(Duration.ofSeconds(1));
        Authorization late = store.authorize(failover("alice", "orders-db/db-2"));
        assertThat(late)
                .isEqualTo(new Authorization.Denied("grant " + grant.id() + " expired at 2026-03-02T10:00:00Z"));
        assertThat(audit.records(AuditType.GRANT_EXPIRED)).hasSize(1);
        // The expiry is recorded once, however often it is noticed.
        store.expire();
        store.authorize(failover("alice", "orders-db/db-2"));
        assertThat(audit.records(AuditType.GRANT_EXPIRED)).hasSize(1);
        assertThat(audit.records(AuditType.ACCESS_DENIED)).hasSize(2);
        assertThat(store.liveGrants()).isEmpty();
    }

    @Test
    void aGrantCoversOnlyItsActorActionAndScope() throws Exception {
        store.grant("alice", ManualAction.FORCE_FAILOVER, "orders-db/db-2", Duration.ofHours(1), "INC-1", "bob");
        assertThat(store.authorize(failover("carol", "orders-db/db-2")).permitted())
                .isFalse();
        assertThat(store.authorize(failover("alice", "orders-db/db-3")).permitted())
                .isFalse();
        assertThat(store.authorize(AccessRequest.of("alice", ManualAction.ROLLBACK, "orders-db/db-2", "x"))
                        .permitted())
                .isFalse();
        assertThat(store.authorize(failover("alice", "orders-db/db-2")).permitted())
                .isTrue();
        AuditRecord denied = audit.records(AuditType.ACCESS_DENIED).get(0);
        assertThat(denied.reason()).isEqualTo("no grant for carol to FORCE_FAILOVER on orders-db/db-2");
        assertThat(denied.inputs())
                .containsEntry("actor", "carol")
                .containsEntry("target", "orders-db/db-2")
                .containsEntry("request", "INC-1");
    }

    @Test
    void selfApprovalIsADeniedAndAuditedGrantRequest() {
        assertThatThrownBy(() ->
                        store.grant("alice", ManualAction.ROLLBACK, "orders-db", Duration.ofHours(1), "x", "alice"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("approver other than the actor");
        assertThat(audit.records(AuditType.ACCESS_DENIED)).hasSize(1);
        assertThat(audit.records(AuditType.GRANTED)).isEmpty();
        assertThat(store.liveGrants()).isEmpty();
    }

    @Test
    void badInputNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> store.grant("alice", ManualAction.ROLLBACK, "db", Duration.ZERO, "x", "bob"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validFor")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> store.grant("alice", ManualAction.ROLLBACK, "db", Duration.ofHours(5), "x", "bob"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validFor must be at most maxDuration PT4H, was PT5H");
        assertThatThrownBy(() -> store.grant("alice", ManualAction.ROLLBACK, " ", Duration.ofHours(1), "x", "bob"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scope must not be blank, was \" \"");
        assertThatThrownBy(() -> store.grant("alice", ManualAction.ROLLBACK, "db", Duration.ofHours(1), "", "bob"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> store.grant("alice", ManualAction.ROLLBACK, "db", Duration.ofHours(1), "x", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("approver");
        assertThatThrownBy(() -> GrantStore.create(time, audit, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDuration");
        assertThat(audit.records()).isEmpty();
    }

    @Test
    void aRevokedGrantNoLongerPermitsAndTheRevocationIsAudited() throws Exception {
        Grant grant = store.grant("alice", ManualAction.SWITCHOVER, "orders-db/*", Duration.ofHours(1), "CHG-9", "bob");
        assertThat(store.revoke(grant.id(), "carol", "change cancelled")).isTrue();
        assertThat(store.revoke(grant.id(), "carol", "again")).isFalse();
        Authorization answer =
                store.authorize(AccessRequest.of("alice", ManualAction.SWITCHOVER, "orders-db/db-2", "CHG-9"));
        assertThat(answer.permitted()).isFalse();
        assertThat(((Authorization.Denied) answer).reason())
                .contains("was revoked by carol")
                .contains("change cancelled");
        assertThat(audit.records(AuditType.GRANT_REVOKED))
                .singleElement()
                .satisfies(r -> assertThat(r.actor()).isEqualTo("carol"));
        assertThat(store.find(grant.id())).contains(grant);
    }

    @Test
    void aUseWhoseRecordCannotBeMadeDurableIsDenied() throws Exception {
        FileAuditSink sink = FileAuditSink.open(dir.resolve("audit.jsonl"));
        audit.addSink(sink);
        Grant grant = store.grant("alice", ManualAction.ROLLBACK, "orders-db", Duration.ofHours(1), "INC-2", "bob");
        sink.close();
        Authorization answer = store.authorize(AccessRequest.of("alice", ManualAction.ROLLBACK, "orders-db", "INC-2"));
        assertThat(answer.permitted()).isFalse();
        assertThat(((Authorization.Denied) answer).reason())
                .startsWith("the use of grant " + grant.id() + " could not be recorded durably");
        assertThat(audit.records(AuditType.ACCESS_DENIED)).hasSize(1);
    }

    @Test
    void aGrantWhoseRecordCannotBeMadeDurableIsNotCreated() throws Exception {
        FileAuditSink sink = FileAuditSink.open(dir.resolve("audit.jsonl"));
        audit.addSink(sink);
        sink.close();
        assertThatThrownBy(() ->
                        store.grant("alice", ManualAction.ROLLBACK, "orders-db", Duration.ofHours(1), "INC-2", "bob"))
                .isInstanceOf(IOException.class);
        assertThat(store.liveGrants()).isEmpty();
    }

    @Test
    void grantScopesMatchExactlyOrByStarPrefix() {
        Grant exact = new Grant("g1", "a", ManualAction.ROLLBACK, "orders-db", "b", "r", T0, T0.plusSeconds(1));
        Grant prefix = new Grant("g2", "a", ManualAction.ROLLBACK, "orders-db/*", "b", "r", T0, T0.plusSeconds(1));
        Grant all = new Grant("g3", "a", ManualAction.ROLLBACK, "*", "b", "r", T0, T0.plusSeconds(1));
        assertThat(exact.covers("orders-db")).isTrue();
        assertThat(exact.covers("orders-db/db-2")).isFalse();
        assertThat(prefix.covers("orders-db/db-2")).isTrue();
        assertThat(prefix.covers("orders-db")).isFalse();
        assertThat(all.covers("anything")).isTrue();
        assertThatThrownBy(() -> new Grant("g4", "a", ManualAction.ROLLBACK, "x", "b", "r", T0, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expiresAt must be after grantedAt");
    }
}
