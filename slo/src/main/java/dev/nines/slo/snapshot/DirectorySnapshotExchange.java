package dev.nines.slo.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link SnapshotExchange} in a directory that every replica and the fleet reader can reach (a
 * shared volume, NFS, a synced folder): each replica's latest snapshot is the file
 * {@code <replicaId>.slosnap}, replaced atomically (written to a hidden temporary file, forced,
 * then renamed over the old one), so a reader sees the old or the new snapshot, never a torn one.
 *
 * <p>Files that do not end in {@code .slosnap}, or whose name is not a replica id, are ignored. A
 * file that cannot be read is listed as {@linkplain PublishedSnapshot#unreadable unreadable},
 * naming the path. Thread-safe; starts no thread.
 *
 * <pre>{@code
 * SnapshotExchange exchange = DirectorySnapshotExchange.of(Path.of("/shared/slo/checkout"));
 * }</pre>
 */
public final class DirectorySnapshotExchange implements SnapshotExchange {

    /** The suffix of snapshot files. */
    public static final String SUFFIX = ".slosnap";

    private static final long MAX_FILE_BYTES = 64L << 20;

    private final Path directory;

    private DirectorySnapshotExchange(Path directory) {
        this.directory = directory;
    }

    /**
     * Returns an exchange in {@code directory}, which must exist by the first publish or read.
     *
     * @param directory the shared directory, one per SLO
     * @return the exchange
     */
    public static DirectorySnapshotExchange of(Path directory) {
        return new DirectorySnapshotExchange(
                Objects.requireNonNull(directory, "directory").toAbsolutePath());
    }

    /**
     * Returns the directory.
     *
     * @return the absolute path
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the file that holds {@code replicaId}'s latest snapshot.
     *
     * @param replicaId the replica's id
     * @return {@code <directory>/<replicaId>.slosnap}
     * @throws IllegalArgumentException if the replica id is not of the allowed form
     */
    public Path fileOf(String replicaId) {
        return directory.resolve(PublishedSnapshot.checkReplicaId(replicaId) + SUFFIX);
    }

    @Override
    public void publish(String replicaId, byte[] snapshot) throws IOException {
        Path target = fileOf(replicaId);
        Objects.requireNonNull(snapshot, "snapshot");
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(
                    target.toString(),
                    null,
                    "cannot publish the snapshot of replica '" + replicaId + "': directory " + directory
                            + " does not exist or is not a directory");
        }
        Path temporary = Files.createTempFile(directory, "." + replicaId + "-", ".tmp");
        try {
            try (FileChannel channel =
                    FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(snapshot);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public List<PublishedSnapshot> latest() throws IOException {
        List<PublishedSnapshot> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String replicaId = name.substring(0, name.length() - SUFFIX.length());
                try {
                    PublishedSnapshot.checkReplicaId(replicaId);
                } catch (IllegalArgumentException e) {
                    continue; // not a file this exchange wrote
                }
                out.add(read(replicaId, file));
            }
        }
        return out;
    }

    private static PublishedSnapshot read(String replicaId, Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                return PublishedSnapshot.unreadable(
                        replicaId, file + " has " + size + " bytes, more than a snapshot's " + MAX_FILE_BYTES);
            }
            return PublishedSnapshot.of(replicaId, Files.readAllBytes(file));
        } catch (IOException e) {
            return PublishedSnapshot.unreadable(replicaId, "cannot read " + file + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "DirectorySnapshotExchange[" + directory + "]";
    }
}
