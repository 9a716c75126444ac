package dev.nines.capacity.forecast;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A regular time series: a start instant, a fixed step and one value per step. Immutable and
 * thread-safe.
 *
 * <p>Values are finite. A point may be explicitly <em>missing</em> ({@link Double#NaN}) only when the
 * caller asked for it ({@link #withMissing} or {@link GapFill#MARK_MISSING}); {@link #fillGaps} then
 * interpolates or carries forward, and models refuse a series that still has missing points. Nothing
 * is ever silently zero.
 *
 * <pre>{@code
 * TimeSeries hourly = TimeSeries.ofCounts(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofHours(1), requests);
 * TimeSeries daily = hourly.resample(Duration.ofDays(1), Aggregation.SUM);
 * TimeSeries gappy = TimeSeries.fromObservations(observations, Duration.ofMinutes(5), GapFill.INTERPOLATE);
 * }</pre>
 */
public final class TimeSeries {

    private final Instant start;
    private final Duration step;
    private final double[] values;
    private final int missing;

    private TimeSeries(Instant start, Duration step, double[] values, int missing) {
        this.start = start;
        this.step = step;
        this.values = values;
        this.missing = missing;
    }

    /**
     * Creates a series of finite values.
     *
     * @param start the instant of the first value
     * @param step the positive distance between values
     * @param values the values (copied); at least one
     * @return the series
     * @throws IllegalArgumentException if a value is NaN or infinite (the message names its index),
     *     if {@code values} is empty or {@code step} is not positive
     */
    public static TimeSeries of(Instant start, Duration step, double[] values) {
        return create(start, step, values, false, false);
    }

    /**
     * Creates a series of counts (requests, bytes, users): finite and not negative.
     *
     * @param start the instant of the first value
     * @param step the positive distance between values
     * @param values the values (copied); at least one
     * @return the series
     * @throws IllegalArgumentException if a value is NaN, infinite or negative
     */
    public static TimeSeries ofCounts(Instant start, Duration step, double[] values) {
        return create(start, step, values, false, true);
    }

    /**
     * Creates a series where {@link Double#NaN} marks a missing point on purpose; fill them with
     * {@link #fillGaps} before fitting a model.
     *
     * @param start the instant of the first value
     * @param step the positive distance between values
     * @param values the values (copied); NaN means missing; at least one
     * @return the series
     * @throws IllegalArgumentException if a value is infinite
     */
    public static TimeSeries withMissing(Instant start, Duration step, double[] values) {
        return create(start, step, values, true, false);
    }

    /**
     * Builds a regular series from timestamped observations, in any order. Every observation must
     * fall on the grid {@code first + k * step}; steps that have no observation are filled as
     * {@code fill} says.
     *
     * @param observations the observations; at least one; no two at the same instant
     * @param step the positive grid step
     * @param fill what to do with steps that have no observation
     * @return the series from the earliest to the latest observation
     * @throws IllegalArgumentException if an observation is off the grid (an irregular step), two share
     *     an instant, or a gap exists and {@code fill} is {@link GapFill#FAIL}
     */
    public static TimeSeries fromObservations(List<Observation> observations, Duration step, GapFill fill) {
        Objects.requireNonNull(observations, "observations");
        Arguments.positive("step", step);
        Objects.requireNonNull(fill, "fill");
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("observations must not be empty");
        }
        List<Observation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparing(Observation::time));
        Instant first = sorted.get(0).time();
        Instant last = sorted.get(sorted.size() - 1).time();
        long stepNanos = step.toNanos();
        long span = Duration.between(first, last).toNanos();
        if (span % stepNanos != 0) {
            throw new IllegalArgumentException(
                    "observation at " + last + " is not on the " + step + " grid starting at " + first);
        }
        long size = span / stepNanos + 1;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("series would have " + size + " points, too many");
        }
        double[] values = new double[(int) size];
        Arrays.fill(values, Double.NaN);
        for (Observation o : sorted) {
            long offset = Duration.between(first, o.time()).toNanos();
            if (offset % stepNanos != 0) {
                throw new IllegalArgumentException("observation at " + o.time() + " is not on the " + step
                        + " grid starting at " + first + " (irregular step)");
            }
            int index = (int) (offset / stepNanos);
            if (!Double.isNaN(values[index])) {
                throw new IllegalArgumentException("two observations at " + o.time());
            }
            values[index] = o.value();
        }
        TimeSeries raw = create(first, step, values, true, false);
        return raw.fillGaps(fill);
    }

    private static TimeSeries create(
            Instant start, Duration step, double[] values, boolean allowMissing, boolean counts) {
        Objects.requireNonNull(start, "start");
        Arguments.positive("step", step);
        Objects.requireNonNull(values, "values");
        if (values.length == 0) {
            throw new IllegalArgumentException("values must not be empty");
        }
        double[] copy = values.clone();
        int missing = 0;
        for (int i = 0; i < copy.length; i++) {
            double v = copy[i];
            if (Double.isNaN(v)) {
                if (!allowMissing) {
                    throw new IllegalArgumentException("values[" + i + "] must be finite, was NaN"
                            + " (use TimeSeries.withMissing to mark missing points, then fillGaps)");
                }
                missing++;
            } else if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("values[" + i + "] must be finite, was " + v);
            } else if (counts && v < 0) {
                throw new IllegalArgumentException("values[" + i + "] must be a count >= 0, was " + v);
            }
        }
        return new TimeSeries(start, step, copy, missing);
    }

    /**
     * Returns the instant of the first value.
     *
     * @return the start
     */
    public Instant start() {
        return start;
    }

    /**
     * Returns the distance between consecutive values.
     *
     * @return the step, positive
     */
    public Duration step() {
        return step;
    }

    /**
     * Returns the number of points, missing ones included.
     *
     * @return the size, at least 1
     */
    public int size() {
        return values.length;
    }

    /**
     * Returns the value at {@code index}, {@link Double#NaN} if that point is marked missing.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the value
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public double value(int index) {
        Objects.checkIndex(index, values.length);
        return values[index];
    }

    /**
     * Returns a copy of the values.
     *
     * @return the values, NaN where missing
     */
    public double[] values() {
        return values.clone();
    }

    /**
     * Returns the instant of point {@code index}: {@code start + index * step}. Any index is accepted,
     * so that future points (forecasts) can be dated.
     *
     * @param index the point index, may be negative or beyond the end
     * @return the instant
     */
    public Instant time(long index) {
        return start.plus(step.multipliedBy(index));
    }

    /**
     * Returns the instant of the last point.
     *
     * @return the end (inclusive)
     */
    public Instant end() {
        return time(values.length - 1L);
    }

    /**
     * Returns the index of the point at {@code instant}, rounding down between points. The result is
     * not clamped: instants before the start give negative indices.
     *
     * @param instant the instant
     * @return {@code floor((instant - start) / step)}
     */
    public long indexOf(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return Math.floorDiv(Duration.between(start, instant).toNanos(), step.toNanos());
    }

    /**
     * Tells whether some points are marked missing.
     *
     * @return true if at least one value is NaN
     */
    public boolean hasMissing() {
        return missing > 0;
    }

    /**
     * Returns the number of points marked missing.
     *
     * @return the count
     */
    public int missingCount() {
        return missing;
    }

    /**
     * Returns the points {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param from the first index
     * @param to one past the last index; greater than {@code from}
     * @return the sub-series
     * @throws IndexOutOfBoundsException if the range is empty or outside the series
     */
    public TimeSeries slice(int from, int to) {
        Objects.checkFromToIndex(from, to, values.length);
        if (from == to) {
            throw new IndexOutOfBoundsException("empty slice [" + from + ", " + to + ")");
        }
        double[] part = Arrays.copyOfRange(values, from, to);
        int m = 0;
        for (double v : part) {
            if (Double.isNaN(v)) {
                m++;
            }
        }
        return new TimeSeries(time(from), step, part, m);
    }

    /**
     * Returns a series with missing points filled as {@code fill} says.
     *
     * @param fill {@link GapFill#INTERPOLATE}, {@link GapFill#CARRY_FORWARD}, {@link GapFill#MARK_MISSING}
     *     (no change) or {@link GapFill#FAIL} (error if anything is missing)
     * @return the filled series (this one if nothing is missing)
     * @throws IllegalArgumentException if {@code fill} cannot fill a gap: FAIL with any gap,
     *     CARRY_FORWARD with a gap at the start, INTERPOLATE with a gap at either end
     */
    public TimeSeries fillGaps(GapFill fill) {
        Objects.requireNonNull(fill, "fill");
        if (missing == 0 || fill == GapFill.MARK_MISSING) {
            return this;
        }
        int firstMissing = 0;
        while (!Double.isNaN(values[firstMissing])) {
            firstMissing++;
        }
        double[] out = values.clone();
        switch (fill) {
            case FAIL ->
                throw new IllegalArgumentException(
                        missing + " missing point(s), first at " + time(firstMissing) + "; choose a GapFill");
            case CARRY_FORWARD -> {
                if (Double.isNaN(out[0])) {
                    throw new IllegalArgumentException("cannot carry forward into the first point at " + start);
                }
                for (int i = 1; i < out.length; i++) {
                    if (Double.isNaN(out[i])) {
                        out[i] = out[i - 1];
                    }
                }
            }
            case INTERPOLATE -> {
                if (Double.isNaN(out[0]) || Double.isNaN(out[out.length - 1])) {
                    throw new IllegalArgumentException(
                            "cannot interpolate a gap at the start or end of the series (first missing at "
                                    + time(firstMissing) + ")");
                }
                int i = 1;
                while (i < out.length) {
                    if (!Double.isNaN(out[i])) {
                        i++;
                        continue;
                    }
                    int left = i - 1;
                    int right = i;
                    while (Double.isNaN(out[right])) {
                        right++;
                    }
                    for (int k = left + 1; k < right; k++) {
                        double w = (double) (k - left) / (right - left);
                        out[k] = out[left] + w * (out[right] - out[left]);
                    }
                    i = right;
                }
            }
            default -> throw new AssertionError(fill);
        }
        return new TimeSeries(start, step, out, 0);
    }

    /**
     * Aggregates this series to a coarser step, aligned on this series' start. A coarse point with a
     * missing input point is missing; a trailing incomplete coarse step is dropped.
     *
     * @param newStep a positive whole multiple of {@link #step()}
     * @param aggregation how the points of one coarse step combine
     * @return the resampled series
     * @throws IllegalArgumentException if {@code newStep} is not a multiple of the step, or the series is
     *     shorter than one coarse step
     */
    public TimeSeries resample(Duration newStep, Aggregation aggregation) {
        Arguments.positive("newStep", newStep);
        Objects.requireNonNull(aggregation, "aggregation");
        long ratioNanos = newStep.toNanos();
        long stepNanos = step.toNanos();
        if (ratioNanos % stepNanos != 0) {
            throw new IllegalArgumentException("newStep must be a multiple of " + step + ", was " + newStep);
        }
        long k = ratioNanos / stepNanos;
        if (k > values.length) {
            throw new IllegalArgumentException(
                    "newStep " + newStep + " is longer than the series (" + values.length + " points of " + step + ")");
        }
        int ratio = (int) k;
        int n = values.length / ratio;
        double[] out = new double[n];
        int m = 0;
        for (int j = 0; j < n; j++) {
            double acc = switch (aggregation) {
                case SUM, MEAN -> 0;
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
            };
            for (int i = j * ratio; i < (j + 1) * ratio; i++) {
                double v = values[i];
                acc = switch (aggregation) {
                    case SUM, MEAN -> acc + v;
                    case MAX -> Math.max(acc, v);
                    case MIN -> Math.min(acc, v);
                };
            }
            if (aggregation == Aggregation.MEAN) {
                acc /= ratio;
            }
            out[j] = acc;
            if (Double.isNaN(acc)) {
                m++;
            }
        }
        return new TimeSeries(start, newStep, out, m);
    }

    /**
     * Compares start, step and values (missing points equal each other).
     *
     * @param o the other object
     * @return true if equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof TimeSeries t
                && start.equals(t.start)
                && step.equals(t.step)
                && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, step, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "TimeSeries[start=" + start + ", step=" + step + ", size=" + values.length + ", missing=" + missing
                + "]";
    }
}
