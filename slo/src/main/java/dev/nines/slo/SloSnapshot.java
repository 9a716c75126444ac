package dev.nines.slo;

import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.exclusion.ExclusionKind;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, mergeable copy of a {@link SloTracker}'s state: per-bucket good and bad counts
 * (10-second buckets for the last 6 hours, 1-minute buckets before), the events older than that
 * detail, and the exclusions added at run time. Where the tracker keeps only 5-minute detail
 * (older than 3 days), each 5-minute count is filed under the first of its five minutes; a tracker
 * restored from it adds the minutes of each 5 minutes up again, so nothing is lost or moved across
 * a kept boundary.
 *
 * <p>Snapshots of several instances of a service {@linkplain #merge(SloSnapshot) merge} into a
 * fleet view; merging is associative and commutative, and merging N copies of one snapshot equals
 * recording every event N times. Buckets are aligned to the epoch, so instances agree on them.
 *
 * <h2>Binary format (version 1)</h2>
 * Magic {@code "NSLO"}, a version byte, the payload (SLO name, bucket indices, counts as
 * zero-run-compressed unsigned varints, exclusions) and a CRC32C of everything before it. A
 * snapshot of a 30-day tracker with steady traffic takes a few hundred KiB; an idle one a few
 * dozen bytes.
 *
 * <p>Thread-safe (immutable). Arrays are copied in and out.
 *
 * <pre>{@code
 * SloSnapshot fleet = SloSnapshot.mergeAll(List.of(a.snapshot(), b.snapshot(), c.snapshot()));
 * SloTracker view = SloTracker.restore(slo, TimeSource.system(), fleet);
 * }</pre>
 */
public final class SloSnapshot {

    static final int MAGIC = 0x4E534C4F;
    static final byte VERSION = 1;
    static final int MAX_BYTES = 64 << 20;
    /** The longest retention of any tracker (a 366-day window), in minutes, plus slack. */
    static final long MAX_COARSE_MINUTES = 366L * 24 * 60 + 62;
    /** Bucket indices beyond this could not be turned into epoch milliseconds without overflow. */
    static final long MAX_INDEX = Long.MAX_VALUE / (BucketGeometry.FINE_MILLIS * 4);

    /**
     * The most events a snapshot holds, good and bad together: 2<sup>62</sup>, about 4.6 × 10<sup>18</sup>
     * (146 years at a billion events a second). A restored tracker keeps as much room again to record
     * more, so no total it derives wraps past {@code Long.MAX_VALUE}. Decoding a snapshot over this
     * limit raises {@link SnapshotFormatException}; merging snapshots whose sum exceeds it raises
     * {@link IllegalArgumentException}.
     */
    public static final long MAX_EVENTS = 1L << 62;

    private final String sloName;
    private final long lastIndex;
    private final long trackingStartMillis;
    private final long baseGood;
    private final long baseBad;
    private final long coarseStart;
    private final long[] coarseGood;
    private final long[] coarseBad;
    private final long fineStart;
    private final long[] fineGood;
    private final long[] fineBad;
    private final List<Exclusion> exclusions;

    SloSnapshot(
            String sloName,
            long lastIndex,
            long trackingStartMillis,
            long baseGood,
            long baseBad,
            long coarseStart,
            long[] coarseGood,
            long[] coarseBad,
            long fineStart,
            long[] fineGood,
            long[] fineBad,
            List<Exclusion> exclusions) {
        this.sloName = Objects.requireNonNull(sloName, "sloName");
        this.lastIndex = lastIndex;
        this.trackingStartMillis = trackingStartMillis;
        this.baseGood = baseGood;
        this.baseBad = baseBad;
        this.coarseStart = coarseStart;
        this.coarseGood = coarseGood.clone();
        this.coarseBad = coarseBad.clone();
        this.fineStart = fineStart;
        this.fineGood = fineGood.clone();
        this.fineBad = fineBad.clone();
        this.exclusions = List.copyOf(exclusions);
        String problem = check();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The first rule these counts break, or null when they are consistent. */
    private @Nullable String check() {

        if (lastIndex < -MAX_INDEX || lastIndex > MAX_INDEX) {
            return "lastIndex must be within +/-" + MAX_INDEX + " (10-second buckets from the epoch), was " + lastIndex;
        }
        if (fineStart > lastIndex + 1 || fineStart < lastIndex - MAX_COARSE_MINUTES * BucketGeometry.FINE_PER_COARSE) {
            return "fineStart must be in [lastIndex - " + MAX_COARSE_MINUTES * BucketGeometry.FINE_PER_COARSE
                    + ", lastIndex + 1], was " + fineStart + " with lastIndex " + lastIndex;
        }
        if (Math.floorMod(fineStart, BucketGeometry.FINE_PER_COARSE) != 0) {
            return "fineStart must be a multiple of 6, was " + fineStart;
        }
        long fineMinute = fineStart / BucketGeometry.FINE_PER_COARSE;
        if (coarseStart > fineMinute || coarseStart < fineMinute - MAX_COARSE_MINUTES) {
            return "coarseStart must be in [fineStart / 6 - " + MAX_COARSE_MINUTES + ", fineStart / 6], was "
                    + coarseStart + " with fineStart " + fineStart;
        }
        if (coarseGood.length != coarseBad.length || coarseGood.length != fineMinute - coarseStart) {
            return "coarse counts must cover [coarseStart, fineStart), was " + coarseGood.length;
        }
        if (fineGood.length != fineBad.length || fineGood.length != lastIndex - fineStart + 1) {
            return "fine counts must cover [fineStart, lastIndex], was " + fineGood.length;
        }
        if (baseGood < 0
                || baseBad < 0
                || negative(coarseGood)
                || negative(coarseBad)
                || negative(fineGood)
                || negative(fineBad)) {
            return "counts must not be negative";
        }
        // Each count may be valid while their sum wraps past Long.MAX_VALUE: check every total the
        // tracker derives (good, bad, and good + bad), with room left to keep recording.
        long good = sum(sum(baseGood, coarseGood), fineGood);
        if (good > MAX_EVENTS) {
            return "totalGood (baseGood + coarseGood + fineGood) must be at most " + MAX_EVENTS + ", was "
                    + describeSum(good);
        }
        long bad = sum(sum(baseBad, coarseBad), fineBad);
        if (bad > MAX_EVENTS) {
            return "totalBad (baseBad + coarseBad + fineBad) must be at most " + MAX_EVENTS + ", was "
                    + describeSum(bad);
        }
        if (good > MAX_EVENTS - bad) { // both at most 2^62, so the sum could reach 2^63 and wrap
            return "totalGood + totalBad must be at most " + MAX_EVENTS + ", was " + good + " + " + bad;
        }
        return null;
    }

    /** Adds non-negative counts, saturating at Long.MAX_VALUE. */
    private static long sum(long start, long[] values) {
        long total = start;
        for (long v : values) {
            total = v > Long.MAX_VALUE - total ? Long.MAX_VALUE : total + v;
        }
        return total;
    }

    private static String describeSum(long saturated) {
        return saturated == Long.MAX_VALUE ? "more than Long.MAX_VALUE" : Long.toString(saturated);
    }

    private static boolean negative(long[] values) {
        for (long v : values) {
            if (v < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the name of the SLO the snapshot belongs to.
     *
     * @return the SLO name
     */
    public String sloName() {
        return sloName;
    }

    /**
     * Returns the instant of the newest bucket: when the snapshot was taken, to 10 seconds.
     *
     * @return the start of the newest bucket
     */
    public Instant takenAt() {
        return Instant.ofEpochMilli(lastIndex * BucketGeometry.FINE_MILLIS);
    }

    /**
     * Returns the total good events in the snapshot.
     *
     * @return good events, including those older than the bucket detail
     */
    public long totalGood() {
        return baseGood
                + Arrays.stream(coarseGood).sum()
                + Arrays.stream(fineGood).sum();
    }

    /**
     * Returns the total bad events in the snapshot.
     *
     * @return bad events, including those older than the bucket detail
     */
    public long totalBad() {
        return baseBad + Arrays.stream(coarseBad).sum() + Arrays.stream(fineBad).sum();
    }

    /**
     * Returns the exclusions added at run time to the tracker(s).
     *
     * @return an unmodifiable list
     */
    public List<Exclusion> exclusions() {
        return exclusions;
    }

    long lastIndex() {
        return lastIndex;
    }

    long trackingStartMillis() {
        return trackingStartMillis;
    }

    long baseGood() {
        return baseGood;
    }

    long baseBad() {
        return baseBad;
    }

    long coarseStart() {
        return coarseStart;
    }

    long fineStart() {
        return fineStart;
    }

    long[] coarseGood() {
        return coarseGood.clone();
    }

    long[] coarseBad() {
        return coarseBad.clone();
    }

    long[] fineGood() {
        return fineGood.clone();
    }

    long[] fineBad() {
        return fineBad.clone();
    }

    // ------------------------------------------------------------------------------------- merge

    /**
     * Merges this snapshot with another of the same SLO: counts add bucket by bucket, exclusions
     * unite. Where only one side has 10-second detail, the merge keeps 1-minute detail. Associative
     * and commutative.
     *
     * @param other another snapshot of the same SLO
     * @return the merged snapshot
     * @throws IllegalArgumentException if the SLO names differ, or the merged snapshot would hold
     *     more than {@link #MAX_EVENTS} events
     */
    public SloSnapshot merge(SloSnapshot other) {
        Objects.requireNonNull(other, "other");
        if (!sloName.equals(other.sloName)) {
            throw new IllegalArgumentException(
                    "snapshots must belong to the same SLO '" + sloName + "', was '" + other.sloName + "'");
        }
        // Every count is non-negative, so if the merged totals fit, every bucket and base sum does.
        // Each side holds at most MAX_EVENTS (2^62), so neither subtraction nor either total wraps.
        if (totalGood() + totalBad() > MAX_EVENTS - (other.totalGood() + other.totalBad())) {
            throw new IllegalArgumentException("merged totalGood + totalBad must be at most " + MAX_EVENTS
                    + " (SloSnapshot.MAX_EVENTS), was " + totalGood() + " + " + totalBad() + " + "
                    + other.totalGood() + " + " + other.totalBad());
        }
        long last = Math.max(lastIndex, other.lastIndex);
        long fine = Math.max(
                Math.max(fineStart, other.fineStart), BucketGeometry.ceil6(last - BucketGeometry.FINE_SLOTS + 1));
        // Minutes older than the longest possible retention fold into the base, so that a merge
        // of snapshots taken far apart stays bounded; the cut-off depends only on the newest
        // bucket, which keeps the merge associative.
        long cutoff = Math.min(
                Math.floorDiv(last, BucketGeometry.FINE_PER_COARSE) - MAX_COARSE_MINUTES + 1,
                fine / BucketGeometry.FINE_PER_COARSE);
        long coarse = Math.max(Math.min(coarseStart, other.coarseStart), cutoff);
        long foldedGood = baseGood + other.baseGood;
        long foldedBad = baseBad + other.baseBad;
        int coarseCount = (int) (fine / BucketGeometry.FINE_PER_COARSE - coarse);
        int fineCount = (int) (last - fine + 1);
        long[] cg = new long[coarseCount];
        long[] cb = new long[coarseCount];
        long[] fg = new long[fineCount];
        long[] fb = new long[fineCount];
        for (SloSnapshot s : List.of(this, other)) {
            for (int i = 0; i < s.coarseGood.length; i++) {
                long at = s.coarseStart + i - coarse;
                if (at < 0) {
                    foldedGood += s.coarseGood[i];
                    foldedBad += s.coarseBad[i];
                } else {
                    cg[(int) at] += s.coarseGood[i];
                    cb[(int) at] += s.coarseBad[i];
                }
            }
            for (int i = 0; i < s.fineGood.length; i++) {
                long k = s.fineStart + i;
                if (k >= fine) {
                    fg[(int) (k - fine)] += s.fineGood[i];
                    fb[(int) (k - fine)] += s.fineBad[i];
                } else {
                    long at = Math.floorDiv(k, BucketGeometry.FINE_PER_COARSE) - coarse;
                    if (at < 0) {
                        foldedGood += s.fineGood[i];
                        foldedBad += s.fineBad[i];
                    } else {
                        cg[(int) at] += s.fineGood[i];
                        cb[(int) at] += s.fineBad[i];
                    }
                }
            }
        }
        Set<Exclusion> union = new LinkedHashSet<>(exclusions);
        union.addAll(other.exclusions);
        List<Exclusion> sorted = new ArrayList<>(union);
        sorted.sort(EXCLUSION_ORDER);
        return new SloSnapshot(
                sloName,
                last,
                Math.min(trackingStartMillis, other.trackingStartMillis),
                foldedGood,
                foldedBad,
                coarse,
                cg,
                cb,
                fine,
                fg,
                fb,
                sorted);
    }

    private static final Comparator<Exclusion> EXCLUSION_ORDER = Comparator.comparing(Exclusion::start)
            .thenComparing(Exclusion::end)
            .thenComparing(Exclusion::kind)
            .thenComparing(Exclusion::reason)
            .thenComparingDouble(Exclusion::alertAboveErrorRatio);

    /**
     * Merges a non-empty collection of snapshots of one SLO (see {@link #merge(SloSnapshot)}).
     *
     * @param snapshots the snapshots
     * @return the merged snapshot
     * @throws IllegalArgumentException if the collection is empty or the SLO names differ
     */
    public static SloSnapshot mergeAll(Collection<SloSnapshot> snapshots) {
        Objects.requireNonNull(snapshots, "snapshots");
        SloSnapshot result = null;
        for (SloSnapshot s : snapshots) {
            result = result == null ? Objects.requireNonNull(s, "snapshot") : result.merge(s);
        }
        if (result == null) {
            throw new IllegalArgumentException("snapshots must not be empty, was []");
        }
        return result;
    }

    // ---------------------------------------------------------------------------------- encoding

    /**
     * Writes the snapshot in the binary format (see the class comment).
     *
     * @param out the stream, not closed
     * @throws IOException if writing fails
     */
    public void writeTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        out.write(toBytes());
    }

    /**
     * Returns the snapshot in the binary format (see the class comment).
     *
     * @return a new array
     */
    // The format stores an exclusion's kind by its declared position and an instant as its epoch
    // second and nano-of-second, both pinned by the format's round-trip tests.
    @SuppressWarnings({"EnumOrdinal", "JavaInstantGetSecondsGetNano"})
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
            DataOutputStream data = new DataOutputStream(buffer);
            data.writeInt(MAGIC);
            data.writeByte(VERSION);
            byte[] name = sloName.getBytes(StandardCharsets.UTF_8);
            data.writeInt(name.length);
            data.write(name);
            data.writeLong(lastIndex);
            data.writeLong(trackingStartMillis);
            data.writeLong(baseGood);
            data.writeLong(baseBad);
            data.writeLong(coarseStart);
            data.writeLong(fineStart);
            writeCounts(data, coarseGood, coarseBad);
            writeCounts(data, fineGood, fineBad);
            data.writeInt(exclusions.size());
            for (Exclusion e : exclusions) {
                data.writeByte(e.kind().ordinal());
                data.writeLong(e.start().getEpochSecond());
                data.writeInt(e.start().getNano());
                data.writeLong(e.end().getEpochSecond());
                data.writeInt(e.end().getNano());
                byte[] reason = e.reason().getBytes(StandardCharsets.UTF_8);
                data.writeInt(reason.length);
                data.write(reason);
                data.writeDouble(e.alertAboveErrorRatio());
            }
            data.flush();
            CRC32C crc = new CRC32C();
            byte[] body = buffer.toByteArray();
            crc.update(body, 0, body.length);
            data.writeInt((int) crc.getValue());
            data.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new AssertionError("in-memory stream cannot fail", e);
        }
    }

    /** Writes length, then for each entry: a zero-run length and, unless at the end, good and bad. */
    private static void writeCounts(DataOutputStream data, long[] good, long[] bad) throws IOException {
        data.writeInt(good.length);
        int i = 0;
        while (i < good.length) {
            int run = 0;
            while (i < good.length && good[i] == 0 && bad[i] == 0) {
                run++;
                i++;
            }
            writeVarLong(data, run);
            if (i < good.length) {
                writeVarLong(data, good[i]);
                writeVarLong(data, bad[i]);
                i++;
            }
        }
    }

    private static void writeVarLong(DataOutputStream data, long value) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            data.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        data.writeByte((int) v);
    }

    /**
     * Reads a snapshot written by {@link #writeTo(OutputStream)}, reading {@code in} to its end.
     *
     * @param in the stream, not closed
     * @return the snapshot
     * @throws SnapshotFormatException if the bytes are not a valid snapshot (bad magic, unknown
     *     version, checksum mismatch, truncation, inconsistent content)
     * @throws IOException if reading fails
     */
    public static SloSnapshot readFrom(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new SnapshotFormatException("snapshot must be at most " + MAX_BYTES + " bytes");
        }
        return fromBytes(bytes);
    }

    /**
     * Decodes a snapshot from its binary form.
     *
     * @param bytes the bytes
     * @return the snapshot
     * @throws SnapshotFormatException if the bytes are not a valid snapshot
     */
    public static SloSnapshot fromBytes(byte[] bytes) throws SnapshotFormatException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < 9) {
            throw new SnapshotFormatException("snapshot truncated: " + bytes.length + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt() != MAGIC) {
            throw new SnapshotFormatException("not an SLO snapshot: bad magic number");
        }
        byte version = buffer.get();
        if (version != VERSION) {
            throw new SnapshotFormatException("unsupported snapshot version " + version + ", expected " + VERSION);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int expected = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != expected) {
            throw new SnapshotFormatException("snapshot checksum mismatch: corrupt or truncated");
        }
        ByteBuffer payload = ByteBuffer.wrap(bytes, 5, bytes.length - 9).slice();
        try {
            String name = readString(payload);
            long lastIndex = payload.getLong();
            long trackingStart = payload.getLong();
            long baseGood = payload.getLong();
            long baseBad = payload.getLong();
            long coarseStart = payload.getLong();
            long fineStart = payload.getLong();
            long[][] coarse = readCounts(payload);
            long[][] fine = readCounts(payload);
            int exclusionCount = payload.getInt();
            if (exclusionCount < 0 || exclusionCount > payload.remaining()) {
                throw new SnapshotFormatException("bad exclusion count " + exclusionCount);
            }
            List<Exclusion> exclusions = new ArrayList<>(exclusionCount);
            ExclusionKind[] kinds = ExclusionKind.values();
            for (int i = 0; i < exclusionCount; i++) {
                int kind = payload.get();
                if (kind < 0 || kind >= kinds.length) {
                    throw new SnapshotFormatException("bad exclusion kind " + kind);
                }
                Instant start = Instant.ofEpochSecond(payload.getLong(), payload.getInt());
                Instant end = Instant.ofEpochSecond(payload.getLong(), payload.getInt());
                String reason = readString(payload);
                double ratio = payload.getDouble();
                exclusions.add(new Exclusion(kinds[kind], start, end, reason, ratio));
            }
            if (payload.hasRemaining()) {
                throw new SnapshotFormatException("snapshot has " + payload.remaining() + " trailing bytes");
            }
            return new SloSnapshot(
                    name,
                    lastIndex,
                    trackingStart,
                    baseGood,
                    baseBad,
                    coarseStart,
                    coarse[0],
                    coarse[1],
                    fineStart,
                    fine[0],
                    fine[1],
                    exclusions);
        } catch (BufferUnderflowException e) {
            throw new SnapshotFormatException("snapshot truncated", e);
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw new SnapshotFormatException("inconsistent snapshot: " + e.getMessage(), e);
        }
    }

    private static String readString(ByteBuffer payload) throws SnapshotFormatException {
        int length = payload.getInt();
        if (length < 0 || length > payload.remaining()) {
            throw new SnapshotFormatException("bad string length " + length);
        }
        byte[] bytes = new byte[length];
        payload.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long[][] readCounts(ByteBuffer payload) throws SnapshotFormatException {
        int length = payload.getInt();
        if (length < 0 || length > MAX_COARSE_MINUTES + BucketGeometry.FINE_SLOTS) {
            throw new SnapshotFormatException("bad count length " + length);
        }
        long[] good = new long[length];
        long[] bad = new long[length];
        int i = 0;
        while (i < length) {
            long run = readVarLong(payload);
            if (run < 0 || run > length - i) {
                throw new SnapshotFormatException("bad zero run " + run);
            }
            i += (int) run;
            if (i < length) {
                good[i] = readVarLong(payload);
                bad[i] = readVarLong(payload);
                i++;
            }
        }
        return new long[][] {good, bad};
    }

    private static long readVarLong(ByteBuffer payload) throws SnapshotFormatException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = payload.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new SnapshotFormatException("varint too long");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SloSnapshot s)) {
            return false;
        }
        return sloName.equals(s.sloName)
                && lastIndex == s.lastIndex
                && trackingStartMillis == s.trackingStartMillis
                && baseGood == s.baseGood
                && baseBad == s.baseBad
                && coarseStart == s.coarseStart
                && fineStart == s.fineStart
                && Arrays.equals(coarseGood, s.coarseGood)
                && Arrays.equals(coarseBad, s.coarseBad)
                && Arrays.equals(fineGood, s.fineGood)
                && Arrays.equals(fineBad, s.fineBad)
                && exclusions.equals(s.exclusions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                sloName,
                lastIndex,
                baseGood,
                baseBad,
                coarseStart,
                fineStart,
                Arrays.hashCode(fineGood),
                Arrays.hashCode(fineBad),
                Arrays.hashCode(coarseGood),
                Arrays.hashCode(coarseBad),
                exclusions);
    }

    @Override
    public String toString() {
        return "SloSnapshot[" + sloName + ", takenAt=" + takenAt() + ", good=" + totalGood() + ", bad=" + totalBad()
                + ", exclusions=" + exclusions.size() + "]";
    }
}
