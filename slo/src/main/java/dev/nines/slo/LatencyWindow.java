package dev.nines.slo;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.IntCountsHistogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * The latency distribution of a latency-SLI {@link SloTracker} over the last hour: an HdrHistogram
 * {@link Recorder} (1 us to 60 s, 2 significant digits; longer values are clamped) that recording
 * threads write without locks, drained into 13 five-minute histograms.
 *
 * <p>{@link #record(long)} is lock-free and allocation-free; every other method is called with the
 * tracker's lock held.
 */
final class LatencyWindow {

    static final long SLOT_MILLIS = 300_000L;
    static final int SLOTS = 13;
    static final long LOWEST_NANOS = 1_000L;
    static final long HIGHEST_NANOS = 60_000_000_000L;

    private final Recorder recorder = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, 2);
    private final IntCountsHistogram[] slots = new IntCountsHistogram[SLOTS];
    private final long[] slotPeriods = new long[SLOTS];
    // The interval histogram handed back to the recorder for reuse; null until the first drain.
    private @Nullable Histogram recycled;

    LatencyWindow() {
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new IntCountsHistogram(LOWEST_NANOS, HIGHEST_NANOS, 2);
            slotPeriods[i] = Long.MIN_VALUE;
        }
    }

    /** Records one latency, clamped to the highest trackable value. Lock-free. */
    void record(long nanos) {
        recorder.recordValue(Math.min(nanos, HIGHEST_NANOS));
    }

    /** Moves latencies recorded since the last drain into the five-minute slot holding {@code epochMillis}. */
    void drain(long epochMillis) {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        recycled = interval;
        if (interval.getTotalCount() == 0) {
            return;
        }
        long period = Math.floorDiv(epochMillis, SLOT_MILLIS);
        int slot = Math.floorMod(period, SLOTS);
        if (slotPeriods[slot] != period) {
            slots[slot].reset();
            slotPeriods[slot] = period;
        }
        slots[slot].add(interval);
    }

    /** A new histogram of the five-minute periods from the one holding {@code fromMillis} to the one holding {@code nowMillis}. */
    Histogram histogram(long fromMillis, long nowMillis) {
        long current = Math.floorDiv(nowMillis, SLOT_MILLIS);
        long oldest = Math.floorDiv(fromMillis, SLOT_MILLIS);
        Histogram result = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, 2);
        for (int i = 0; i < SLOTS; i++) {
            long period = slotPeriods[i];
            if (period >= oldest && period <= current) {
                result.add(slots[i]);
            }
        }
        return result;
    }

    /** Bytes held by the histograms (for the memory figure). */
    long footprintBytes() {
        // Recorder: an active and an inactive concurrent histogram.
        long bytes = 2L * new ConcurrentHistogram(LOWEST_NANOS, HIGHEST_NANOS, 2).getEstimatedFootprintInBytes();
        for (IntCountsHistogram slot : slots) {
            bytes += slot.getEstimatedFootprintInBytes();
        }
        return bytes;
    }
}
