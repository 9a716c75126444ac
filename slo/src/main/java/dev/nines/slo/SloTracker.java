package dev.nines.slo;

import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.exclusion.ExclusionKind;
import dev.nines.slo.exclusion.ExclusionSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;
import org.HdrHistogram.Recorder;

/**
 * Exact, in-process accounting of one {@link Slo}: records good and bad events on the hot path and
 * answers error-budget, compliance, burn-rate and latency questions over the SLO's window.
 *
 * <h2>Recording</h2>
 * {@link #recordGood()}, {@link #recordBad()}, {@link #record(long, long)} and
 * {@link #recordLatency(long)} take no lock and allocate nothing: each reads the wall clock
 * ({@link TimeSource#currentTimeMillis()}), compares it with one volatile field and adds to a
 * {@link LongAdder}. No count is ever lost under contention. Once per 10-second bucket one
 * recording thread that wins a {@code tryLock} (never waits) stores the running totals in a ring.
 * Where even the clock read is too dear, a {@link Timestamping#PER_TICK} tracker leaves it to the
 * application's scheduler, which calls {@link #tick()}.
 *
 * <h2>Resolution and error bound</h2>
 * The tracker keeps cumulative totals at every 10-second boundary of the last 6 hours and every
 * minute boundary of the retention (the SLO's longest window, at least 3 days). A window sum is the
 * difference of two cumulative totals, O(1). A window start within the last 6 hours is rounded
 * down to 10 seconds, an older one down to the minute, so a window includes at most 10 s (or 60 s)
 * of extra events: at most 3.3% of a 5-minute alert window, 0.3% of a 6-hour one, 0.0023% of 30
 * days. Ten seconds keeps the short alert windows (5 and 30 minutes) sharp; beyond 6 hours every
 * window of interest is a day or more, where a minute is noise. Exclusion bounds are rounded
 * outwards to 10 seconds, and older than 6 hours to the minute. An event recorded at the very
 * moment a bucket closes may be attributed to the neighbouring bucket; totals are always exact.
 * Memory: 16 bytes per 10-second bucket of the last 6 hours plus 16 bytes per minute of
 * retention: 725,792 bytes (709 KiB) for a 30-day window, plus about 228 KiB of histograms for a
 * latency SLI.
 *
 * <h2>Latency</h2>
 * For {@link Sli#latency(Duration)} SLOs, latencies also feed an HdrHistogram {@link Recorder}
 * (1 us to 60 s, 2 significant digits; longer values are clamped) drained into 13 five-minute
 * histograms, so percentiles cover the last hour with bounded memory.
 *
 * <h2>Queries</h2>
 * Queries lock (briefly) and are consistent with each other; they are meant for dashboards,
 * alert evaluation and reports, not for the per-request path. Thread-safe throughout.
 *
 * <pre>{@code
 * SloTracker tracker = SloTracker.create(slo, TimeSource.system());
 * try {
 *     handle(request);
 *     tracker.recordGood();
 * } catch (RuntimeException e) {
 *     tracker.recordBad();
 * }
 * ErrorBudget budget = tracker.errorBudget();
 * double burn = tracker.burnRate(Duration.ofHours(1));
 * }</pre>
 */
public final class SloTracker {

    static final long FINE_MILLIS = 10_000L;
    static final int FINE_PER_COARSE = 6;
    static final long COARSE_MILLIS = FINE_MILLIS * FINE_PER_COARSE;
    static final int FINE_SLOTS = 6 * 60 * 6;
    static final Duration MIN_RETENTION = Duration.ofDays(3);
    static final long LATENCY_SLOT_MILLIS = 300_000L;
    static final int LATENCY_SLOTS = 13;
    static final long LATENCY_LOWEST_NANOS = 1_000L;
    static final long LATENCY_HIGHEST_NANOS = 60_000_000_000L;
    /** The longest span {@link #latencyPercentile(double, Duration)} covers. */
    public static final Duration MAX_LATENCY_WINDOW = Duration.ofHours(1);

    private final Slo slo;
    private final TimeSource time;
    private final Timestamping timestamping;
    private final boolean perEvent;
    private final double budgetRatio;
    private final long thresholdNanos;
    private final LongAdder good = new LongAdder();
    private final LongAdder bad = new LongAdder();
    private volatile long lastIndex;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicReference<List<Exclusion>> added = new AtomicReference<>(List.of());

    // Guarded by lock.
    private final int coarseSlots;
    private final long[] fineGood;
    private final long[] fineBad;
    private final long[] coarseGood;
    private final long[] coarseBad;
    private long origin;
    private long fineFloor;
    private long baseGood;
    private long baseBad;
    // Written only while restoring, before the tracker is handed out; volatile so that the O(1)
    // totals read by metric scrapes on other threads never see a torn or stale base.
    private volatile long restoredGood;
    private volatile long restoredBad;
    private long trackingStartMillis;

