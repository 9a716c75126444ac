package dev.nines.slo;

/**
 * Good and bad event counts over some interval.
 *
 * @param good the number of good events, not negative
 * @param bad the number of bad events, not negative
 */
public record SliCounts(long good, long bad) {

    /** No events. */
    public static final SliCounts EMPTY = new SliCounts(0, 0);

    /**
     * Validates the counts.
     *
     * @param good the number of good events, not negative
     * @param bad the number of bad events, not negative
     */
    public SliCounts {
        if (good < 0 || bad < 0) {
            throw new IllegalArgumentException("counts must not be negative, was good=" + good + " bad=" + bad);
        }
    }

    /**
     * Returns good + bad.
     *
     * @return the number of events
     */
    public long total() {
        return good + bad;
    }

    /**
     * Returns bad / total, or 0 when there are no events.
     *
     * @return the error ratio in [0, 1]
     */
    public double errorRatio() {
        long total = total();
        return total == 0 ? 0.0 : (double) bad / total;
    }

    /**
     * Returns good / total, or 1 when there are no events.
     *
     * @return the good ratio in [0, 1]
     */
    public double goodRatio() {
        long total = total();
        return total == 0 ? 1.0 : (double) good / total;
    }

    SliCounts plus(SliCounts other) {
        return new SliCounts(good + other.good, bad + other.bad);
    }

    SliCounts minus(SliCounts other) {
        return new SliCounts(Math.max(0, good - other.good), Math.max(0, bad - other.bad));
    }
}
