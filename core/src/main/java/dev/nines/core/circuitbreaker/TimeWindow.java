package dev.nines.core.circuitbreaker;

import dev.nines.core.time.TimeSource;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A time-based window: the calls of the last {@code size} whole epoch seconds (the current second
 * included), as resilience4j's {@code SlidingTimeWindowMetrics}.
 *
 * <p>One bucket per second holds four counters (calls, failed, slow, slow failed), and four
 * running totals hold the sum of the buckets in the window. A writer adds to the totals first and
 * then to the bucket of the second it read, with atomic adds and no lock. The first thread to see a
 * new second rolls the window under a lock taken only then: it empties the buckets of the seconds
 * that leave the window ({@code getAndSet(0)}) and subtracts exactly what it took from the totals.
 * Every outcome is added once to the totals and taken out only with the bucket that holds it, so
 * the totals always cover every outcome recorded into a bucket still in the window: a writer
 * preempted across a roll is never lost (an earlier design folded the older buckets into a cached
 * sum at each roll and missed an outcome that landed in its bucket just after). The totals never
 * go below the buckets' sum, so no count is ever negative. A wall clock that steps back records
 * into the newest bucket.
 */
final class TimeWindow extends SlidingWindow {

    private static final int FIELDS = 4;

    private final int size;
    private final TimeSource time;
    private final AtomicLongArray cells;
    /** Calls, failed, slow and slow failed of every bucket in the window. */
    private final AtomicLongArray totals = new AtomicLongArray(FIELDS);

    private final ReentrantLock rollLock = new ReentrantLock();
    /** The newest second the window has rolled to. */
    private volatile long head;

    TimeWindow(
            int size,
            int minimumNumberOfCalls,
            float failureRateThreshold,
            float slowCallRateThreshold,
            TimeSource time) {
        super(minimumNumberOfCalls, failureRateThreshold, slowCallRateThreshold);
        this.size = size;
        this.time = time;
        this.cells = new AtomicLongArray(size * FIELDS);
        this.head = currentSecond();
    }

    @Override
    int record(int outcome) {
        int base = index(current());
        // Totals first: a roll that empties this bucket before our add below cannot take out more
        // than the totals already hold, and our outcome then stays counted in the newer second.
        long calls = totals.incrementAndGet(0);
        long failed = isFailure(outcome) ? totals.incrementAndGet(1) : totals.get(1);
        long slow = isSlow(outcome) ? totals.incrementAndGet(2) : totals.get(2);
        if (outcome == SLOW_FAILURE) {
            totals.incrementAndGet(3);
        }
        cells.incrementAndGet(base);
        if (isFailure(outcome)) {
            cells.incrementAndGet(base + 1);
        }
        if (isSlow(outcome)) {
            cells.incrementAndGet(base + 2);
        }
        if (outcome == SLOW_FAILURE) {
            cells.incrementAndGet(base + 3);
        }
        return evaluate(calls, failed, slow);
    }

    @Override
    void counts(long[] into) {
        current();
        into[0] = totals.get(0);
        into[1] = totals.get(1);
        into[2] = totals.get(2);
        into[3] = totals.get(3);
    }

    private long currentSecond() {
        return Math.floorDiv(time.currentTimeMillis(), 1000L);
    }

    private int index(long second) {
        return (int) Math.floorMod(second, (long) size) * FIELDS;
    }

    /** Rolls the window to the current second if needed and returns the second to record into. */
    private long current() {
        long h = head;
        long second = currentSecond();
        return second > h ? roll(second) : h;
    }

    private long roll(long second) {
        rollLock.lock();
        try {
            long h = head;
            if (second <= h) {
                return h;
            }
            // Empty the buckets of the seconds that begin now (at most the whole ring): they hold
            // the seconds that leave the window.
            long first = Math.max(h + 1, second - size + 1);
            for (long s = first; s <= second; s++) {
                int base = index(s);
                for (int f = 0; f < FIELDS; f++) {
                    long taken = cells.getAndSet(base + f, 0L);
                    if (taken != 0) {
                        totals.addAndGet(f, -taken);
                    }
                }
            }
            head = second;
            return second;
        } finally {
            rollLock.unlock();
        }
    }
}