    private final Recorder recorder;
    private Histogram recycled;
    private final IntCountsHistogram[] latencySlots;
    private final long[] latencySlotPeriods;

    private SloTracker(Slo slo, TimeSource time, Timestamping timestamping) {
        this.slo = slo;
        this.time = time;
        this.timestamping = timestamping;
        this.perEvent = timestamping == Timestamping.PER_EVENT;
        this.budgetRatio = slo.errorBudgetRatio();
        Duration retention = slo.window().maxLength();
        if (retention.compareTo(MIN_RETENTION) < 0) {
            retention = MIN_RETENTION;
        }
        this.coarseSlots = (int) ((retention.toMillis() + COARSE_MILLIS - 1) / COARSE_MILLIS) + 2;
        this.fineGood = new long[FINE_SLOTS];
        this.fineBad = new long[FINE_SLOTS];
        this.coarseGood = new long[coarseSlots];
        this.coarseBad = new long[coarseSlots];
        if (slo.sli() instanceof Sli.LatencyThreshold) {
            this.thresholdNanos = ((Sli.LatencyThreshold) slo.sli()).threshold().toNanos();
            this.recorder = new Recorder(LATENCY_LOWEST_NANOS, LATENCY_HIGHEST_NANOS, 2);
            this.latencySlots = new IntCountsHistogram[LATENCY_SLOTS];
            this.latencySlotPeriods = new long[LATENCY_SLOTS];
            for (int i = 0; i < LATENCY_SLOTS; i++) {
                latencySlots[i] = new IntCountsHistogram(LATENCY_LOWEST_NANOS, LATENCY_HIGHEST_NANOS, 2);
                latencySlotPeriods[i] = Long.MIN_VALUE;
            }
        } else {
            this.thresholdNanos = -1;
            this.recorder = null;
            this.latencySlots = null;
            this.latencySlotPeriods = null;
        }
    }

    /**
     * Creates a tracker for {@code slo} with no events, tracking from now, that reads the clock on
     * every record ({@link Timestamping#PER_EVENT}).
     *
     * @param slo the SLO
     * @param timeSource the clock; the wall clock places events in time
     * @return a new tracker
     */
    public static SloTracker create(Slo slo, TimeSource timeSource) {
        return create(slo, timeSource, Timestamping.PER_EVENT);
    }

    /**
     * Creates a tracker for {@code slo} with no events, tracking from now.
     *
     * @param slo the SLO
     * @param timeSource the clock; the wall clock places events in time
     * @param timestamping whether records read the clock or the application calls {@link #tick()}
     * @return a new tracker
     */
    public static SloTracker create(Slo slo, TimeSource timeSource, Timestamping timestamping) {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(timestamping, "timestamping");
        SloTracker tracker = new SloTracker(slo, timeSource, timestamping);
        tracker.lock.lock(); // publishes the initial state to every later lock holder
        try {
            long now = timeSource.currentTimeMillis();
            long index = Math.floorDiv(now, FINE_MILLIS);
            tracker.origin = index;
            tracker.fineFloor = floor6(index);
            tracker.lastIndex = index;
            tracker.trackingStartMillis = now;
        } finally {
            tracker.lock.unlock();
        }
        return tracker;
    }

    /**
     * Restores a tracker from a snapshot written by {@link #writeTo(OutputStream)}. A corrupt or
     * truncated snapshot raises {@link SnapshotFormatException} and creates nothing.
     *
     * @param slo the SLO; its name must match the snapshot's
     * @param timeSource the clock
     * @param in the stream, read to its end and not closed
     * @return the restored tracker
     * @throws IOException if reading fails, or {@link SnapshotFormatException} if the bytes are not
     *     a valid snapshot
     * @throws IllegalArgumentException if the snapshot belongs to another SLO
     */
    public static SloTracker restore(Slo slo, TimeSource timeSource, InputStream in) throws IOException {
        return restore(slo, timeSource, SloSnapshot.readFrom(in));
    }

    /**
     * Restores a tracker from a snapshot (possibly a merge of several trackers' snapshots).
     * Events older than the SLO's retention are kept in the totals but outside every window.
     * The tracker reads the clock on every record ({@link Timestamping#PER_EVENT}).
     *
     * @param slo the SLO; its name must match the snapshot's
     * @param timeSource the clock
     * @param snapshot the snapshot
     * @return the restored tracker
     * @throws IllegalArgumentException if the snapshot belongs to another SLO
     */
    public static SloTracker restore(Slo slo, TimeSource timeSource, SloSnapshot snapshot) {
        return restore(slo, timeSource, snapshot, Timestamping.PER_EVENT);
    }

