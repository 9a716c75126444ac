package dev.nines.slo.snapshot;

import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloSnapshot;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SnapshotFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link SloSnapshot}s in one file, crash-safely: each save writes {@code <file>.tmp},
 * forces it to disk, renames the current file to {@code <file>.prev} and atomically renames the
 * new one into place (then forces the directory). A torn write is never read as valid: a load
 * checks the snapshot's CRC32C and falls back to the previous generation when the current file is
 * missing, corrupt or truncated. A crash therefore loses at most the events since the last save.
 *
 * <p>Saving periodically is up to the application's scheduler ({@link #scheduleSaves}); the store
 * starts no thread. Thread-safe: saves through one store are serialised.
 *
 * <pre>{@code
 * SnapshotFileStore store = SnapshotFileStore.of(Path.of("/var/lib/app/checkout.slo"));
 * SloTracker tracker = store.restoreOrCreate(slo, TimeSource.system());
 * store.scheduleSaves(tracker, scheduler, Duration.ofMinutes(1));
 * }</pre>
 */
public final class SnapshotFileStore {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFileStore.class);

    private final Path file;
    private final Path previous;
    private final Path temporary;
    private final ReentrantLock lock = new ReentrantLock();

    private SnapshotFileStore(Path file) {
        this.file = file;
        this.previous = file.resolveSibling(file.getFileName() + ".prev");
        this.temporary = file.resolveSibling(file.getFileName() + ".tmp");
    }

    /**
     * Returns a store that keeps snapshots in {@code file} (and {@code file.prev}, {@code file.tmp}
     * beside it). The directory must exist.
     *
     * @param file the snapshot file
     * @return the store
     */
    public static SnapshotFileStore of(Path file) {
        Objects.requireNonNull(file, "file");
        if (file.getFileName() == null) {
            throw new IllegalArgumentException("file must name a file, was " + file);
        }
        return new SnapshotFileStore(file.toAbsolutePath());
    }

    /**
     * Returns the current snapshot file.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Returns the file that keeps the previous generation.
     *
     * @return the path
     */
    public Path previousFile() {
        return previous;
    }

    /**
     * Saves {@code snapshot} by atomic replace, keeping the current file as the previous generation.
     *
     * @param snapshot the snapshot
     * @throws IOException if writing, forcing or renaming fails; the current file is then unchanged
     */
    public void save(SloSnapshot snapshot) throws IOException {
        Objects.requireNonNull(snapshot, "snapshot");
        byte[] bytes = snapshot.toBytes();
        lock.lock();
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (Files.exists(file)) {
                Files.move(file, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Saves a snapshot of {@code tracker}.
     *
     * @param tracker the tracker
     * @throws IOException if saving fails
     */
    public void save(SloTracker tracker) throws IOException {
        save(Objects.requireNonNull(tracker, "tracker").snapshot());
    }

    private void forceDirectory() {
        Path directory = file.getParent();
        if (directory == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open or force a directory; the renames are still atomic there.
            LOG.debug("Could not force directory {}", directory, e);
        }
    }

    /**
     * Loads the newest valid snapshot: the current file, or the previous generation if the current
     * one is missing, corrupt or truncated.
     *
     * @return the snapshot; empty if neither file exists
     * @throws SnapshotFormatException if no generation is valid but at least one exists
     * @throws IOException if reading fails
     */
    public Optional<SloSnapshot> load() throws IOException {
        SnapshotFormatException failure = null;
        for (Path candidate : new Path[] {file, previous}) {
            try {
                SloSnapshot snapshot = SloSnapshot.fromBytes(Files.readAllBytes(candidate));
                if (failure != null) {
                    LOG.warn("Snapshot {} is unreadable ({}); using the previous generation {}", file,
                            failure.getMessage(), candidate);
                }
                return Optional.of(snapshot);
            } catch (NoSuchFileException e) {
                // Try the next generation.
            } catch (SnapshotFormatException e) {
                if (failure == null) {
                    failure = new SnapshotFormatException(candidate + ": " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return Optional.empty();
    }

    /**
     * Restores a tracker from the newest valid snapshot, or creates an empty one if there is none.
     *
     * @param slo the SLO; must match the snapshot's name
     * @param timeSource the clock
     * @return the tracker
     * @throws SnapshotFormatException if snapshot files exist but none is valid
     * @throws IOException if reading fails
     */
    public SloTracker restoreOrCreate(Slo slo, TimeSource timeSource) throws IOException {
        Optional<SloSnapshot> snapshot = load();
        return snapshot.isPresent() ? SloTracker.restore(slo, timeSource, snapshot.get())
                : SloTracker.create(slo, timeSource);
    }

    /**
     * Saves {@code tracker} every {@code interval} on {@code executor} (with fixed delay, the first
     * save after one interval). A failed save is logged (SLF4J, WARN) and retried at the next run.
     *
     * @param tracker the tracker
     * @param executor the application's scheduler
     * @param interval the time between saves, positive
     * @return the scheduled task; cancel it to stop saving
     */
    public ScheduledFuture<?> scheduleSaves(SloTracker tracker, ScheduledExecutorService executor,
                                            Duration interval) {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(executor, "executor");
        long nanos = Arguments.positive("interval", interval).toNanos();
        return executor.scheduleWithFixedDelay(() -> {
            try {
                save(tracker);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Saving SLO snapshot to {} failed", file, e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "SnapshotFileStore[" + file + "]";
    }
}
