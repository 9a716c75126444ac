package dev.nines.capacity.forecast;

import java.util.BitSet;

/** Checks and helpers shared by the models. */
final class Models {

    private Models() {}

    /** Returns the series values, refusing missing points and exclusion masks that do not fit the series. */
    static double[] requireComplete(TimeSeries series, BitSet excluded) {
        if (series.hasMissing()) {
            int first = 0;
            while (!Double.isNaN(series.value(first))) {
                first++;
            }
            throw new IllegalArgumentException("series has " + series.missingCount() + " missing point(s), first at "
                    + series.time(first) + "; fill them with TimeSeries.fillGaps or exclude them");
        }
        if (excluded.length() > series.size()) {
            throw new IllegalArgumentException(
                    "excluded index " + (excluded.length() - 1) + " is beyond the series (size " + series.size() + ")");
        }
        return series.values();
    }

    /** Returns the sample variance (denominator n - 1) of the finite values. */
    static double sampleVariance(double[] values) {
        int n = 0;
        double mean = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
                mean += v;
            }
        }
        if (n < 2) {
            return 0;
        }
        mean /= n;
        double ss = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return ss / (n - 1);
    }

    static void checkHorizon(int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, was " + horizon);
        }
    }
}