    /**
     * Restores a tracker from a snapshot, with the given timestamping.
     *
     * @param slo the SLO; its name must match the snapshot's
     * @param timeSource the clock
     * @param snapshot the snapshot
     * @param timestamping whether records read the clock or the application calls {@link #tick()}
     * @return the restored tracker
     * @throws IllegalArgumentException if the snapshot belongs to another SLO
     */
    public static SloTracker restore(Slo slo, TimeSource timeSource, SloSnapshot snapshot,
                                     Timestamping timestamping) {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(timestamping, "timestamping");
        if (!slo.name().equals(snapshot.sloName())) {
            throw new IllegalArgumentException(
                    "snapshot must belong to SLO '" + slo.name() + "', was '" + snapshot.sloName() + "'");
        }
        SloTracker tracker = new SloTracker(slo, timeSource, timestamping);
        tracker.lock.lock();
        try {
            tracker.load(snapshot);
            tracker.advanceTo(Math.floorDiv(timeSource.currentTimeMillis(), FINE_MILLIS));
        } finally {
            tracker.lock.unlock();
        }
        return tracker;
    }

    // ---------------------------------------------------------------------------------- hot path

    /** Records one good event. Lock-free and allocation-free. */
    public void recordGood() {
        roll();
        good.increment();
    }

    /** Records one bad event. Lock-free and allocation-free. */
    public void recordBad() {
        roll();
        bad.increment();
    }

    /**
     * Records {@code goodCount} good and {@code badCount} bad events at once. Lock-free and
     * allocation-free.
     *
     * @param goodCount good events, not negative
     * @param badCount bad events, not negative
     * @throws IllegalArgumentException if a count is negative
     */
    public void record(long goodCount, long badCount) {
        if (goodCount < 0 || badCount < 0) {
            throw new IllegalArgumentException(
                    "counts must not be negative, was good=" + goodCount + " bad=" + badCount);
        }
        roll();
        if (goodCount != 0) {
            good.add(goodCount);
        }
        if (badCount != 0) {
            bad.add(badCount);
        }
    }

    /**
     * Records one event of a latency SLI: good when {@code nanos} is at most the threshold.
     * Lock-free and allocation-free.
     *
     * @param nanos the latency in nanoseconds, not negative
     * @throws IllegalArgumentException if {@code nanos} is negative
     * @throws IllegalStateException if the SLO's SLI is not a latency SLI
     */
    public void recordLatency(long nanos) {
        recordLatency(nanos, true);
    }

    /**
     * Records one event of a latency SLI: good when it succeeded and {@code nanos} is at most the
     * threshold; a failed call is bad however fast. Lock-free and allocation-free.
     *
     * @param nanos the latency in nanoseconds, not negative
     * @param succeeded whether the call succeeded
     * @throws IllegalArgumentException if {@code nanos} is negative
     * @throws IllegalStateException if the SLO's SLI is not a latency SLI
     */
    public void recordLatency(long nanos, boolean succeeded) {
        if (thresholdNanos < 0) {
            throw new IllegalStateException("SLO '" + slo.name() + "' does not have a latency SLI");
        }
        if (nanos < 0) {
            throw new IllegalArgumentException("nanos must not be negative, was " + nanos);
        }
        roll();
        recorder.recordValue(Math.min(nanos, LATENCY_HIGHEST_NANOS));
        if (succeeded && nanos <= thresholdNanos) {
            good.increment();
        } else {
            bad.increment();
        }
    }

