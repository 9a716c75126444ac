package dev.nines.core.circuitbreaker;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count-based window of up to {@link #MAX_SIZE} calls that records an outcome with one atomic
 * add and one plain store.
 *
 * <p><b>Counting.</b> One word holds running totals since the window was made: the number of calls
 * (its low bits double as the call's sequence number), failed, slow and slow failed calls, each
 * in a field of its own. Recording adds the outcome's contribution to all four with a single
 * {@code getAndAdd}, which also tells the caller where it stands in the order of calls. The
 * window's counts are the difference between the totals now and the totals {@code size} calls
 * ago. Each field is wider than {@code size}, so differences never overflow into a neighbour even
 * after the totals wrap around.
 *
 * <p><b>The history.</b> After its add, each call stores the totals it produced, stamped with its
 * sequence number and tagged with its own outcome, into a ring of twice the window's size (the
 * next power of two). The call {@code size} places later reads them back to compute its window.
 * The store is plain (a release write): a call never waits for another and never retries, so the
 * recording path is lock-free and its only read-modify-write is the add. Consecutive calls store
 * into slots nine apart, on different cache lines.
 *
 * <p><b>When a writer is late.</b> A thread paused between its add and its store leaves its slot
 * showing an older stamp, and if it stays paused for a whole turn of the ring its late store can
 * overwrite the newer entry that reused the slot. Neither loses information: every entry also
 * carries its own outcome, so the totals before call {@code k} are the entry of call {@code k}
 * minus call {@code k}'s outcome, and a reader falls back to that neighbour. If neither entry is
 * usable the decision for that one outcome is skipped (the next failed or slow call decides on
 * the window as it is then), and a {@link #counts snapshot} spins briefly for the writer, then sums
 * the outcomes of the entries in place, counting a missing one as a success.
 *
 * <p><b>Decisions.</b> Until the window is full every outcome is evaluated, since reaching the
 * minimum number of calls can trip a threshold. Once it is full a success cannot raise either
 * rate, so only failed or slow calls are evaluated.
 *
 * <p><b>Healthy steady state.</b> A success recorded into a full window of successes changes
 * nothing (a ring of equal outcomes is the same ring whichever slot the next one replaces), so it
 * is skipped after reading two words that no thread writes while the window stays clean: the
 * totals, and the totals at which the window was last seen clean. A success skips only when the
 * two are equal or when it verifies the window itself, so a skipped success always saw a clean
 * window. The mark is only a hint for speed: a failed or slow call clears it before it adds, so
 * that while failures come, successes go straight to the add without reading the totals first.
 */
final class PrefixCountWindow extends SlidingWindow {

    /** The largest window this layout supports; larger windows use {@link CountWindow}. */
    static final int MAX_SIZE = 4095;

    /** The ring position step between consecutive calls: odd, so it visits every slot. */
    private static final int STRIDE = 9;

    /** The index of the running totals in {@link #totals}, with a cache line of padding each side. */
    private static final int TOTALS = 8;

    /** Bits 62 and 63 of a ring entry hold the outcome's code (outcome - 1). */
    private static final int CODE_SHIFT = 62;

    private static final long FIELDS = (1L << CODE_SHIFT) - 1;

    /** "Not known": no valid entry, and no totals value, is negative. */
    private static final long NONE = -1L;

    /** How often a snapshot rereads before it sums the ring instead (a few hundred microseconds). */
    private static final int SNAPSHOT_ATTEMPTS = 10_000;

    /** Marks the window as possibly holding a failed or slow call: no success may be skipped. */
    private static final long DIRTY = -1L;

    private final int size;
    private final int fieldBits;
    private final long fieldMask;
    private final long sequenceMask;
    private final int ringMask;
    /** What each outcome code adds to the running totals. */
    private final long[] delta = new long[4];

    private final AtomicLongArray totals = new AtomicLongArray(2 * TOTALS + 1);
    private final AtomicLongArray ring;
    // Set once the window has held size calls; read on every call, written a few times in its life.
    private volatile boolean full;
    // The totals at which the window was last seen full of successes, or DIRTY.
    private volatile long cleanAt = DIRTY;

    PrefixCountWindow(int size, int minimumNumberOfCalls, float failureRateThreshold, float slowCallRateThreshold) {
        super(Math.min(minimumNumberOfCalls, size), failureRateThreshold, slowCallRateThreshold);
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be in [1, " + MAX_SIZE + "]: " + size);
        }
        this.size = size;
        this.fieldBits = 32 - Integer.numberOfLeadingZeros(size); // size < 2^fieldBits
        this.fieldMask = (1L << fieldBits) - 1;
        int sequenceBits = CODE_SHIFT - 3 * fieldBits; // at least 26
        this.sequenceMask = (1L << sequenceBits) - 1;
        int slots = Integer.highestOneBit(2 * size - 1) << 1; // the power of two at or above 2 * size
        this.ringMask = slots - 1;
        this.ring = new AtomicLongArray(slots);
        long failed = 1L << sequenceBits;
        long slow = failed << fieldBits;
        long slowFailed = slow << fieldBits;
        delta[SUCCESS - 1] = 1;
        delta[FAILURE - 1] = 1 + failed;
        delta[SLOW_SUCCESS - 1] = 1 + slow;
        delta[SLOW_FAILURE - 1] = 1 + failed + slow + slowFailed;
    }

    private int slot(long sequence) {
        return (int) (sequence * STRIDE) & ringMask;
    }

    @Override
    int record(int outcome) {
        if (outcome == SUCCESS) {
            if (cleanAt != DIRTY && skipsSuccess()) {
                return RESULT_UNCHANGED;
            }
        } else if (cleanAt != DIRTY) {
            cleanAt = DIRTY; // before the add: a success that reads the totals after it sees this call
        }
        long add = delta[outcome - 1];
        long before = totals.getAndAdd(TOTALS, add);
        long after = before + add;
        long sequence = before & sequenceMask;
        ring.setRelease(slot(sequence), (after & FIELDS) | ((long) (outcome - 1) << CODE_SHIFT));
        if (!full) {
            if (sequence + 1 < size) {
                return evaluate(sequence + 1, field(after, 1), field(after, 2));
            }
            full = true;
            if (sequence + 1 == size) {
                return evaluate(size, field(after, 1), field(after, 2));
            }
        }
        if (outcome == SUCCESS) {
            if ((sequence & 15) == 0) {
                markIfClean(sequence + 1, after);
            }
            return RESULT_UNCHANGED; // a success cannot raise a rate in a full window
        }
        long then = totalsAt(sequence + 1 - size);
        if (then == NONE) {
            return RESULT_UNCHANGED; // a writer size calls back is late: the next failed or slow call decides
        }
        long window = after - then;
        return evaluate(size, field(window, 1), field(window, 2));
    }

    /** True when the window is full of successes now, so that one more success changes nothing. */
    private boolean skipsSuccess() {
        long now = totals.get(TOTALS);
        if (now == cleanAt) {
            return true;
        }
        if (!full) {
            return false;
        }
        long sequence = now & sequenceMask;
        long then = totalsAt(sequence - size);
        if (then != NONE && clean(now - then)) {
            cleanAt = now;
            return true;
        }
        cleanAt = DIRTY;
        return false;
    }

    /** After a success, sometimes: if the window that ends with it is clean, let successes skip again. */
    private void markIfClean(long next, long after) {
        long then = totalsAt(next - size);
        if (then != NONE && clean(after - then)) {
            cleanAt = after;
        }
    }

    private boolean clean(long window) {
        return field(window, 1) == 0 && field(window, 2) == 0;
    }

    /**
     * The running totals after {@code calls} calls (a sequence number, wrapped), read from the entry
     * of the call before or derived from the entry of the call itself; {@link #NONE} if neither is
     * there.
     */
    private long totalsAt(long calls) {
        long mark = calls & sequenceMask;
        long entry = ring.getAcquire(slot(mark - 1));
        if ((entry & sequenceMask) == mark) {
            return entry & FIELDS;
        }
        entry = ring.getAcquire(slot(mark));
        if ((entry & sequenceMask) == ((mark + 1) & sequenceMask)) {
            return ((entry & FIELDS) - delta[(int) (entry >>> CODE_SHIFT)]) & FIELDS;
        }
        return NONE;
    }

    /** Field {@code i} of a totals value or of a difference of two: 0 calls, 1 failed, 2 slow, 3 slow failed. */
    private long field(long value, int i) {
        return i == 0 ? value & sequenceMask : (value >>> (CODE_SHIFT - (4 - i) * fieldBits)) & fieldMask;
    }

    @Override
    void counts(long[] into) {
        for (int attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
            long now = totals.get(TOTALS);
            long sequence = now & sequenceMask;
            if (sequence < size && !full) {
                fill(into, sequence, now);
                return;
            }
            long then = totalsAt(sequence - size);
            if (then != NONE) {
                fill(into, size, now - then);
                return;
            }
            Thread.onSpinWait(); // a writer is between its add and its store
        }
        sumEntries(into);
    }

    private void fill(long[] into, long calls, long window) {
        into[0] = calls;
        into[1] = field(window, 1);
        into[2] = field(window, 2);
        into[3] = field(window, 3);
    }

    /**
     * The last resort of a snapshot: the outcomes carried by the entries of the calls in the
     * window, one by one; a call whose entry is not in place counts as a success.
     */
    void sumEntries(long[] into) {
        long sequence = totals.get(TOTALS) & sequenceMask;
        long calls = 0;
        long failed = 0;
        long slow = 0;
        long slowFailed = 0;
        for (long k = sequence - Math.min(size, full ? size : sequence); k != sequence; k++) {
            long entry = ring.getAcquire(slot(k));
            calls++;
            if ((entry & sequenceMask) == ((k + 1) & sequenceMask)) {
                int outcome = (int) (entry >>> CODE_SHIFT) + 1;
                failed += isFailure(outcome) ? 1 : 0;
                slow += isSlow(outcome) ? 1 : 0;
                slowFailed += outcome == SLOW_FAILURE ? 1 : 0;
            }
        }
        into[0] = calls;
        into[1] = failed;
        into[2] = slow;
        into[3] = slowFailed;
    }
}
