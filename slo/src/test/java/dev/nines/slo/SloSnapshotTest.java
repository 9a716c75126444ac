package dev.nines.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.exclusion.Exclusion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SloSnapshotTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:07Z");
    static final Slo SLO = Slo.builder("checkout")
            .objective(0.999)
            .window(SloWindow.rolling(Duration.ofDays(30)))
            .build();
    static final Duration[] RECENT = {
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        Duration.ofHours(5),
        Duration.ofDays(1),
        Duration.ofDays(30)
    };

    record Step(int advanceSeconds, int good, int bad) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> advance = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(0, 30)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(30, 3_600)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(3_600, 4 * 86_400)));
        return Combinators.combine(
                        advance,
                        Arbitraries.integers().between(0, 1_000),
                        Arbitraries.integers().between(0, 50))
                .as(Step::new)
                .list()
                .ofMaxSize(40);
    }

    static SloTracker play(ManualTimeSource time, List<Step> steps, int multiplier) {
        SloTracker tracker = SloTracker.create(SLO, time);
        for (Step step : steps) {
            time.advance(Duration.ofSeconds(step.advanceSeconds()));
            tracker.record((long) step.good() * multiplier, (long) step.bad() * multiplier);
        }
        return tracker;
    }

    static byte[] bytes(SloTracker tracker) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tracker.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void aRestoredTrackerAnswersLikeTheOriginalAndKeepsRecording() throws IOException {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker original = SloTracker.create(SLO, time);
        for (int hour = 0; hour < 48; hour++) {
            original.record(1_000, hour % 7);
            time.advance(Duration.ofMinutes(61));
        }
        original.exclude(Exclusion.forceMajeure(T0, T0.plus(Duration.ofHours(2)), "storm"));

        SloTracker restored = SloTracker.restore(SLO, time, new ByteArrayInputStream(bytes(original)));

        assertThat(restored.status()).isEqualTo(original.status());
        assertThat(restored.addedExclusions()).isEqualTo(original.addedExclusions());
        original.recordBad();
        restored.recordBad();
        time.advance(Duration.ofDays(3));
        assertThat(restored.status()).isEqualTo(original.status());
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
        // All-time totals survive the restore, agree with the snapshot and count excluded events too.
        long good = 48 * 1_000L;
        long bad = 1;
        for (int hour = 0; hour < 48; hour++) {
            bad += hour % 7;
        }
        assertThat(restored.totalGood())
                .isEqualTo(original.totalGood())
                .isEqualTo(good)
                .isEqualTo(restored.snapshot().totalGood());
        assertThat(restored.totalBad())
                .isEqualTo(original.totalBad())
                .isEqualTo(bad)
                .isEqualTo(restored.snapshot().totalBad());
    }

    @Test
    void anIdleSnapshotIsSmallAndASteadyThirtyDayOneStaysCompact() throws IOException {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker idle = SloTracker.create(SLO, time);
        assertThat(bytes(idle).length).isLessThan(100);

        SloTracker busy = SloTracker.create(SLO, time);
        for (int i = 0; i < 30 * 8_640; i++) {
            busy.record(1_000 + i % 100, i % 3);
            time.advance(Duration.ofSeconds(10));
        }
        int size = bytes(busy).length;
        System.out.printf("Snapshot of a 30-day tracker with traffic every 10 s: %,d bytes%n", size);
        assertThat(size).isLessThan(512 * 1024);
        assertThat(busy.snapshot().totalGood() + busy.snapshot().totalBad())
                .isEqualTo(busy.rawCounts(Duration.ofDays(30)).total());
    }

    @Test
    void everySingleByteCorruptionIsRejected() throws IOException {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = play(time, List.of(new Step(5, 10, 1), new Step(3_600, 7, 0)), 1);
        tracker.exclude(Exclusion.noData(T0, T0.plusSeconds(60), "gap"));
        byte[] good = bytes(tracker);
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x5A;
            assertThatThrownBy(() -> SloTracker.restore(SLO, time, new ByteArrayInputStream(bad)))
                    .as("byte %d", i)
                    .isInstanceOf(SnapshotFormatException.class);
        }
        for (int length = 0; length < good.length; length++) {
            byte[] truncated = Arrays.copyOf(good, length);
            assertThatThrownBy(() -> SloSnapshot.fromBytes(truncated))
                    .as("length %d", length)
                    .isInstanceOf(SnapshotFormatException.class);
        }
        assertThat(SloSnapshot.fromBytes(good)).isEqualTo(tracker.snapshot());
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> SloSnapshot.fromBytes(new byte[3])).hasMessage("snapshot truncated: 3 bytes");
        assertThatThrownBy(() -> SloSnapshot.fromBytes(new byte[20]))
                .hasMessage("not an SLO snapshot: bad magic number");
        byte[] future =
                SloTracker.create(SLO, ManualTimeSource.at(T0)).snapshot().toBytes();
        future[4] = 9;
        assertThatThrownBy(() -> SloSnapshot.fromBytes(future))
                .hasMessage("unsupported snapshot version 9, expected 1");
        byte[] flipped =
                SloTracker.create(SLO, ManualTimeSource.at(T0)).snapshot().toBytes();
        flipped[10] ^= 1;
        assertThatThrownBy(() -> SloSnapshot.fromBytes(flipped))
                .hasMessage("snapshot checksum mismatch: corrupt or truncated");
    }

    @Test
    void refusesASnapshotOfAnotherSlo() {
        SloSnapshot snapshot = SloTracker.create(SLO, ManualTimeSource.at(T0)).snapshot();
        Slo other = SLO.toBuilder().build();
        Slo renamed = Slo.builder("search").objective(0.99).build();
        assertThat(SloTracker.restore(other, ManualTimeSource.at(T0), snapshot).slo())
                .isEqualTo(other);
        assertThatThrownBy(() -> SloTracker.restore(renamed, ManualTimeSource.at(T0), snapshot))
                .hasMessage("snapshot must belong to SLO 'search', was 'checkout'");
        assertThatThrownBy(() -> snapshot.merge(
                        SloTracker.create(renamed, ManualTimeSource.at(T0)).snapshot()))
                .hasMessage("snapshots must belong to the same SLO 'checkout', was 'search'");
        assertThatThrownBy(() -> SloSnapshot.mergeAll(List.of())).hasMessage("snapshots must not be empty, was []");
    }

    @Test
    void aFleetViewAddsTheInstancesWindowByWindow() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker a = SloTracker.create(SLO, time);
        SloTracker b = SloTracker.create(SLO, time);
        a.record(100, 1);
        time.advance(Duration.ofHours(2));
        b.record(50, 9);
        time.advance(Duration.ofMinutes(30));

        SloTracker fleet = SloTracker.restore(SLO, time, SloSnapshot.mergeAll(List.of(a.snapshot(), b.snapshot())));

        assertThat(fleet.status().counted()).isEqualTo(new SliCounts(150, 10));
        assertThat(fleet.counts(Duration.ofHours(1))).isEqualTo(new SliCounts(50, 9));
    }

    @Test
    void mergingSnapshotsYearsApartStaysBoundedAndKeepsEveryEvent() throws SnapshotFormatException {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker old = SloTracker.create(SLO, time);
        old.record(7, 1);
        time.advance(Duration.ofDays(30));
        old.record(3, 0);
        SloSnapshot early = old.snapshot();
        time.advance(Duration.ofDays(3 * 365));
        SloTracker recent = SloTracker.create(SLO, time);
        recent.record(5, 5);

        SloSnapshot merged = early.merge(recent.snapshot());

        assertThat(merged.toBytes().length).isLessThan(1_000);
        assertThat(SloSnapshot.fromBytes(merged.toBytes())).isEqualTo(merged);
        assertThat(merged.totalGood()).isEqualTo(15);
        assertThat(merged.totalBad()).isEqualTo(6);
        assertThat(SloTracker.restore(SLO, time, merged).status().counted()).isEqualTo(new SliCounts(5, 5));
    }

    @Property(tries = 150)
    void restoringAnswersEveryWindowLikeTheOriginal(@ForAll("steps") List<Step> steps) throws IOException {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker original = play(time, steps, 1);
        SloTracker restored = SloTracker.restore(SLO, time, new ByteArrayInputStream(bytes(original)));
        for (Duration recent : RECENT) {
            assertThat(restored.counts(recent)).as("%s", recent).isEqualTo(original.counts(recent));
        }
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
    }

    @Property(tries = 150)
    void mergeIsCommutativeAndAssociative(
            @ForAll("steps") List<Step> x,
            @ForAll("steps") List<Step> y,
            @ForAll("steps") List<Step> z,
            @ForAll boolean yearsApart)
            throws SnapshotFormatException {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloSnapshot a = play(time, x, 1).snapshot();
        SloSnapshot b = play(time, y, 1).snapshot();
        if (yearsApart) {
            time.advance(Duration.ofDays(400)); // the merge folds a's and b's old minutes into the base
        }
        SloTracker third = play(time, z, 1);
        third.exclude(Exclusion.forceMajeure(T0, T0.plusSeconds(600), "z"));
        SloSnapshot c = third.snapshot();

        assertThat(a.merge(b)).isEqualTo(b.merge(a));
        assertThat(a.merge(b).merge(c)).isEqualTo(a.merge(b.merge(c)));
        assertThat(a.merge(b).merge(c).totalGood()).isEqualTo(a.totalGood() + b.totalGood() + c.totalGood());
        assertThat(SloSnapshot.fromBytes(a.merge(c).toBytes())).isEqualTo(c.merge(a));
    }

    @Property(tries = 150)
    void mergingNCopiesEqualsRecordingNTimes(
            @ForAll("steps") List<Step> steps, @ForAll @IntRange(min = 1, max = 5) int copies) {
        SloTracker once = play(ManualTimeSource.at(T0), steps, 1);
        SloTracker scaled = play(ManualTimeSource.at(T0), steps, copies);
        once.exclude(Exclusion.maintenance(T0, T0.plusSeconds(60), "m"));
        scaled.exclude(Exclusion.maintenance(T0, T0.plusSeconds(60), "m"));
        List<SloSnapshot> snapshots = new ArrayList<>(Collections.nCopies(copies, once.snapshot()));

        assertThat(SloSnapshot.mergeAll(snapshots)).isEqualTo(scaled.snapshot());
    }

    // ------------------------------------------------------------ forged snapshots (issue 18.4)

    /** Encodes a snapshot as the binary format does, with a valid CRC, whatever its content. */
    static byte[] forge(
            long lastIndex,
            long baseGood,
            long baseBad,
            long coarseStart,
            long[] coarseGood,
            long[] coarseBad,
            long fineStart,
            long[] fineGood,
            long[] fineBad)
            throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        java.io.DataOutputStream data = new java.io.DataOutputStream(buffer);
        data.writeInt(SloSnapshot.MAGIC);
        data.writeByte(SloSnapshot.VERSION);
        byte[] name = SLO.name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        data.writeInt(name.length);
        data.write(name);
        data.writeLong(lastIndex);
        data.writeLong(lastIndex * BucketGeometry.FINE_MILLIS);
        data.writeLong(baseGood);
        data.writeLong(baseBad);
        data.writeLong(coarseStart);
        data.writeLong(fineStart);
        for (long[][] counts : new long[][][] {{coarseGood, coarseBad}, {fineGood, fineBad}}) {
            data.writeInt(counts[0].length);
            for (int i = 0; i < counts[0].length; i++) {
                writeVarLong(data, 0); // no zero run: every entry written
                writeVarLong(data, counts[0][i]);
                writeVarLong(data, counts[1][i]);
            }
        }
        data.writeInt(0); // no exclusions
        data.flush();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(buffer.toByteArray());
        data.writeInt((int) crc.getValue());
        data.flush();
        return buffer.toByteArray();
    }

    static void writeVarLong(java.io.DataOutputStream data, long value) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            data.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        data.writeByte((int) v);
    }

    static final long LAST = Math.floorDiv(T0.toEpochMilli(), BucketGeometry.FINE_MILLIS) / 6 * 6 + 1;

    /** A forged snapshot of two fine buckets [LAST - 1, LAST] with the given good and bad counts. */
    static byte[] forgeFine(long baseGood, long baseBad, long good1, long good2, long bad1, long bad2)
            throws IOException {
        return forge(
                LAST,
                baseGood,
                baseBad,
                (LAST - 1) / 6,
                new long[0],
                new long[0],
                LAST - 1,
                new long[] {good1, good2},
                new long[] {bad1, bad2});
    }

    @Test
    void aForgedSnapshotWhoseValidCountsSumPastLongMaxIsRejectedNamingTheTotal() throws IOException {
        long half = Long.MAX_VALUE / 2 + 1;
        byte[] wraps = forgeFine(0, 0, half, half, 0, 0);
        byte[] baseWraps = forgeFine(Long.MAX_VALUE, 0, 1, 0, 0, 0);
        byte[] badWraps = forgeFine(0, half, 0, 0, half, 0);
        byte[] bothWrap = forgeFine(0, 0, SloSnapshot.MAX_EVENTS, 0, SloSnapshot.MAX_EVENTS, 0); // 2^63 wraps
        ManualTimeSource time = ManualTimeSource.at(T0);

        assertThatThrownBy(() -> SloTracker.restore(SLO, time, new ByteArrayInputStream(wraps)))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("totalGood (baseGood + coarseGood + fineGood) must be at most "
                        + SloSnapshot.MAX_EVENTS + ", was more than Long.MAX_VALUE");
        assertThatThrownBy(() -> SloSnapshot.fromBytes(baseWraps))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("totalGood");
        assertThatThrownBy(() -> SloSnapshot.fromBytes(badWraps))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("totalBad (baseBad + coarseBad + fineBad)");
        assertThatThrownBy(() -> SloSnapshot.fromBytes(bothWrap))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("totalGood + totalBad must be at most");
    }

    @Test
    void theLargestAcceptedSnapshotRestoresWithABudgetInRangeAndRoomToRecord() throws IOException {
        long max = SloSnapshot.MAX_EVENTS;
        SloSnapshot full = SloSnapshot.fromBytes(forgeFine(max - 10, 0, 4, 3, 2, 1));
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.restore(SLO, time, full);

        tracker.record(1_000_000, 1_000_000);

        assertThat(tracker.totalGood()).isEqualTo(max - 3 + 1_000_000);
        assertThat(tracker.totalBad()).isEqualTo(3 + 1_000_000);
        assertThat(tracker.status().errorBudget().remainingRatio()).isBetween(-1e9, 1.0);
        assertThatThrownBy(() -> SloSnapshot.fromBytes(forgeFine(max - 10, 0, 4, 3, 2, 2)))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("totalGood + totalBad");
    }

    @Test
    void forgedBucketIndicesThatWouldOverflowAreRejectedNamingTheField() throws IOException {
        // lastIndex - fineStart + 1 wraps to 2 for these, matching the two fine buckets.
        long last = Long.MAX_VALUE;
        byte[] hugeIndex = forge(
                last, 0, 0, (last - 1) / 6, new long[0], new long[0], last - 1, new long[] {1, 1}, new long[] {0, 0});
        byte[] wrappedRange = forge(
                Long.MIN_VALUE + 1,
                0,
                0,
                0,
                new long[0],
                new long[0],
                Long.MIN_VALUE / 6 * 6,
                new long[] {1, 1},
                new long[] {0, 0});
        byte[] farCoarse = forge(
                LAST, 0, 0, Long.MIN_VALUE, new long[0], new long[0], LAST - 1, new long[] {1, 1}, new long[] {0, 0});

        assertThatThrownBy(() -> SloSnapshot.fromBytes(hugeIndex))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("lastIndex must be within");
        assertThatThrownBy(() -> SloSnapshot.fromBytes(wrappedRange))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("lastIndex");
        assertThatThrownBy(() -> SloSnapshot.fromBytes(farCoarse))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("coarseStart must be in");
    }

    @Test
    void mergingValidSnapshotsWhoseSumIsTooLargeFailsClearlyInsteadOfWrapping() throws IOException {
        long over = SloSnapshot.MAX_EVENTS / 2 + 1;
        SloSnapshot a = SloSnapshot.fromBytes(forgeFine(over, 0, 0, 0, 0, 0));
        SloSnapshot b = SloSnapshot.fromBytes(forgeFine(0, 0, 0, over, 0, 0));
        SloSnapshot bad = SloSnapshot.fromBytes(forgeFine(0, over, 0, 0, 0, 0));

        assertThatThrownBy(() -> a.merge(b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("merged totalGood + totalBad must be at most " + SloSnapshot.MAX_EVENTS);
        assertThatThrownBy(() -> SloSnapshot.mergeAll(List.of(a, bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("merged totalGood + totalBad");
        SloSnapshot full = SloSnapshot.fromBytes(forgeFine(SloSnapshot.MAX_EVENTS, 0, 0, 0, 0, 0));
        assertThatThrownBy(() -> full.merge(full))
                .isInstanceOf(IllegalArgumentException.class) // 2^63 wraps
                .hasMessageContaining("merged totalGood + totalBad");
        assertThat(a.merge(SloSnapshot.fromBytes(forgeFine(0, 0, 7, 0, 0, 3))).totalGood())
                .isEqualTo(over + 7);
    }

    @Property(tries = 200)
    void noAcceptedSnapshotHasANegativeOrWrappedTotal(@ForAll("hugeCounts") long[] counts) throws IOException {
        byte[] forged = forgeFine(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
        java.math.BigInteger good = java.math.BigInteger.valueOf(counts[0])
                .add(java.math.BigInteger.valueOf(counts[2]))
                .add(java.math.BigInteger.valueOf(counts[3]));
        java.math.BigInteger bad = java.math.BigInteger.valueOf(counts[1])
                .add(java.math.BigInteger.valueOf(counts[4]))
                .add(java.math.BigInteger.valueOf(counts[5]));
        boolean fits = good.add(bad).compareTo(java.math.BigInteger.valueOf(SloSnapshot.MAX_EVENTS)) <= 0;
        SloSnapshot snapshot;
        try {
            snapshot = SloSnapshot.fromBytes(forged);
        } catch (SnapshotFormatException e) {
            assertThat(fits).as("rejected although it fits: %s", e.getMessage()).isFalse();
            assertThat(e.getMessage()).contains("total");
            return;
        }
        assertThat(fits).isTrue();
        assertThat(snapshot.totalGood()).isEqualTo(good.longValueExact());
        assertThat(snapshot.totalBad()).isEqualTo(bad.longValueExact());
        SloTracker tracker = SloTracker.restore(SLO, ManualTimeSource.at(T0), snapshot);
        assertThat(tracker.status().errorBudget().remainingRatio())
                .isGreaterThanOrEqualTo(1.0 - 1.0 / (1 - SLO.objective()) - 1e-6);
        assertThat(tracker.totalGood()).isEqualTo(good.longValueExact());
    }

    @Provide
    Arbitrary<long[]> hugeCounts() {
        Arbitrary<Long> count = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 1_000),
                Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.longs().between(SloSnapshot.MAX_EVENTS / 4, SloSnapshot.MAX_EVENTS / 2 + 10),
                Arbitraries.of(0L, Long.MAX_VALUE, SloSnapshot.MAX_EVENTS, Long.MAX_VALUE / 2 + 1));
        return count.array(long[].class).ofSize(6);
    }

    @Test
    void aSnapshotWithMinuteDetailOlderThanThreeDaysRestoresTo5MinuteBucketsWithoutLosingAnEvent() {
        // What a tracker kept before the 5-minute tier existed: one count per minute for 5 days.
        long first = Math.floorDiv(Instant.parse("2026-03-01T00:00:00Z").toEpochMilli(), 60_000L);
        long last = first * 6 + 5 * 24 * 360 + 3;
        long fineStart = BucketGeometry.ceil6(last - BucketGeometry.FINE_SLOTS + 1);
        int minutes = (int) (fineStart / 6 - first);
        long[] good = new long[minutes];
        long[] bad = new long[minutes];
        ReferenceTracker model =
                new ReferenceTracker(first * 60_000L, SLO.window().maxLength());
        for (int m = 0; m < minutes; m++) {
            good[m] = 10 + m % 7;
            bad[m] = m % 3;
            model.record((first + m) * 60_000L, good[m], bad[m]);
        }
        long[] fine = new long[(int) (last - fineStart + 1)];
        SloSnapshot old = new SloSnapshot(
                SLO.name(), last, first * 60_000L, 0, 0, first, good, bad, fineStart, fine, fine, List.of());
        ManualTimeSource time = ManualTimeSource.at(Instant.ofEpochMilli(last * 10_000L + 5_000));

        SloTracker restored = SloTracker.restore(SLO, time, old);

        long now = time.currentTimeMillis();
        assertThat(restored.totalGood()).isEqualTo(Arrays.stream(good).sum());
        assertThat(restored.status().counted())
                .isEqualTo(model.counts(now - Duration.ofDays(30).toMillis(), now, null, false));
        for (int hours = 1; hours <= 5 * 24; hours += 7) {
            long start = now - Duration.ofHours(hours).plusMinutes(hours % 5).toMillis();
            assertThat(restored.counts(Duration.ofMillis(now - start)))
                    .as("last %d h", hours)
                    .isEqualTo(model.counts(start, now, null, false));
        }
        // Written again, the 5-minute counts sit in the first minute of each five and add up alike.
        SloSnapshot again = restored.snapshot();
        assertThat(again.totalGood()).isEqualTo(old.totalGood());
        assertThat(SloTracker.restore(SLO, time, again).status()).isEqualTo(restored.status());
    }
}