    private void roll() {
        if (!perEvent) {
            return;
        }
        long index = Math.floorDiv(time.currentTimeMillis(), FINE_MILLIS);
        if (index > lastIndex && lock.tryLock()) {
            try {
                advanceTo(index);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Closes the buckets that ended before now. {@link Timestamping#PER_TICK} trackers need it
     * called regularly (e.g. every second from the application's scheduler): events recorded
     * between two ticks are placed in the bucket of the earlier one. Harmless, and never needed,
     * with {@link Timestamping#PER_EVENT}. Queries tick too.
     */
    public void tick() {
        lock.lock();
        try {
            advanceTo(Math.floorDiv(time.currentTimeMillis(), FINE_MILLIS));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how this tracker places events in time.
     *
     * @return the timestamping
     */
    public Timestamping timestamping() {
        return timestamping;
    }

    /**
     * How a tracker places recorded events in time.
     *
     * <p>Reading the wall clock costs 15 to 25 ns on common hardware, several times a
     * {@link LongAdder#increment()}. {@code PER_TICK} moves that cost off the recording path.
     */
    public enum Timestamping {
        /** Every record reads the clock: events land in their exact 10-second bucket. */
        PER_EVENT,
        /**
         * Records do not read the clock; {@link #tick()} (and every query) closes buckets, and events
         * land in the bucket of the latest tick. Placement error is at most the tick interval, so
         * tick at least every few seconds when short alert windows matter.
         */
        PER_TICK
    }

    // ------------------------------------------------------------------------------ bucket store

    /** Closes every bucket before {@code index}, storing the running totals; lock held. */
    private void advanceTo(long index) {
        long last = lastIndex;
        if (index <= last) {
            return;
        }
        drainLatency(last);
        long totalGood = restoredGood + good.sum();
        long totalBad = restoredBad + bad.sum();
        for (long k = Math.max(last + 1, index - FINE_SLOTS + 1); k <= index; k++) {
            int slot = Math.floorMod(k, FINE_SLOTS);
            fineGood[slot] = totalGood;
            fineBad[slot] = totalBad;
        }
        long firstMinute = Math.max(Math.floorDiv(last, FINE_PER_COARSE) + 1,
                Math.floorDiv(index, FINE_PER_COARSE) - coarseSlots + 1);
        for (long m = firstMinute; m <= Math.floorDiv(index, FINE_PER_COARSE); m++) {
            int slot = Math.floorMod(m, coarseSlots);
            coarseGood[slot] = totalGood;
            coarseBad[slot] = totalBad;
        }
        lastIndex = index;
    }

    /** Where cum(k) lives: -1 base, -2 current totals, fine slot s as s, coarse slot s as FINE_SLOTS + s. */
    private int locate(long k) {
        long last = lastIndex;
        if (k <= origin) {
            return -1;
        }
        if (k > last) {
            return -2;
        }
        if (k >= fineFloor && last - k < FINE_SLOTS) {
            return Math.floorMod(k, FINE_SLOTS);
        }
        long m = Math.max(Math.floorDiv(k, FINE_PER_COARSE), Math.floorDiv(last, FINE_PER_COARSE) - coarseSlots + 1);
        if (m * FINE_PER_COARSE <= origin) {
            return -1;
        }
        return FINE_SLOTS + Math.floorMod(m, coarseSlots);
    }

    /** Good and bad events recorded before bucket {@code k}, as of the last closed bucket. */
    private long cumGood(long k, long totalGood) {
        int at = locate(k);
        return at == -1 ? baseGood : at == -2 ? totalGood : at < FINE_SLOTS ? fineGood[at] : coarseGood[at - FINE_SLOTS];
    }

    private long cumBad(long k, long totalBad) {
        int at = locate(k);
        return at == -1 ? baseBad : at == -2 ? totalBad : at < FINE_SLOTS ? fineBad[at] : coarseBad[at - FINE_SLOTS];
    }

    /** A consistent view for one query; lock held. */
    private final class View {
        final long nowMillis;
        final long totalGood;
        final long totalBad;

        View() {
            nowMillis = time.currentTimeMillis();
            advanceTo(Math.floorDiv(nowMillis, FINE_MILLIS));
            totalGood = restoredGood + good.sum();
            totalBad = restoredBad + bad.sum();
        }

        /** Events in buckets [from, to). */
        SliCounts range(long from, long to) {
            if (to <= from) {
                return SliCounts.EMPTY;
            }
            long g = cumGood(to, totalGood) - cumGood(from, totalGood);
            long b = cumBad(to, totalBad) - cumBad(from, totalBad);
            return new SliCounts(Math.max(0, g), Math.max(0, b));
        }

        long end() {
            return lastIndex + 1;
        }

        /** Union of intervals (bucket indices), clipped to [from, to), summed. */
        SliCounts union(List<long[]> intervals, long from, long to) {
            List<long[]> merged = unionOf(intervals, from, to);
            SliCounts sum = SliCounts.EMPTY;
            for (long[] interval : merged) {
                sum = sum.plus(range(interval[0], interval[1]));
            }
            return sum;
        }
    }

    static List<long[]> unionOf(List<long[]> intervals, long from, long to) {
        List<long[]> clipped = new ArrayList<>();
        for (long[] interval : intervals) {
            long a = Math.max(interval[0], from);
            long b = Math.min(interval[1], to);
            if (a < b) {
                clipped.add(new long[] {a, b});
            }
        }
        clipped.sort((x, y) -> Long.compare(x[0], y[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] interval : clipped) {
            long[] tail = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (tail != null && interval[0] <= tail[1]) {
                tail[1] = Math.max(tail[1], interval[1]);
            } else {
                merged.add(interval.clone());
            }
        }
        return merged;
    }

    // -------------------------------------------------------------------------------- exclusions

    /**
     * Adds an exclusion at run time: a force-majeure interval declared after the fact, an ad-hoc
     * maintenance window or a monitoring gap. It applies to every query from now on, including
     * ones over the past. Exclusions are kept in snapshots.
     *
     * @param exclusion the interval
     */
    public void exclude(Exclusion exclusion) {
        Objects.requireNonNull(exclusion, "exclusion");
        added.updateAndGet(current -> {
            List<Exclusion> next = new ArrayList<>(current);
            next.add(exclusion);
            return List.copyOf(next);
        });
    }

    /**
     * Marks {@code [from, to)} as a monitoring gap: events inside count neither as good nor bad.
     *
     * @param from the first instant without data
     * @param to the first instant with data again
     * @param reason why
     */
    public void markNoData(Instant from, Instant to, String reason) {
        exclude(Exclusion.noData(from, to, reason));
    }

    /**
     * Returns the exclusions added at run time with {@link #exclude(Exclusion)} (the SLO's planned
     * exclusions are in {@link Slo#exclusions()}).
     *
     * @return an unmodifiable list, in the order added
     */
    public List<Exclusion> addedExclusions() {
        return added.get();
    }

    /**
     * Returns the maintenance window in effect now, if any (planned or added).
     *
     * @return the window containing now; if several do, the one with the lowest alert ratio
     */
    public Optional<Exclusion> activeMaintenance() {
        Instant now = time.now();
        Exclusion found = null;
        for (Exclusion e : occurrences(now, now.plusMillis(1))) {
            if (e.kind() == ExclusionKind.MAINTENANCE && e.contains(now)
                    && (found == null || e.alertAboveErrorRatio() < found.alertAboveErrorRatio())) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Returns whether an exclusion of {@code kind} (planned or added) contains the present instant:
     * the value of the 0/1 exclusion gauge that {@code SloMetrics} exports for Prometheus.
     *
     * @param kind the kind of exclusion
     * @return whether one is in effect now
     */
    public boolean hasActiveExclusion(ExclusionKind kind) {
        Objects.requireNonNull(kind, "kind");
        Instant now = time.now();
        for (Exclusion e : occurrences(now, now.plusMillis(1))) {
            if (e.kind() == kind && e.contains(now)) {
                return true;
            }
        }
        return false;
    }

    private List<Exclusion> occurrences(Instant from, Instant to) {
        List<Exclusion> result = new ArrayList<>();
        for (ExclusionSchedule schedule : slo.exclusions()) {
            result.addAll(schedule.occurrences(from, to));
        }
        for (Exclusion e : added.get()) {
            result.addAll(e.occurrences(from, to));
        }
        return result;
    }

    private static long[] buckets(Exclusion e) {
        long from = Math.floorDiv(millis(e.start()), FINE_MILLIS);
        long to = Math.floorDiv(millis(e.end()) + FINE_MILLIS - 1, FINE_MILLIS);
        return new long[] {from, to};
    }

    // ----------------------------------------------------------------------------------- queries

    /**
     * Returns the SLO this tracker accounts for.
     *
     * @return the SLO
     */
    public Slo slo() {
        return slo;
    }

    /**
     * Returns every good event recorded since tracking began, restored ones included, whatever
     * window or exclusion applies: a monotone count for metric counters, read in O(1) without
     * allocating (unlike {@link #snapshot()}).
     *
     * @return the all-time number of good events
     */
    public long totalGood() {
        return restoredGood + good.sum();
    }

    /**
     * Returns every bad event recorded since tracking began, restored ones included; see
     * {@link #totalGood()}.
     *
     * @return the all-time number of bad events
     */
    public long totalBad() {
        return restoredBad + bad.sum();
    }

    /**
     * Returns the full status of the current window: counts, exclusions by kind, data coverage,
     * compliance and error budget, all computed at one instant.
     *
     * @return the status
     */
    public SloStatus status() {
        lock.lock();
        try {
            View view = new View();
            Instant now = Instant.ofEpochMilli(view.nowMillis);
            Instant windowStart = slo.window().start(now);
            long from = Math.floorDiv(windowStart.toEpochMilli(), FINE_MILLIS);
            long to = view.end();
            List<Exclusion> exclusions = occurrences(windowStart, now.plusMillis(1));
            List<long[]> all = new ArrayList<>();
            List<long[]> maintenance = new ArrayList<>();
            List<long[]> forceMajeure = new ArrayList<>();
            List<long[]> noData = new ArrayList<>();
            List<long[]> noDataMillis = new ArrayList<>();
            for (Exclusion e : exclusions) {
                long[] b = buckets(e);
                all.add(b);
                switch (e.kind()) {
                    case MAINTENANCE:
                        maintenance.add(b);
                        break;
                    case FORCE_MAJEURE:
                        forceMajeure.add(b);
                        break;
                    case NO_DATA:
                        noData.add(b);
                        noDataMillis.add(new long[] {millis(e.start()), millis(e.end())});
                        break;
                    default:
                        throw new AssertionError(e.kind());
                }
            }
            SliCounts raw = view.range(from, to);
            SliCounts counted = raw.minus(view.union(all, from, to));
            long windowStartMillis = windowStart.toEpochMilli();
            if (trackingStartMillis > windowStartMillis) {
                noDataMillis.add(new long[] {windowStartMillis, trackingStartMillis});
            }
            long elapsed = view.nowMillis - windowStartMillis;
            long uncovered = 0;
            for (long[] gap : unionOf(noDataMillis, windowStartMillis, view.nowMillis)) {
                uncovered += gap[1] - gap[0];
            }
            double coverage = elapsed <= 0 ? 1.0 : 1.0 - (double) uncovered / elapsed;
            double compliance;
            ErrorBudget budget;
            if (slo.budgeting() instanceof Budgeting.Timeslices) {
                long[] slices = slices(view, (Budgeting.Timeslices) slo.budgeting(), from, all);
                compliance = slices[0] == 0 ? 1.0 : (double) (slices[0] - slices[1]) / slices[0];
                budget = ErrorBudget.of(slo.objective(), slices[0], slices[1]);
            } else {
                compliance = counted.goodRatio();
                budget = ErrorBudget.of(slo.objective(), counted.total(), counted.bad());
            }
            return new SloStatus(windowStart, now, counted, view.union(maintenance, from, to),
                    view.union(forceMajeure, from, to), view.union(noData, from, to), coverage, compliance, budget);
        } finally {
            lock.unlock();
        }
    }

    /** Returns {slices with data, bad slices} over completed slices in the window. */
    private long[] slices(View view, Budgeting.Timeslices timeslices, long from, List<long[]> excluded) {
        long length = timeslices.sliceLength().toMillis() / FINE_MILLIS;
        long anchor = slo.window() instanceof SloWindow.Rolling ? 0 : from;
        long start = anchor + Math.floorDiv(from - anchor + length - 1, length) * length;
        List<long[]> union = unionOf(excluded, from, view.end());
        int cursor = 0;
        long withData = 0;
        long badSlices = 0;
        for (long s = start; s + length <= lastIndex; s += length) {
            long e = s + length;
            SliCounts counts = view.range(s, e);
            while (cursor < union.size() && union.get(cursor)[1] <= s) {
                cursor++;
            }
            for (int i = cursor; i < union.size() && union.get(i)[0] < e; i++) {
                counts = counts.minus(view.range(Math.max(s, union.get(i)[0]), Math.min(e, union.get(i)[1])));
            }
            if (counts.total() > 0) {
                withData++;
                if (counts.goodRatio() < timeslices.sliceTarget()) {
                    badSlices++;
                }
            }
        }
        return new long[] {withData, badSlices};
    }

    /**
     * Returns the error budget of the current window.
     *
     * @return the budget
     */
    public ErrorBudget errorBudget() {
        return status().errorBudget();
    }

    /**
     * Returns the SLI over the current window (see {@link SloStatus#compliance()}).
     *
     * @return the compliance in [0, 1]
     */
    public double compliance() {
        return status().compliance();
    }

    /**
     * Returns the events of the last {@code recent} that count towards the SLO, that is without
     * those inside exclusions.
     *
     * @param recent how far back to look, positive
     * @return the counts
     */
    public SliCounts counts(Duration recent) {
        return recentCounts(recent, true);
    }

    /**
     * Returns every event of the last {@code recent}, excluded or not.
     *
     * @param recent how far back to look, positive
     * @return the counts
     */
    public SliCounts rawCounts(Duration recent) {
        return recentCounts(recent, false);
    }

    private SliCounts recentCounts(Duration recent, boolean withoutExclusions) {
        Arguments.positive("recent", recent);
        lock.lock();
        try {
            View view = new View();
            Instant now = Instant.ofEpochMilli(view.nowMillis);
            long span = recent.compareTo(SloWindow.MAX_ROLLING) > 0 ? SloWindow.MAX_ROLLING.toMillis() : recent.toMillis();
            long startMillis = view.nowMillis - span;
            long from = Math.floorDiv(startMillis, FINE_MILLIS);
            long to = view.end();
            SliCounts raw = view.range(from, to);
            if (!withoutExclusions) {
                return raw;
            }
            List<long[]> all = new ArrayList<>();
            for (Exclusion e : occurrences(Instant.ofEpochMilli(startMillis), now.plusMillis(1))) {
                all.add(buckets(e));
            }
            return raw.minus(view.union(all, from, to));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the burn rate over the last {@code recent}: the error ratio of counted events divided
     * by the error budget ratio {@code 1 - objective}. 1 spends exactly the budget over the
     * window; 14.4 spends a 30-day budget in about 2 days. Always event-based, also for time-slice
     * budgeting.
     *
     * @param recent how far back to look, positive
     * @return the burn rate, 0 without events
     */
    public double burnRate(Duration recent) {
        return counts(recent).errorRatio() / budgetRatio;
    }

    /**
     * Returns how long the remaining budget lasts if it keeps burning at the rate observed over
     * {@code basis}: {@code remainingRatio x period / burnRate}.
     *
     * @param basis the span the burn rate is measured over, positive
     * @return {@link Duration#ZERO} if the budget is spent; empty if nothing burns
     */
    public Optional<Duration> timeToExhaustion(Duration basis) {
        double burn = burnRate(basis);
        SloStatus status = status();
        double remaining = status.errorBudget().remainingRatio();
        if (status.errorBudget().isExhausted() || remaining <= 0) {
            return Optional.of(Duration.ZERO);
        }
        if (burn <= 0) {
            return Optional.empty();
        }
        double seconds = remaining * slo.window().period(status.asOf()).toSeconds() / burn;
        return Optional.of(Duration.ofMillis((long) Math.min(seconds * 1000.0, Long.MAX_VALUE / 2.0)));
    }

    /**
     * Returns the latency at {@code percentile} over roughly the last {@code recent} (rounded up to
     * whole five-minute periods), from the HdrHistogram with 2 significant digits.
     *
     * @param percentile the percentile in [0, 100], e.g. 99.0
     * @param recent how far back to look, positive and at most one hour
     * @return the latency; empty if nothing was recorded
     * @throws IllegalStateException if the SLO's SLI is not a latency SLI
     */
    public Optional<Duration> latencyPercentile(double percentile, Duration recent) {
        Histogram histogram = latencyHistogram(recent);
        Arguments.inClosed("percentile", percentile, 0, 100);
        if (histogram.getTotalCount() == 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(histogram.getValueAtPercentile(percentile)));
    }

    /**
     * Returns a copy of the latency histogram (values in nanoseconds) over roughly the last
     * {@code recent}, rounded up to whole five-minute periods.
     *
     * @param recent how far back to look, positive and at most one hour
     * @return a new histogram the caller owns
     * @throws IllegalStateException if the SLO's SLI is not a latency SLI
     */
    public Histogram latencyHistogram(Duration recent) {
        if (recorder == null) {
            throw new IllegalStateException("SLO '" + slo.name() + "' does not have a latency SLI");
        }
        Arguments.positive("recent", recent);
        if (recent.compareTo(MAX_LATENCY_WINDOW) > 0) {
            throw new IllegalArgumentException("recent must be at most " + MAX_LATENCY_WINDOW + ", was " + recent);
        }
        lock.lock();
        try {
            View view = new View();
            drainLatency(lastIndex);
            long current = Math.floorDiv(view.nowMillis, LATENCY_SLOT_MILLIS);
            long oldest = Math.floorDiv(view.nowMillis - recent.toMillis(), LATENCY_SLOT_MILLIS);
            Histogram result = new Histogram(LATENCY_LOWEST_NANOS, LATENCY_HIGHEST_NANOS, 2);
            for (int i = 0; i < LATENCY_SLOTS; i++) {
                long period = latencySlotPeriods[i];
                if (period >= oldest && period <= current) {
                    result.add(latencySlots[i]);
                }
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Moves latencies recorded since the last drain into the five-minute slot of bucket {@code index}; lock held. */
    private void drainLatency(long index) {
        if (recorder == null) {
            return;
        }
        recycled = recorder.getIntervalHistogram(recycled);
        if (recycled.getTotalCount() == 0) {
            return;
        }
        long period = Math.floorDiv(index * FINE_MILLIS, LATENCY_SLOT_MILLIS);
        int slot = Math.floorMod(period, LATENCY_SLOTS);
        if (latencySlotPeriods[slot] != period) {
            latencySlots[slot].reset();
            latencySlotPeriods[slot] = period;
        }
        latencySlots[slot].add(recycled);
    }

    /** Bytes held by the bucket rings and latency histograms (for the memory figure). */
    long footprintBytes() {
        long bytes = 16L * FINE_SLOTS + 16L * coarseSlots;
        if (recorder != null) {
            // Recorder: an active and an inactive concurrent histogram.
            bytes += 2L * new ConcurrentHistogram(LATENCY_LOWEST_NANOS, LATENCY_HIGHEST_NANOS, 2)
                    .getEstimatedFootprintInBytes();
            for (IntCountsHistogram slot : latencySlots) {
                bytes += slot.getEstimatedFootprintInBytes();
            }
        }
        return bytes;
    }

    // --------------------------------------------------------------------------------- snapshots

    /**
     * Returns a snapshot of this tracker's counts and added exclusions (latency histograms are not
     * included), taken at one instant.
     *
     * @return the snapshot
     */
    public SloSnapshot snapshot() {
        lock.lock();
        try {
            View view = new View();
            long last = lastIndex;
            long fineStart = Math.max(ceil6(last - FINE_SLOTS + 1), fineFloor);
            long coarseStart = Math.max(Math.floorDiv(origin, FINE_PER_COARSE),
                    Math.floorDiv(last, FINE_PER_COARSE) - coarseSlots + 1);
            long fineEndMinute = fineStart / FINE_PER_COARSE;
            int coarseCount = (int) Math.max(0, fineEndMinute - coarseStart);
            long[] cg = new long[coarseCount];
            long[] cb = new long[coarseCount];
            for (int i = 0; i < coarseCount; i++) {
                long k = (coarseStart + i) * FINE_PER_COARSE;
                cg[i] = cumGood(k + FINE_PER_COARSE, view.totalGood) - cumGood(k, view.totalGood);
                cb[i] = cumBad(k + FINE_PER_COARSE, view.totalBad) - cumBad(k, view.totalBad);
            }
            int fineCount = (int) (last - fineStart + 1);
            long[] fg = new long[fineCount];
            long[] fb = new long[fineCount];
            for (int i = 0; i < fineCount; i++) {
                long k = fineStart + i;
                fg[i] = cumGood(k + 1, view.totalGood) - cumGood(k, view.totalGood);
                fb[i] = cumBad(k + 1, view.totalBad) - cumBad(k, view.totalBad);
            }
            long base0 = coarseCount > 0 ? coarseStart * FINE_PER_COARSE : fineStart;
            return new SloSnapshot(slo.name(), last, trackingStartMillis,
                    cumGood(base0, view.totalGood), cumBad(base0, view.totalBad),
                    coarseStart, cg, cb, fineStart, fg, fb, added.get());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes a snapshot of this tracker (see {@link #snapshot()}) in the versioned, CRC32C-checked
     * binary format that {@link #restore(Slo, TimeSource, InputStream)} reads.
     *
     * @param out the stream, not closed
     * @throws IOException if writing fails
     */
    public void writeTo(OutputStream out) throws IOException {
        snapshot().writeTo(out);
    }

    private void load(SloSnapshot s) {
        long last = s.lastIndex();
        long oldestMinute = Math.floorDiv(last, FINE_PER_COARSE) - coarseSlots + 1;
        long coarseStart = s.coarseStart();
        long fineStart = s.fineStart();
        long runningGood = s.baseGood();
        long runningBad = s.baseBad();
        long[] cg = s.coarseGood();
        long[] cb = s.coarseBad();
        long[] fg = s.fineGood();
        long[] fb = s.fineBad();
        long effectiveStart = Math.max(coarseStart, Math.min(oldestMinute, fineStart / FINE_PER_COARSE));
        for (int i = 0; i < cg.length; i++) {
            long m = coarseStart + i;
            if (m >= effectiveStart) {
                int slot = Math.floorMod(m, coarseSlots);
                coarseGood[slot] = runningGood;
                coarseBad[slot] = runningBad;
            }
            runningGood += cg[i];
            runningBad += cb[i];
            if (m < effectiveStart) {
                baseGood = runningGood;
                baseBad = runningBad;
            }
        }
        if (cg.length == 0 || effectiveStart <= coarseStart) {
            baseGood = s.baseGood();
            baseBad = s.baseBad();
        }
        for (int i = 0; i < fg.length; i++) {
            long k = fineStart + i;
            int slot = Math.floorMod(k, FINE_SLOTS);
            fineGood[slot] = runningGood;
            fineBad[slot] = runningBad;
            if (Math.floorMod(k, FINE_PER_COARSE) == 0) {
                int c = Math.floorMod(k / FINE_PER_COARSE, coarseSlots);
                coarseGood[c] = runningGood;
                coarseBad[c] = runningBad;
            }
            runningGood += fg[i];
            runningBad += fb[i];
        }
        origin = cg.length > 0 ? effectiveStart * FINE_PER_COARSE : fineStart;
        fineFloor = fineStart;
        restoredGood = runningGood;
        restoredBad = runningBad;
        lastIndex = last;
        trackingStartMillis = s.trackingStartMillis();
        added.set(s.exclusions());
    }

    /** Epoch milliseconds, saturated so that open-ended exclusions (e.g. to Instant.MAX) work. */
    static long millis(Instant instant) {
        if (instant.getEpochSecond() >= Long.MAX_VALUE / 2000) {
            return Long.MAX_VALUE / 2;
        }
        if (instant.getEpochSecond() <= Long.MIN_VALUE / 2000) {
            return Long.MIN_VALUE / 2;
        }
        return instant.toEpochMilli();
    }

    static long floor6(long k) {
        return Math.floorDiv(k, FINE_PER_COARSE) * FINE_PER_COARSE;
    }

    static long ceil6(long k) {
        return -floor6(-k);
    }

    @Override
    public String toString() {
        return "SloTracker[" + slo.name() + ", " + timestamping + "]";
    }
}
