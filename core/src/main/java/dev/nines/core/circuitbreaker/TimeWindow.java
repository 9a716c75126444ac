package dev.nines.core.circuitbreaker;

import dev.nines.core.time.TimeSource;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A time-based window: the calls of the last {@code size} whole epoch seconds (the current second
 * included), as resilience4j's {@code SlidingTimeWindowMetrics}.
 *
 * <p>One bucket per second holds four counters (calls, failed, slow, slow failed). Writers add to
 * the bucket of the newest second with atomic adds; the sum of the older seconds in the window
 * (the "prefix") is computed once per second by whichever thread first sees the new second, under
 * a lock taken only then. A writer that raced with that roll still lands in its bucket and is
 * counted from the next roll on, so no outcome is lost; a single thread sees exact totals.
 * A wall clock that steps back records into the newest bucket.
 */
final class TimeWindow extends SlidingWindow {

    private static final int FIELDS = 4;

    private final int size;
    private final TimeSource time;
    private final AtomicLongArray cells;
    private final ReentrantLock rollLock = new ReentrantLock();
    private volatile Head head;

    /** The newest second and the totals of the older seconds still in the window. */
    private static final class Head {
        final long second;
        final long calls;
        final long failed;
        final long slow;
        final long slowFailed;

        Head(long second, long calls, long failed, long slow, long slowFailed) {
            this.second = second;
            this.calls = calls;
            this.failed = failed;
            this.slow = slow;
            this.slowFailed = slowFailed;
        }
    }

    TimeWindow(int size, int minimumNumberOfCalls, float failureRateThreshold, float slowCallRateThreshold,
            TimeSource time) {
        super(minimumNumberOfCalls, failureRateThreshold, slowCallRateThreshold);
        this.size = size;
        this.time = time;
        this.cells = new AtomicLongArray(size * FIELDS);
        this.head = new Head(currentSecond(), 0, 0, 0, 0);
    }

    @Override
    int record(int outcome) {
        Head h = current();
        int base = index(h.second);
        long calls = cells.incrementAndGet(base);
        long failed = isFailure(outcome) ? cells.incrementAndGet(base + 1) : cells.get(base + 1);
        long slow = isSlow(outcome) ? cells.incrementAndGet(base + 2) : cells.get(base + 2);
        if (outcome == SLOW_FAILURE) {
            cells.incrementAndGet(base + 3);
        }
        return evaluate(h.calls + calls, h.failed + failed, h.slow + slow);
    }

    @Override
    void counts(long[] into) {
        Head h = current();
        int base = index(h.second);
        into[0] = h.calls + cells.get(base);
        into[1] = h.failed + cells.get(base + 1);
        into[2] = h.slow + cells.get(base + 2);
        into[3] = h.slowFailed + cells.get(base + 3);
    }

    private long currentSecond() {
        return Math.floorDiv(time.currentTimeMillis(), 1000L);
    }

    private int index(long second) {
        return (int) Math.floorMod(second, (long) size) * FIELDS;
    }

    private Head current() {
        Head h = head;
        long second = currentSecond();
        return second > h.second ? roll(second) : h;
    }

    private Head roll(long second) {
        rollLock.lock();
        try {
            Head h = head;
            if (second <= h.second) {
                return h;
            }
            // Clear the buckets of the seconds that begin now (at most the whole ring).
            long first = Math.max(h.second + 1, second - size + 1);
            for (long s = first; s <= second; s++) {
                int base = index(s);
                for (int f = 0; f < FIELDS; f++) {
                    cells.set(base + f, 0L);
                }
            }
            long calls = 0;
            long failed = 0;
            long slow = 0;
            long slowFailed = 0;
            for (long s = second - size + 1; s < second; s++) {
                int base = index(s);
                calls += cells.get(base);
                failed += cells.get(base + 1);
                slow += cells.get(base + 2);
                slowFailed += cells.get(base + 3);
            }
            Head next = new Head(second, calls, failed, slow, slowFailed);
            head = next;
            return next;
        } finally {
            rollLock.unlock();
        }
    }
}
