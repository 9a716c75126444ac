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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <p>A store that cannot save fails early and never in silence: {@link #restoreOrCreate} and
 * {@link #scheduleSaves} first {@linkplain #checkWritable() check} that the directory exists and
 * takes a file, and throw an {@link IOException} naming the path otherwise. Every later save,
 * scheduled or direct, updates the store's {@link #status()} (successes, failures, consecutive
 * failures, the time of the last of each) and tells the {@linkplain #addListener listeners};
 * {@code dev.nines.slo.micrometer.SnapshotStoreMetrics} exports the status as meters.
 *
 * <pre>{@code
 * SnapshotFileStore store = SnapshotFileStore.of(Path.of("/var/lib/app/checkout.slo"), TimeSource.system());
 * SloTracker tracker = store.restoreOrCreate(slo, TimeSource.system());   // IOException if unwritable
 * store.scheduleSaves(tracker, scheduler, Duration.ofMinutes(1));
 * if (store.status().isFailing()) { ... }
 * }</pre>
 */
public final class SnapshotFileStore {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotFileStore.class);

    private final Path file;
    private final Path previous;
    private final Path temporary;
    private final TimeSource time;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<SaveListener> listeners = new CopyOnWriteArrayList<>();
    private volatile SaveStatus status = SaveStatus.NONE;

    private SnapshotFileStore(Path file, TimeSource time) {
        this.file = file;
        this.time = time;
        this.previous = file.resolveSibling(file.getFileName() + ".prev");
        this.temporary = file.resolveSibling(file.getFileName() + ".tmp");
    }

    /**
     * Returns a store that keeps snapshots in {@code file} (and {@code file.prev}, {@code file.tmp}
     * beside it), timing its {@link #status()} by the system clock. The directory must exist.
     *
     * @param file the snapshot file
     * @return the store
     */
    public static SnapshotFileStore of(Path file) {
        return of(file, TimeSource.system());
    }

    /**
     * Returns a store that keeps snapshots in {@code file} (and {@code file.prev}, {@code file.tmp}
     * beside it), timing its {@link #status()} by {@code timeSource}. The directory must exist.
     *
     * @param file the snapshot file
     * @param timeSource the clock that dates successes and failures
     * @return the store
     */
    public static SnapshotFileStore of(Path file, TimeSource timeSource) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(timeSource, "timeSource");
        if (file.getFileName() == null) {
            throw new IllegalArgumentException("file must name a file, was " + file);
        }
        return new SnapshotFileStore(file.toAbsolutePath(), timeSource);
    }

    /**
     * Adds a listener told of every later save's outcome.
     *
     * @param listener the listener
     * @return this store
     */
    public SnapshotFileStore addListener(SaveListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Returns the outcome of the saves so far (scheduled and direct).
     *
     * @return the status; {@link SaveStatus#NONE} before the first save
     */
    public SaveStatus status() {
        return status;
    }

    /**
     * Checks that snapshots can be saved: the directory exists, is a directory, and takes a new
     * file (by creating and deleting {@code file.tmp}, which saves overwrite anyway). Neither
     * generation is touched. A read-only file system or a missing directory fails here, as root too.
     *
     * @throws IOException naming the path and the reason, if a save could not succeed
     */
    public void checkWritable() throws IOException {
        Path directory = file.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "cannot save SLO snapshots: directory " + directory + " does not exist or is not a directory");
        }
        lock.lock();
        try {
            FileChannel.open(
                            temporary,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)
                    .close();
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            throw new IOException(
                    "cannot save SLO snapshots to " + file + ": cannot write " + temporary + " (" + e + ")", e);
        } finally {
            lock.unlock();
        }
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
     * The outcome updates {@link #status()} and is told to the listeners.
     *
     * @param snapshot the snapshot
     * @throws IOException if writing, forcing or renaming fails; the current file is then unchanged
     */
    public void save(SloSnapshot snapshot) throws IOException {
        Objects.requireNonNull(snapshot, "snapshot");
        byte[] bytes = snapshot.toBytes();
        Exception failure = null;
        SaveStatus after;
        lock.lock();
        try {
            try {
                write(bytes);
                after = status.succeeded(time.now());
            } catch (IOException | RuntimeException e) {
                failure = e;
                after = status.failed(time.now(), "saving " + file + " failed: " + e);
            }
            status = after;
        } finally {
            lock.unlock();
        }
        for (SaveListener listener : listeners) {
            try {
                if (failure == null) {
                    listener.onSaveSucceeded(file, after);
                } else {
                    listener.onSaveFailed(file, failure, after);
                }
            } catch (RuntimeException e) {
                LOG.warn("SaveListener {} failed", listener, e);
            }
        }
        if (failure instanceof IOException) {
            throw (IOException) failure;
        }
        if (failure != null) {
            throw (RuntimeException) failure;
        }
    }

    /** Writes, forces and renames into place; lock held. */
    private void write(byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
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
                    LOG.warn(
                            "Snapshot {} is unreadable ({}); using the previous generation {}",
                            file,
                            failure.getMessage(),
                            candidate);
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
     * Restores a tracker from the newest valid snapshot, or creates an empty one if there is none,
     * after {@linkplain #checkWritable() checking} that later saves can succeed.
     *
     * @param slo the SLO; must match the snapshot's name
     * @param timeSource the clock
     * @return the tracker
     * @throws SnapshotFormatException if snapshot files exist but none is valid
     * @throws IOException if reading fails, or the directory is missing or cannot be written (the
     *     message names the path)
     */
    public SloTracker restoreOrCreate(Slo slo, TimeSource timeSource) throws IOException {
        checkWritable();
        Optional<SloSnapshot> snapshot = load();
        return snapshot.isPresent()
                ? SloTracker.restore(slo, timeSource, snapshot.get())
                : SloTracker.create(slo, timeSource);
    }

    /**
     * Saves {@code tracker} every {@code interval} on {@code executor} (with fixed delay, the first
     * save after one interval), after {@linkplain #checkWritable() checking} that saves can succeed.
     * A failed save updates {@link #status()}, is told to the listeners, is logged (SLF4J, WARN) and
     * is retried at the next run.
     *
     * @param tracker the tracker
     * @param executor the application's scheduler
     * @param interval the time between saves, positive
     * @return the scheduled task; cancel it to stop saving
     * @throws IOException if the directory is missing or cannot be written (the message names the
     *     path); nothing is scheduled then
     */
    public ScheduledFuture<?> scheduleSaves(SloTracker tracker, ScheduledExecutorService executor, Duration interval)
            throws IOException {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(executor, "executor");
        long nanos = Arguments.positive("interval", interval).toNanos();
        checkWritable();
        return executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        save(tracker);
                    } catch (IOException | RuntimeException e) {
                        LOG.warn(
                                "Saving SLO snapshot to {} failed ({} in a row)",
                                file,
                                status.consecutiveFailures(),
                                e);
                    }
                },
                nanos,
                nanos,
                TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "SnapshotFileStore[" + file + "]";
    }
}
