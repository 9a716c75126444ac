package dev.nines.failover.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AuditLogTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void assignsStrictlyIncreasingSequencesAndStampsTheTime() {
        AuditLog log = AuditLog.create(time);
        AuditRecord first = log.append(AuditType.FAILOVER, "db", "controller", "primary down", 8, Map.of());
        time.advance(Duration.ofSeconds(5));
        AuditRecord second = log.append(AuditType.BLOCKED, "db", "controller", "no candidate", 8, Map.of("k", "v"));
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(second.sequence()).isEqualTo(2);
        assertThat(second.time()).isEqualTo(Instant.parse("2026-01-01T00:00:05Z"));
        assertThat(log.records()).containsExactly(first, second);
        assertThat(log.records(AuditType.BLOCKED)).containsExactly(second);
        assertThat(log.lastSequence()).isEqualTo(2);
    }

    @Test
    void keepsOnlyTheLatestRetainedRecordsInMemoryButSinksSeeAll() {
        List<AuditRecord> sunk = new ArrayList<>();
        AuditLog log = AuditLog.create(time, 2).addSink(sunk::add);
        for (int i = 0; i < 5; i++) {
            log.append(AuditType.STEP, "runbook", "op", "step " + i, 1, Map.of());
        }
        assertThat(log.records()).extracting(AuditRecord::sequence).containsExactly(4L, 5L);
        assertThat(sunk).extracting(AuditRecord::sequence).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThatThrownBy(() -> AuditLog.create(time, 0)).hasMessage("retained must be at least 1, was 0");
    }

    @Test
    void aFailingSinkIsCountedAndDoesNotStopTheOtherSinksOrTheAppend() {
        List<AuditRecord> sunk = new ArrayList<>();
        AuditLog log = AuditLog.create(time)
                .addSink(record -> {
                    throw new IOException("disk full");
                })
                .addSink(sunk::add);
        AuditRecord record = log.append(AuditType.FAILOVER, "db", "controller", "x", 1, Map.of());
        assertThat(sunk).containsExactly(record);
        assertThat(log.sinkFailures()).isEqualTo(1);
        assertThat(log.records()).containsExactly(record);
    }

    @Test
    void everySinkFailureOfAnAutomaticDecisionIsPublishedNamingTheMissingRecordAfterTheLockIsReleased() {
        AuditSink full = record -> {
            throw new IOException("disk full");
        };
        AuditSink unforced = new AuditSink() {
            @Override
            public void append(AuditRecord record) {}

            @Override
            public void awaitDurable() throws IOException {
                throw new IOException("fsync failed");
            }
        };
        List<AuditRecord> sunk = new ArrayList<>();
        AuditLog log = AuditLog.create(time).addSink(full).addSink(unforced).addSink(sunk::add);
        List<AuditSinkFailure> failures = new ArrayList<>();
        log.onSinkFailure(failure -> {
            failures.add(failure);
            // A listener may append (an alert record) without deadlock: the log's lock is released.
            if (failure.record().type() == AuditType.FAILOVER) {
                log.append(AuditType.BLOCKED, "alerts", "audit", "sink failed", 0, Map.of());
            }
        });
        AuditRecord record = log.append(AuditType.FAILOVER, "db", "controller", "x", 1, Map.of());
        assertThat(failures).hasSize(2 + 2 * 2); // the FAILOVER record twice, then each alert record twice
        List<AuditSinkFailure> ofRecord =
                failures.stream().filter(f -> f.record().equals(record)).toList();
        assertThat(ofRecord).extracting(AuditSinkFailure::sink).containsExactly(full, unforced);
        assertThat(ofRecord).extracting(f -> f.cause().getMessage()).containsExactly("disk full", "fsync failed");
        assertThat(log.sinkFailures()).isEqualTo(6);
        assertThat(sunk)
                .extracting(AuditRecord::type)
                .containsExactly(AuditType.FAILOVER, AuditType.BLOCKED, AuditType.BLOCKED);
    }

    @Test
    void aManualActionsAppendThrowsAndIsPublishedToo() {
        AuditLog log = AuditLog.create(time).addSink(record -> {
            throw new IOException("disk full");
        });
        List<AuditSinkFailure> failures = new ArrayList<>();
        log.onSinkFailure(failures::add).close();
        log.onSinkFailure(failures::add);
        assertThatThrownBy(() -> log.appendDurably(AuditType.OVERRIDE, "db", "alice", "INC", 1, Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessage("disk full");
        assertThat(failures)
                .singleElement()
                .satisfies(f -> assertThat(f.record().actor()).isEqualTo("alice"));
    }

    @Test
    void concurrentAppendsGetDistinctGaplessSequencesDeliveredInOrder() throws Exception {
        List<Long> sunk = new CopyOnWriteArrayList<>();
        AuditLog log = AuditLog.create(time).addSink(record -> sunk.add(record.sequence()));
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 500; i++) {
                    log.append(AuditType.STEP, "r", "a", "s", 1, Map.of());
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(sunk).hasSize(2_000);
        for (int i = 0; i < sunk.size(); i++) {
            assertThat(sunk.get(i)).isEqualTo(i + 1L);
        }
    }
}
