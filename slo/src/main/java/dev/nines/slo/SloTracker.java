package dev.nines.slo;

import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.exclusion.Exclusion;
import dev.nines.slo.exclusion.ExclusionKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

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
 * The tracker keeps cumulative totals at bucket boundaries in three tiers: every 10 seconds for
 * the last 6 hours, every minute for the last 3 days, and every 5 minutes for the whole retention
 * (the SLO's longest window, at least 3 days). A window sum is the difference of two totals, O(1).
 * A window start rounds down to the granularity of the tier it falls in, so a window includes at
 * most 10 s, 1 min or 5 min of extra events: at most 3.3% of a 5-minute alert window, 0.3% of a
 * 6-hour one, 0.07% of a day, 0.012% of 30 days. Ten seconds keeps the short alert windows (5 and
 * 30 minutes, 1 and 6 hours) sharp, minutes the 1- and 3-day ones; beyond 3 days every window of
 * interest is a week or more, where 5 minutes is noise. A time-slice SLO whose slice length is not
 * a multiple of 5 minutes keeps minutes for the whole retention instead, so every slice is exact.
 *
 * <p>Exclusion bounds (maintenance, force majeure and no data alike) are always rounded
 * <em>outwards</em>, start down and end up, at the granularity of the tier each bound falls in
 * when the query runs: an exclusion of 10:00:05 to 10:00:45 covers 10:00:00 to 10:00:50 while it
 * is younger than 6 hours, 10:00 to 10:01 until it is 3 days old, and 10:00 to 10:05 after that.
 * Since the grids nest, an exclusion never gives back an event it once excluded; it may exclude up
 * to 5 minutes more on each side as it ages.
 *
 * <p>Events land in a 10-second bucket that the clock showed during their record call. The first
 * record or query after the clock enters a new bucket closes the buckets before it (a roll, well
 * under a microsecond); a record that finds a roll due while another thread is rolling waits for
 * that roll, so that its event is counted after the totals the roll stores and never in a closed
 * bucket (after an idle spell that could be far earlier than its clock reading). That wait happens
 * at most once per record and only at a bucket's edge: a record that finds no roll due takes no
 * lock. No event is ever lost or counted twice: totals are always exact.
 *
 * <p>Memory: the tiers store offsets from hourly checkpoints as unsigned 32-bit ints (a column
 * widens to longs, once, past four billion events in an hour). A 30-day tracker retains 133,568
 * bytes (130 KiB, measured with JOL, see {@code BENCHMARKS.md}; it was 918,632 with 1-minute
 * longs), plus about 190 KiB of histograms for a latency SLI.
 *
 * <h2>Latency</h2>
 * For {@link Sli#latency(Duration)} SLOs, latencies also feed an HdrHistogram {@link org.HdrHistogram.Recorder}
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

    static final long FINE_MILLIS = BucketGeometry.FINE_MILLIS;
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
    private final ReentrantLock lock = new ReentrantLock();
    private final ExclusionLedger exclusions;
    // Guarded by lock, except BucketRing.lastIndex().
    private final BucketRing ring;
    // Null unless the SLI is a latency SLI.
    private final @Nullable LatencyWindow latency;
    // Written only while restoring, before the tracker is handed out; volatile so that the O(1)
    // totals read by metric scrapes on other threads never see a torn or stale base.
    private volatile long restoredGood;
    private volatile long restoredBad;
    private long trackingStartMillis;

    private SloTracker(Slo slo, TimeSource time, Timestamping timestamping) {
        this.slo = slo;
        this.time = time;
        this.timestamping = timestamping;
        this.perEvent = timestamping == Timestamping.PER_EVENT;
        this.budgetRatio = slo.errorBudgetRatio();
        this.exclusions = new ExclusionLedger(slo.exclusions());
        this.ring = new BucketRing(slo);
        if (slo.sli() instanceof Sli.LatencyThreshold) {
            this.thresholdNanos = ((Sli.LatencyThreshold) slo.sli()).threshold().toNanos();
            this.latency = new LatencyWindow();
        } else {
            this.thresholdNanos = -1;
            this.latency = null;
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
            tracker.ring.start(BucketGeometry.index(now));
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
    public static SloTracker restore(Slo slo, TimeSource timeSource, SloSnapshot snapshot, Timestamping timestamping) {
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

    /** Records one good event. Allocation-free, and lock-free except at a bucket's edge (see the class doc). */
    public void recordGood() {
        roll();
        good.increment();
    }

    /** Records one bad event. Allocation-free, and lock-free except at a bucket's edge (see the class doc). */
    public void recordBad() {
        roll();
        bad.increment();
    }

    /**
     * Records {@code goodCount} good and {@code badCount} bad events at once. Allocation-free, and
     * lock-free except at a bucket's edge.
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
     * Allocation-free, and lock-free except at a bucket's edge.
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
     * threshold; a failed call is bad however fast. Allocation-free, and lock-free except at a
     * bucket's edge.
     *
     * @param nanos the latency in nanoseconds, not negative
     * @param succeeded whether the call succeeded
     * @throws IllegalArgumentException if {@code nanos} is negative
     * @throws IllegalStateException if the SLO's SLI is not a latency SLI
     */
    public void recordLatency(long nanos, boolean succeeded) {
        LatencyWindow window = latency; // null exactly when the SLI is not a latency SLI
        if (window == null) {
            throw new IllegalStateException("SLO '" + slo.name() + "' does not have a latency SLI");
        }
        if (nanos < 0) {
            throw new IllegalArgumentException("nanos must not be negative, was " + nanos);
        }
        roll();
        window.record(nanos);

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
        if (index > ring.lastIndex()) {
            // A roll is due. Counting now could put the event before the totals a concurrent roll
            // is storing, that is in a closed bucket, so wait for the roll or do it.
            lock.lock();
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
        long last = ring.lastIndex();
        if (index <= last) {
            return;
        }
        if (latency != null) {
            latency.drain(last * FINE_MILLIS);
        }
        ring.advanceTo(index, restoredGood + good.sum(), restoredBad + bad.sum());
    }

    /** The buckets that cover {@code e}, rounded outwards to kept boundaries; lock held, after advancing. */
    private long[] outwards(Exclusion e) {
        long[] b = ExclusionLedger.buckets(e);
        return new long[] {ring.round(b[0], false), ring.round(b[1], true)};
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
            return ring.range(from, to, totalGood, totalBad);
        }

        long end() {
            return ring.lastIndex() + 1;
        }

        /**
         * Where a window starting at bucket {@code from} really starts, once rounded down to a kept
         * boundary: exclusions that overlap the rounded part count too.
         */
        Instant keptStart(long from, Instant start) {
            long kept = ring.round(from, false) * FINE_MILLIS;
            return kept < start.toEpochMilli() ? Instant.ofEpochMilli(kept) : start;
        }

        /** Union of intervals (bucket indices), clipped to [from, to), summed. */
        SliCounts union(List<long[]> intervals, long from, long to) {
            List<long[]> merged = ExclusionLedger.unionOf(intervals, from, to);
            SliCounts sum = SliCounts.EMPTY;
            for (long[] interval : merged) {
                sum = sum.plus(range(interval[0], interval[1]));
            }
            return sum;
        }
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
        exclusions.add(exclusion);
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
        return exclusions.added();
    }

    /**
     * Returns the maintenance window in effect now, if any (planned or added).
     *
     * @return the window containing now; if several do, the one with the lowest alert ratio
     */
    public Optional<Exclusion> activeMaintenance() {
        return Optional.ofNullable(exclusions.activeMaintenance(time.now()));
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
        for (Exclusion e : exclusions.occurrences(now, now.plusMillis(1))) {
            if (e.kind() == kind && e.contains(now)) {
                return true;
            }
        }
        return false;
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
            List<Exclusion> occurring = exclusions.occurrences(view.keptStart(from, windowStart), now.plusMillis(1));
            List<long[]> all = new ArrayList<>();
            List<long[]> maintenance = new ArrayList<>();
            List<long[]> forceMajeure = new ArrayList<>();
            List<long[]> noData = new ArrayList<>();
            List<long[]> noDataMillis = new ArrayList<>();
            for (Exclusion e : occurring) {
                long[] b = outwards(e);
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
                        noDataMillis.add(new long[] {BucketGeometry.millis(e.start()), BucketGeometry.millis(e.end())});
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
            for (long[] gap : ExclusionLedger.unionOf(noDataMillis, windowStartMillis, view.nowMillis)) {
                uncovered += gap[1] - gap[0];
            }
            double coverage = elapsed <= 0 ? 1.0 : 1.0 - (double) uncovered / elapsed;
            double compliance;
            ErrorBudget budget;
            if (slo.budgeting() instanceof Budgeting.Timeslices) {
                long[] slices = slices(view, (Budgeting.Timeslices) slo.budgeting(), from, all);
                compliance = slices[0] == 0 ? 1.0 : (double) (slices[0] - slices[1]) / slices[0];
                budget = ErrorBudget.of(slo.objective(), (double) slices[0], (double) slices[1]);
            } else {
                compliance = counted.goodRatio();
                budget = ErrorBudget.of(slo.objective(), (double) counted.total(), (double) counted.bad());
            }
            return new SloStatus(
                    windowStart,
                    now,
                    counted,
                    view.union(maintenance, from, to),
                    view.union(forceMajeure, from, to),
                    view.union(noData, from, to),
                    coverage,
                    compliance,
                    budget);
        } finally {
            lock.unlock();
        }
    }

    /** Returns {slices with data, bad slices} over completed slices in the window. */
    private long[] slices(View view, Budgeting.Timeslices timeslices, long from, List<long[]> excluded) {
        long length = timeslices.sliceLength().toMillis() / FINE_MILLIS;
        long anchor = slo.window() instanceof SloWindow.Rolling ? 0 : from;
        long start = anchor + Math.floorDiv(from - anchor + length - 1, length) * length;
        List<long[]> union = ExclusionLedger.unionOf(excluded, from, view.end());
        int cursor = 0;
        long withData = 0;
        long badSlices = 0;
        for (long s = start; s + length <= ring.lastIndex(); s += length) {
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
            long span =
                    recent.compareTo(SloWindow.MAX_ROLLING) > 0 ? SloWindow.MAX_ROLLING.toMillis() : recent.toMillis();
            long startMillis = view.nowMillis - span;
            long from = Math.floorDiv(startMillis, FINE_MILLIS);
            long to = view.end();
            SliCounts raw = view.range(from, to);
            if (!withoutExclusions) {
                return raw;
            }
            List<long[]> all = new ArrayList<>();
            for (Exclusion e : exclusions.occurrences(
                    view.keptStart(from, Instant.ofEpochMilli(startMillis)), now.plusMillis(1))) {
                all.add(outwards(e));
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
        if (latency == null) {
            throw new IllegalStateException("SLO '" + slo.name() + "' does not have a latency SLI");
        }
        Arguments.positive("recent", recent);
        if (recent.compareTo(MAX_LATENCY_WINDOW) > 0) {
            throw new IllegalArgumentException("recent must be at most " + MAX_LATENCY_WINDOW + ", was " + recent);
        }
        lock.lock();
        try {
            View view = new View();
            latency.drain(ring.lastIndex() * FINE_MILLIS);
            return latency.histogram(view.nowMillis - recent.toMillis(), view.nowMillis);
        } finally {
            lock.unlock();
        }
    }

    /** Bytes held by the bucket rings and latency histograms (for the memory figure). */
    long footprintBytes() {
        return ring.footprintBytes() + (latency == null ? 0 : latency.footprintBytes());
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
            return ring.snapshot(slo.name(), trackingStartMillis, view.totalGood, view.totalBad, exclusions.added());
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

    private void load(SloSnapshot snapshot) {
        long[] totals = ring.load(snapshot);
        restoredGood = totals[0];
        restoredBad = totals[1];
        trackingStartMillis = snapshot.trackingStartMillis();
        exclusions.restore(snapshot.exclusions());
    }

    @Override
    public String toString() {
        return "SloTracker[" + slo.name() + ", " + timestamping + "]";
    }
}
