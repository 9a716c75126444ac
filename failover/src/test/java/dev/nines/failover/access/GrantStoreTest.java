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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
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
    void aRevocationTakesEffectEvenIfItsRecordCannotBeMadeDurableAndTheCallerLearnsIt() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        FileAuditSink sink = FileAuditSink.open(file);
        audit.addSink(sink);
        Grant grant = store.grant("alice", ManualAction.ROLLBACK, "orders-db", Duration.ofHours(1), "INC-3", "bob");
        sink.close();
        assertThatThrownBy(() -> store.revoke(grant.id(), "carol", "alice left the rota"))
                .isInstanceOf(IOException.class);
        // Fail safe: access is gone although the record is not durable.
        assertThat(store.liveGrants()).isEmpty();
        Authorization answer = store.authorize(AccessRequest.of("alice", ManualAction.ROLLBACK, "orders-db", "INC-3"));
        assertThat(((Authorization.Denied) answer).reason()).contains("was revoked by carol");
        // Nothing already recorded is lost, and the revocation is not recorded twice.
        assertThat(audit.records(AuditType.GRANT_REVOKED))
                .singleElement()
                .satisfies(r -> assertThat(r.inputs()).containsEntry("grant", grant.id()));
        assertThat(store.revoke(grant.id(), "carol", "again")).isFalse();
        assertThat(audit.records(AuditType.GRANT_REVOKED)).hasSize(1);
        assertThat(Files.readAllLines(file)).singleElement().asString().contains("\"type\":\"GRANTED\"");
        assertThat(audit.sinkFailures()).isPositive();
    }

    @Test
    void aRevocationAndAnExpiryAreOnDiskWhenTheyReturn() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        audit.addSink(FileAuditSink.open(file));
        Grant revoked = store.grant("alice", ManualAction.ROLLBACK, "orders-db", Duration.ofHours(1), "INC-4", "bob");
        Grant expiring =
                store.grant("alice", ManualAction.SWITCHOVER, "orders-db/*", Duration.ofMinutes(5), "CHG-1", "bob");
        assertThat(store.revoke(revoked.id(), "carol", "done")).isTrue();
        time.advance(Duration.ofMinutes(5));
        assertThat(store.expire()).containsExactly(expiring);
        assertThat(store.expire()).isEmpty();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(2)).contains("\"type\":\"GRANT_REVOKED\"", "\"actor\":\"carol\"", revoked.id());
        assertThat(lines.get(3)).contains("\"type\":\"GRANT_EXPIRED\"", expiring.id());
    }

    @Test
    void expiryEndsEveryDueGrantEvenIfTheRecordsFailAndExpireReportsTheFailure() throws Exception {
        FileAuditSink sink = FileAuditSink.open(dir.resolve("audit.jsonl"));
        audit.addSink(sink);
        Grant a = store.grant("alice", ManualAction.ROLLBACK, "orders-db", Duration.ofMinutes(5), "INC-5", "bob");
        Grant b = store.grant("carol", ManualAction.ROLLBACK, "orders-db", Duration.ofMinutes(5), "INC-5", "bob");
        sink.close();
        time.advance(Duration.ofMinutes(5));
        assertThatThrownBy(store::expire)
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(store.liveGrants()).isEmpty();
        assertThat(audit.records(AuditType.GRANT_EXPIRED))
                .extracting(r -> r.inputs().get("grant"))
                .containsExactly(a.id(), b.id());
        assertThat(store.expire()).isEmpty();
        assertThat(audit.records(AuditType.GRANT_EXPIRED)).hasSize(2);
    }

    @Test
    void aLazyExpiryOrDenialWhoseRecordFailsStillAnswersAndTheDenialSaysSo() throws Exception {
        FileAuditSink sink = FileAuditSink.open(dir.resolve("audit.jsonl"));
        audit.addSink(sink);
        Grant grant = store.grant("alice", ManualAction.ROLLBACK, "orders-db", Duration.ofMinutes(5), "INC-6", "bob");
        sink.close();
        time.advance(Duration.ofMinutes(5));
        Authorization answer = store.authorize(AccessRequest.of("alice", ManualAction.ROLLBACK, "orders-db", "INC-6"));
        assertThat(((Authorization.Denied) answer).reason())
                .startsWith("grant " + grant.id() + " expired at 2026-03-02T09:05:00Z")
                .contains("the denial's record could not be made durable");
        assertThat(audit.records(AuditType.GRANT_EXPIRED)).hasSize(1);
        assertThat(audit.records(AuditType.ACCESS_DENIED)).hasSize(1);
        assertThat(audit.sinkFailures()).isEqualTo(2);
    }

    @Test
    void aSelfApprovalWhoseDenialRecordFailsCarriesTheFailure() throws Exception {
        FileAuditSink sink = FileAuditSink.open(dir.resolve("audit.jsonl"));
        audit.addSink(sink);
        sink.close();
        assertThatThrownBy(() ->
                        store.grant("alice", ManualAction.ROLLBACK, "orders-db", Duration.ofHours(1), "INC-7", "alice"))
                .isInstanceOf(AccessDeniedException.class)
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(IOException.class));
        assertThat(audit.records(AuditType.ACCESS_DENIED)).hasSize(1);
    }

    @Test
    void revocationsRacingExpiriesAndUsesEndEachGrantOnceWithOneRecordAndNoUseAfterIt() throws Exception {
        for (int round = 0; round < 25; round++) {
            race(dir.resolve("race-" + round + ".jsonl"));
        }
    }

    private static void race(Path file) throws Exception {
        ManualTimeSource clock = ManualTimeSource.at(T0);
        AuditLog log = AuditLog.create(clock, 100_000);
        log.addSink(FileAuditSink.open(file, FileAuditSink.Durability.FLUSH_ONLY));
        GrantStore grants = GrantStore.create(clock, log, Duration.ofHours(4));
        int n = 40;
        for (int i = 0; i < n; i++) {
            grants.grant("op" + i, ManualAction.ROLLBACK, "db-" + i, Duration.ofMinutes(1 + i % 8), "CHG-1", "lead");
        }
        AtomicInteger revoked = new AtomicInteger();
        AtomicInteger permitted = new AtomicInteger();
        AtomicInteger denied = new AtomicInteger();
        AtomicInteger expiredByCall = new AtomicInteger();
        List<Runnable> tasks = new ArrayList<>();
        tasks.add(() -> {
            for (int i = 0; i < n; i++) {
                if (revokeQuietly(grants, "g" + (i + 1))) {
                    revoked.incrementAndGet();
                }
            }
        });
        tasks.add(() -> {
            for (int step = 0; step < 8; step++) {
                clock.advance(Duration.ofMinutes(1));
                try {
                    expiredByCall.addAndGet(grants.expire().size());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        for (int user = 0; user < 2; user++) {
            tasks.add(() -> {
                for (int pass = 0; pass < 3; pass++) {
                    for (int i = 0; i < n; i++) {
                        Authorization answer =
                                grants.authorize(AccessRequest.of("op" + i, ManualAction.ROLLBACK, "db-" + i, "INC-1"));
                        (answer.permitted() ? permitted : denied).incrementAndGet();
                    }
                }
            });
        }
        runTogether(tasks);
        clock.advance(Duration.ofMinutes(10));
        expiredByCall.addAndGet(grants.expire().size());
        assertThat(grants.liveGrants()).isEmpty();

        List<AuditRecord> records = log.records();
        assertThat(Files.readAllLines(file)).hasSize(records.size());
        assertThat(log.records(AuditType.GRANT_REVOKED)).hasSize(revoked.get());
        assertThat(log.records(AuditType.GRANT_USED)).hasSize(permitted.get());
        assertThat(log.records(AuditType.ACCESS_DENIED)).hasSize(denied.get());
        assertThat(permitted.get() + denied.get()).isEqualTo(2 * 3 * n);
        assertThat(log.records(AuditType.GRANT_EXPIRED)).hasSizeGreaterThanOrEqualTo(expiredByCall.get());
        Map<String, Long> endedAt = new HashMap<>();
        for (AuditRecord r : records) {
            if (r.type() == AuditType.GRANT_REVOKED || r.type() == AuditType.GRANT_EXPIRED) {
                assertThat(endedAt.put(r.inputs().get("grant"), r.sequence()))
                        .as("second end of grant %s", r.inputs().get("grant"))
                        .isNull();
            }
        }
        assertThat(endedAt).hasSize(n);
        for (AuditRecord used : log.records(AuditType.GRANT_USED)) {
            assertThat(used.sequence())
                    .as("use of %s recorded after its end", used.inputs().get("grant"))
                    .isLessThan(endedAt.get(used.inputs().get("grant")));
        }
    }

    private static boolean revokeQuietly(GrantStore grants, String id) {
        try {
            return grants.revoke(id, "sec", "rota change");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void runTogether(List<Runnable> tasks) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (Runnable task : tasks) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    task.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
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
