package dev.nines.failover.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.AccessRequest;
import dev.nines.core.access.Authorization;
import dev.nines.core.access.GuardedCircuitBreaker;
import dev.nines.core.access.ManualAction;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditSink;
import dev.nines.failover.audit.AuditType;
import dev.nines.failover.audit.FileAuditSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of grants (some self-approved), revocations, time steps, expiries, uses and
 * manual breaker transitions, some with a broken audit sink, checked against a reference model of
 * which grants are live and which records reached the disk.
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

    /** A real file sink that can be broken (its file closed) and healed (a fresh file). */
    private static final class BreakableFileSink implements AuditSink {
        private final Path dir;
        private final List<Path> files = new ArrayList<>();
        private FileAuditSink current;
        private boolean broken;

        BreakableFileSink(Path dir) throws IOException {
            this.dir = dir;
            this.current = open();
        }

        private FileAuditSink open() throws IOException {
            Path file = dir.resolve("audit-" + files.size() + ".jsonl");
            files.add(file);
            return FileAuditSink.open(file, FileAuditSink.Durability.FLUSH_ONLY);
        }

        void toggle() throws IOException {
            if (broken) {
                current = open();
            } else {
                current.close();
            }
            broken = !broken;
        }

        long linesOnDisk() throws IOException {
            long lines = 0;
            for (Path file : files) {
                lines += Files.readAllLines(file).size();
            }
            return lines;
        }

        @Override
        public void append(AuditRecord record) throws IOException {
            current.append(record);
        }

        @Override
        public void awaitDurable() throws IOException {
            current.awaitDurable();
        }
    }

    @Property(tries = 200)
    void accessEndsEvenWhenTheAuditSinkFailsAndEveryRecordIsKeptOnceAndReported(
            @ForAll @Size(max = 50) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> ops) throws Exception {
        Path dir = Files.createTempDirectory("grant-store-property");
        try {
            run(dir, ops);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void run(Path dir, List<Integer> ops) throws Exception {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-02T09:00:00Z"));
        AuditLog audit = AuditLog.create(time);
        BreakableFileSink sink = new BreakableFileSink(dir);
        audit.addSink(sink);
        GrantStore store = GrantStore.create(time, audit, Duration.ofHours(2));
        List<ModelGrant> model = new ArrayList<>();
        Set<String> ended = new HashSet<>();
        int useRecords = 0;
        int denials = 0;
        int grantRecords = 0;
        long unsunk = 0;

        for (int op : ops) {
            int kind = op % 6;
            int a = (op / 6) % 97;
            int b = (op / 600) % 89;
            Instant now = time.now();
            boolean broken = sink.broken;
            long before = audit.lastSequence();
            // Every call below notices due grants first (lazily), except toggling the sink.
            List<ModelGrant> due = new ArrayList<>();
            for (ModelGrant g : model) {
                if (!ended.contains(g.id()) && !now.isBefore(g.until())) {
                    due.add(g);
                }
            }
            if (kind != 5) {
                due.forEach(g -> ended.add(g.id()));
            }
            switch (kind) {
                case 0 -> {
                    String actor = ACTORS[a % ACTORS.length];
                    String approver = ACTORS[b % ACTORS.length];
                    Duration validFor = Duration.ofMinutes(1 + (op / 60_000) % 120);
                    try {
                        Grant g = store.grant(actor, ManualAction.ROLLBACK, "psp", validFor, "ticket", approver);
                        assertThat(broken)
                                .as("granted without a durable record")
                                .isFalse();
                        model.add(new ModelGrant(g.id(), actor, ManualAction.ROLLBACK, "psp", now, now.plus(validFor)));
                    } catch (AccessDeniedException e) {
                        assertThat(approver).isEqualTo(actor);
                        assertThat(e.getSuppressed()).hasSize(broken ? 1 : 0);
                        denials++;
                    } catch (IOException e) {
                        // No grant; its record stays in memory (AuditLog.appendDurably keeps it).
                        assertThat(broken).isTrue();
                        assertThat(approver).isNotEqualTo(actor);
                    }
                    if (!approver.equals(actor)) {
                        grantRecords++;
                    }
                }
                case 1 -> time.advance(Duration.ofMinutes(a % 45));
                case 2 -> {
                    if (!model.isEmpty()) {
                        ModelGrant g = model.get(a % model.size());
                        boolean wasLive = !ended.contains(g.id());
                        ended.add(g.id());
                        try {
                            assertThat(store.revoke(g.id(), "dave", "done")).isEqualTo(wasLive);
                            assertThat(broken && wasLive)
                                    .as("a failed record went unreported")
                                    .isFalse();
                        } catch (IOException e) {
                            assertThat(broken && wasLive).isTrue();
                        }
                    }
                }
                case 3 -> {
                    String actor = ACTORS[a % ACTORS.length];
                    boolean live = model.stream().anyMatch(g -> g.actor().equals(actor) && !ended.contains(g.id()));
                    Authorization answer =
                            store.authorize(AccessRequest.of(actor, ManualAction.ROLLBACK, "psp", "ticket"));
                    assertThat(answer.permitted()).isEqualTo(live && !broken);
                    if (live) {
                        // A use whose record failed is denied; the failed record stays in memory.
                        useRecords++;
                    }
                    if (!answer.permitted()) {
                        denials++;
                        assertThat(((Authorization.Denied) answer).reason().contains("could not be"))
                                .isEqualTo(broken);
                    }
                }
                case 4 -> {
                    try {
                        List<Grant> expired = store.expire();
                        assertThat(broken && !due.isEmpty()).isFalse();
                        assertThat(expired).extracting(Grant::id).containsExactlyElementsOf(ids(due));
                    } catch (IOException e) {
                        assertThat(broken && !due.isEmpty()).isTrue();
                    }
                }
                default -> sink.toggle();
            }
            if (broken) {
                unsunk += audit.lastSequence() - before;
            }
            // liveGrants() notices the grants due now, so the model ends them too.
            List<String> live = new ArrayList<>();
            for (ModelGrant g : model) {
                if (!time.now().isBefore(g.until())) {
                    ended.add(g.id());
                }
                if (!ended.contains(g.id())) {
                    live.add(g.id());
                }
            }
            assertThat(broken == sink.broken || kind == 5).isTrue();
            long beforeLiveGrants = audit.lastSequence();
            assertThat(store.liveGrants()).extracting(Grant::id).containsExactlyElementsOf(live);
            if (sink.broken) {
                unsunk += audit.lastSequence() - beforeLiveGrants;
            }
        }
        Map<String, Integer> ends = new HashMap<>();
        for (AuditRecord r : audit.records()) {
            if (r.type() == AuditType.GRANT_REVOKED || r.type() == AuditType.GRANT_EXPIRED) {
                ends.merge(r.inputs().get("grant"), 1, Integer::sum);
            }
        }
        assertThat(ends.keySet()).containsExactlyInAnyOrderElementsOf(ended);
        assertThat(ends.values()).allMatch(count -> count == 1);
        assertThat(audit.records(AuditType.GRANT_USED)).hasSize(useRecords);
        assertThat(audit.records(AuditType.ACCESS_DENIED)).hasSize(denials);
        assertThat(audit.records(AuditType.GRANTED)).hasSize(grantRecords);
        // Nothing recorded is lost: each record is on disk unless the sink was broken, and then counted.
        assertThat(sink.linesOnDisk()).isEqualTo(audit.lastSequence() - unsunk);
        assertThat(audit.sinkFailures()).isEqualTo(unsunk);
    }

    private static List<String> ids(List<ModelGrant> grants) {
        List<String> ids = new ArrayList<>();
        grants.forEach(g -> ids.add(g.id()));
        return ids;
    }

    private static boolean covers(String scope, String target) {
        return scope.endsWith("*") ? target.startsWith(scope.substring(0, scope.length() - 1)) : scope.equals(target);
    }
}
