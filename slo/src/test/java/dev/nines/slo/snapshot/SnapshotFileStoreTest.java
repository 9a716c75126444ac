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
import java.util.Arrays;
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
        assertThat(SloSnapshot.fromBytes(Files.readAllBytes(store.previousFile()))).isEqualTo(first);
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

        assertThatThrownBy(store::load).isInstanceOf(SnapshotFormatException.class)
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
            Files.createDirectory(dir.resolve("s.tmp")); // saving now fails: logged, not thrown
            executor.command.run();
            future.cancel(false);
        } finally {
            executor.shutdownNow();
        }
        assertThatThrownBy(() -> store.scheduleSaves(tracker, executor, Duration.ZERO))
                .hasMessage("interval must be positive, was PT0S");
    }

    /** Captures the periodic command instead of running it on a timer. */
    static final class CapturingExecutor extends ScheduledThreadPoolExecutor {
        Runnable command;
        long delayNanos;

        CapturingExecutor() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                                                         TimeUnit unit) {
            this.command = command;
            this.delayNanos = unit.toNanos(delay);
            return super.schedule(() -> { }, 1, TimeUnit.DAYS);
        }
    }
}
