package dev.nines.slo.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.SliCounts;
import dev.nines.slo.Slo;
import dev.nines.slo.SloSnapshot;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SnapshotFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileStoreTest {

    static final Slo SLO = Slo.builder("checkout").objective(0.999).build();

    @TempDir
    Path dir;

    final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-03-01T00:00:00Z"));

    @Test
    void savesAndLoadsTheNewestSnapshotKeepingThePreviousGeneration() throws IOException {
        SnapshotFileStore store = SnapshotFileStore.of(dir.resolve("checkout.slo"));
        SloTracker tracker = SloTracker.create(SLO, time);
        assertThat(store.load()).isEmpty();

        tracker.record(10, 1);
        store.save(tracker);
        SloSnapshot first = tracker.snapshot();
        tracker.record(5, 0);
        time.advance(Duration.ofMinutes(1));
        store.save(tracker);

        assertThat(store.load()).contains(tracker.snapshot());
        assertThat(SloSnapshot.fromBytes(Files.readAllBytes(store.previousFile())))
                .isEqualTo(first);
        assertThat(Files.exists(dir.resolve("checkout.slo.tmp"))).isFalse();
        assertThat(store.restoreOrCreate(SLO, time).status().counted()).isEqualTo(new SliCounts(15, 1));
    }

    @Test
    void aCorruptOrTruncatedCurrentFileFallsBackToThePreviousGeneration() throws IOException {
        SnapshotFileStore store = SnapshotFileStore.of(dir.resolve("s"));
        SloTracker tracker = SloTracker.create(SLO, time);
        tracker.record(10, 1);
        store.save(tracker);
        SloSnapshot previous = tracker.snapshot();
        tracker.record(90, 9);
        store.save(tracker);
        byte[] current = Files.readAllBytes(store.file());

        byte[] flipped = current.clone();
        flipped[flipped.length / 2] ^= 0x10;
        Files.write(store.file(), flipped);
        assertThat(store.load()).contains(previous);

        Files.write(store.file(), Arrays.copyOf(current, current.length - 7));
        assertThat(store.load()).contains(previous);

        Files.delete(store.file()); // a crash between the two renames
        assertThat(store.load()).contains(previous);
    }

    @Test
    void aTornTemporaryFileIsNeverRead() throws IOException {
        SnapshotFileStore store = SnapshotFileStore.of(dir.resolve("s"));
        SloTracker tracker = SloTracker.create(SLO, time);
        tracker.record(3, 0);
        store.save(tracker);
        Files.write(dir.resolve("s.tmp"), new byte[] {1, 2, 3});

        assertThat(store.load()).contains(tracker.snapshot());
        store.save(tracker); // and a later save overwrites it
        assertThat(store.load()).contains(tracker.snapshot());
    }

    @Test
    void failsClearlyWhenNoGenerationIsValid() throws IOException {
        SnapshotFileStore store = SnapshotFileStore.of(dir.resolve("s"));
        Files.write(store.file(), new byte[] {'N', 'S', 'L', 'O', 1, 0, 0, 0, 0, 0});
        Files.write(store.previousFile(), new byte[] {0});

        assertThatThrownBy(store::load)
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("s: snapshot checksum mismatch")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThatThrownBy(() -> store.restoreOrCreate(SLO, time)).isInstanceOf(SnapshotFormatException.class);
    }

    @Test
    void restoreOrCreateStartsEmptyWithoutFiles() throws IOException {
        SloTracker tracker = SnapshotFileStore.of(dir.resolve("none")).restoreOrCreate(SLO, time);
        assertThat(tracker.status().counted()).isEqualTo(SliCounts.EMPTY);
    }

    @Test
    void schedulesSavesOnTheApplicationsExecutor() throws Exception {
        SnapshotFileStore store = SnapshotFileStore.of(dir.resolve("s"));
        SloTracker tracker = SloTracker.create(SLO, time);
        tracker.record(4, 2);
        CapturingExecutor executor = new CapturingExecutor();
        try {
            ScheduledFuture<?> future = store.scheduleSaves(tracker, executor, Duration.ofSeconds(30));

            assertThat(executor.delayNanos).isEqualTo(TimeUnit.SECONDS.toNanos(30));
            executor.command.run();
            assertThat(store.load()).contains(tracker.snapshot());
            Files.createDirectory(dir.resolve("s.tmp")); // saving now fails: logged and counted, not thrown
            executor.command.run();
            assertThat(store.status().consecutiveFailures()).isEqualTo(1);
            future.cancel(false);
        } finally {
            executor.shutdownNow();
        }
        assertThatThrownBy(() -> store.scheduleSaves(tracker, executor, Duration.ZERO))
                .hasMessage("interval must be positive, was PT0S");
    }

    // ------------------------------------------------ saving must not fail in silence (issue 18.5)

    @Test
    void restoreOrCreateFailsNamingThePathWhenTheDirectoryDoesNotExist() {
        Path missing = dir.resolve("missing");
        SnapshotFileStore store = SnapshotFileStore.of(missing.resolve("checkout.slo"), time);

        assertThatThrownBy(() -> store.restoreOrCreate(SLO, time))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(store::checkWritable).hasMessageContaining(missing.toString());
    }

    @Test
    void restoreOrCreateAndScheduleSavesFailNamingThePathWhenTheDirectoryCannotTakeAFile() throws IOException {
        // As root, permissions do not stop writes: a path under a regular file cannot be created by anyone.
        Path regularFile = Files.writeString(dir.resolve("not-a-directory"), "x");
        SnapshotFileStore underFile = SnapshotFileStore.of(regularFile.resolve("checkout.slo"), time);
        // A directory where the temporary file must go blocks every save though the directory exists.
        SnapshotFileStore blocked = SnapshotFileStore.of(dir.resolve("s"), time);
        Files.createDirectory(dir.resolve("s.tmp"));
        Files.writeString(dir.resolve("s.tmp").resolve("keep"), "x");
        SloTracker tracker = SloTracker.create(SLO, time);
        CapturingExecutor executor = new CapturingExecutor();
        try {
            assertThatThrownBy(() -> underFile.restoreOrCreate(SLO, time))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(regularFile.toString());
            assertThatThrownBy(() -> underFile.scheduleSaves(tracker, executor, Duration.ofMinutes(1)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(regularFile.toString());
            assertThatThrownBy(() -> blocked.restoreOrCreate(SLO, time))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot save SLO snapshots to " + blocked.file())
                    .hasMessageContaining(dir.resolve("s.tmp").toString());
            assertThatThrownBy(() -> blocked.scheduleSaves(tracker, executor, Duration.ofMinutes(1)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(blocked.file().toString());
            assertThat(executor.command).as("nothing scheduled").isNull();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void checkingWritabilityLeavesBothGenerationsAndNoTemporaryFile() throws IOException {
        SnapshotFileStore store = SnapshotFileStore.of(dir.resolve("s"), time);
        SloTracker tracker = SloTracker.create(SLO, time);
        tracker.record(1, 0);
        store.save(tracker);
        SloSnapshot first = tracker.snapshot();
        tracker.record(2, 0);
        store.save(tracker);

        store.checkWritable();
        SloTracker restored = store.restoreOrCreate(SLO, time);

        assertThat(restored.totalGood()).isEqualTo(3);
        assertThat(SloSnapshot.fromBytes(Files.readAllBytes(store.previousFile())))
                .isEqualTo(first);
        assertThat(Files.exists(dir.resolve("s.tmp"))).isFalse();
    }

    /** Records what a listener hears. */
    static final class RecordingListener implements SaveListener {
        final List<String> heard = new ArrayList<>();

        @Override
        public void onSaveSucceeded(Path file, SaveStatus status) {
            heard.add("ok " + file.getFileName() + " " + status.successes());
        }

        @Override
        public void onSaveFailed(Path file, Exception error, SaveStatus status) {
            heard.add("failed " + file.getFileName() + " " + status.consecutiveFailures() + " " + error.getMessage());
        }
    }

    @Test
    void aFailingPeriodicSaveIsVisibleInTheStatusAndToListenersUntilASaveSucceedsAgain() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        SnapshotFileStore store = SnapshotFileStore.of(sub.resolve("s"), time);
        RecordingListener listener = new RecordingListener();
        store.addListener(listener).addListener(new SaveListener() {
            @Override
            public void onSaveFailed(Path file, Exception error, SaveStatus status) {
                throw new IllegalStateException("a broken listener harms nobody");
            }
        });
        SloTracker tracker = store.restoreOrCreate(SLO, time);
        tracker.record(5, 1);
        CapturingExecutor executor = new CapturingExecutor();
        try {
            store.scheduleSaves(tracker, executor, Duration.ofMinutes(1));
            assertThat(store.status()).isEqualTo(SaveStatus.NONE);

            time.advance(Duration.ofMinutes(1));
            executor.command.run();
            Instant saved = time.now();
            assertThat(store.status().successes()).isEqualTo(1);
            assertThat(store.status().lastSuccess()).contains(saved);
            assertThat(store.status().isFailing()).isFalse();

            // The directory disappears and a regular file takes its place: every save now fails.
            for (String name : List.of("s", "s.prev")) {
                Files.deleteIfExists(sub.resolve(name));
            }
            Files.delete(sub);
            Files.writeString(sub, "not a directory");
            time.advance(Duration.ofMinutes(1));
            executor.command.run();
            time.advance(Duration.ofMinutes(1));
            executor.command.run();

            SaveStatus failing = store.status();
            assertThat(failing.isFailing()).isTrue();
            assertThat(failing.consecutiveFailures()).isEqualTo(2);
            assertThat(failing.failures()).isEqualTo(2);
            assertThat(failing.successes()).isEqualTo(1);
            assertThat(failing.lastSuccess()).contains(saved);
            assertThat(failing.lastFailure()).contains(time.now());
            assertThat(failing.lastError().orElseThrow())
                    .contains(sub.resolve("s").toString());
            assertThatThrownBy(() -> store.save(tracker))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(sub.toString());
            assertThat(store.status().consecutiveFailures()).isEqualTo(3);

            Files.delete(sub);
            Files.createDirectory(sub);
            time.advance(Duration.ofMinutes(1));
            executor.command.run();

            assertThat(store.status().consecutiveFailures()).isZero();
            assertThat(store.status().failures()).isEqualTo(3);
            assertThat(store.status().lastSuccess()).contains(time.now());
            assertThat(store.load()).contains(tracker.snapshot());
        } finally {
            executor.shutdownNow();
        }
        assertThat(listener.heard).hasSize(5);
        assertThat(listener.heard.get(0)).isEqualTo("ok s 1");
        assertThat(listener.heard.get(1)).startsWith("failed s 1 ").contains(sub.toString());
        assertThat(listener.heard.get(2)).startsWith("failed s 2 ");
        assertThat(listener.heard.get(3)).startsWith("failed s 3 ");
        assertThat(listener.heard.get(4)).isEqualTo("ok s 2");
    }

    @Test
    void theStatusLosesNoSaveUnderContention() throws Exception {
        SnapshotFileStore store = SnapshotFileStore.of(dir.resolve("s"), time);
        SloTracker tracker = SloTracker.create(SLO, time);
        int threads = 4;
        int saves = 25;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < saves; i++) {
                        store.save(tracker);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(store.status().successes()).isEqualTo((long) threads * saves);
    }

    /** Captures the periodic command instead of running it on a timer. */
    static final class CapturingExecutor extends ScheduledThreadPoolExecutor {
        Runnable command;
        long delayNanos;

        CapturingExecutor() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(
                Runnable command, long initialDelay, long delay, TimeUnit unit) {
            this.command = command;
            this.delayNanos = unit.toNanos(delay);
            return super.schedule(() -> {}, 1, TimeUnit.DAYS);
        }
    }
}
