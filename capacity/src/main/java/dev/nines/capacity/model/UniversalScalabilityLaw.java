package dev.nines.capacity.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Gunther's Universal Scalability Law: throughput at concurrency {@code N} is
 * {@code X(N) = lambda N / (1 + sigma (N - 1) + kappa N (N - 1))}, where {@code lambda} is the
 * throughput of one unit, {@code sigma} the contention (serial fraction) and {@code kappa} the
 * coherency (crosstalk) penalty.
 *
 * <p>With {@code kappa > 0} throughput peaks at {@code N* = sqrt((1 - sigma) / kappa)} and then
 * falls (retrograde scaling). {@link #fit(List)} estimates the three parameters from load-test
 * measurements. Immutable and thread-safe.
 *
 * <pre>{@code
 * UniversalScalabilityLaw.Fit fit = UniversalScalabilityLaw.fit(List.of(
 *     new UniversalScalabilityLaw.Measurement(1, 955), new UniversalScalabilityLaw.Measurement(4, 3410), ...));
 * double peak = fit.law().peakConcurrency();
 * }</pre>
 *
 * @param lambda the throughput at concurrency 1, positive
 * @param sigma the contention coefficient, in [0, 1]
 * @param kappa the coherency coefficient, at least 0
 */
public record UniversalScalabilityLaw(double lambda, double sigma, double kappa) {

    /**
     * Validates the coefficients.
     *
     * @throws IllegalArgumentException if a coefficient is out of range or not finite
     */
    public UniversalScalabilityLaw {
        LittlesLaw.positive("lambda", lambda);
        if (!(sigma >= 0.0 && sigma <= 1.0)) {
            throw new IllegalArgumentException("sigma must be in [0, 1], was " + sigma);
        }
        LittlesLaw.finite("kappa", kappa);
    }

    /**
     * One load-test measurement: throughput at a concurrency (or at a number of nodes).
     *
     * @param concurrency the concurrency, at least 1
     * @param throughput the measured throughput, positive
     */
    public record Measurement(double concurrency, double throughput) {
        /**
         * Validates the measurement.
         *
         * @throws IllegalArgumentException if out of range
         */
        public Measurement {
            if (!(concurrency >= 1.0) || Double.isInfinite(concurrency)) {
                throw new IllegalArgumentException("concurrency must be finite and at least 1.0, was " + concurrency);
            }
            LittlesLaw.positive("throughput", throughput);
        }
    }

    /**
     * The result of fitting the law to measurements.
     *
     * @param law the fitted law
     * @param rSquared the coefficient of determination of the throughput predictions (1 = perfect)
     * @param rootMeanSquareError the RMS error of the throughput predictions, in the throughput's unit
     */
    public record Fit(UniversalScalabilityLaw law, double rSquared, double rootMeanSquareError) {}

    /**
     * Returns the throughput at a concurrency.
     *
     * @param concurrency the concurrency, at least 0
     * @return the modelled throughput
     */
    public double throughput(double concurrency) {
        LittlesLaw.finite("concurrency", concurrency);
        return lambda * concurrency / (1.0 + sigma * (concurrency - 1.0) + kappa * concurrency * (concurrency - 1.0));
    }

    /**
     * Returns the concurrency of peak throughput, {@code sqrt((1 - sigma) / kappa)}.
     *
     * @return the peak concurrency; infinite when {@code kappa == 0} (throughput never falls)
     */
    public double peakConcurrency() {
        if (kappa == 0.0) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.sqrt((1.0 - sigma) / kappa);
    }

    /**
     * Returns the highest throughput the system reaches.
     *
     * @return {@code X(N*)}; when {@code kappa == 0} the asymptote {@code lambda / sigma}
     *     (infinite when {@code sigma} is also 0: linear scaling)
     */
    public double maxThroughput() {
        if (kappa == 0.0) {
            return sigma == 0.0 ? Double.POSITIVE_INFINITY : lambda / sigma;
        }
        return throughput(Math.max(1.0, peakConcurrency()));
    }

    /**
     * Fits the law to measurements by least squares on {@code N / X(N) = a + b (N - 1) + c N (N - 1)}
     * (linear in {@code a = 1/lambda}, {@code b = sigma/lambda}, {@code c = kappa/lambda}), with
     * {@code sigma} and {@code kappa} constrained to be non-negative (a coefficient that comes out
     * negative is fixed at 0 and the rest refitted), then refined by Levenberg-Marquardt on the
     * throughput residuals (least squares in the measured unit). A measurement at concurrency 1 is
     * not required.
     *
     * @param measurements at least 3, with at least 3 distinct concurrencies
     * @return the fit and its quality
     * @throws IllegalArgumentException if there are too few distinct measurements or they cannot be fitted
     */
    public static Fit fit(List<Measurement> measurements) {
        List<Measurement> data = List.copyOf(Objects.requireNonNull(measurements, "measurements"));
        long distinct =
                data.stream().mapToDouble(Measurement::concurrency).distinct().count();
        if (distinct < 3) {
            throw new IllegalArgumentException(
                    "measurements must have at least 3 distinct concurrencies, had " + distinct);
        }
        List<double[]> candidates = new ArrayList<>();
        candidates.add(solve(data, true, true));
        candidates.add(solve(data, true, false));
        candidates.add(solve(data, false, true));
        candidates.add(solve(data, false, false));
        UniversalScalabilityLaw best = null;
        double bestSse = Double.POSITIVE_INFINITY;
        for (double[] abc : candidates) {
            if (abc == null || !(abc[0] > 0.0) || abc[1] < 0.0 || abc[2] < 0.0) {
                continue;
            }
            double lambda = 1.0 / abc[0];
            double sigma = Math.min(1.0, abc[1] / abc[0]);
            double kappa = abc[2] / abc[0];
            if (Double.isInfinite(lambda) || Double.isNaN(kappa)) {
                continue;
            }
            UniversalScalabilityLaw law = new UniversalScalabilityLaw(lambda, sigma, kappa);
            double sse = sse(law, data);
            if (sse < bestSse) {
                bestSse = sse;
                best = law;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("measurements cannot be fitted by the Universal Scalability Law");
        }
        best = refine(best, data);
        bestSse = sse(best, data);
        double mean =
                data.stream().mapToDouble(Measurement::throughput).average().orElse(0.0);
        double sst = 0.0;
        for (Measurement m : data) {
            sst += (m.throughput() - mean) * (m.throughput() - mean);
        }
        double rSquared = sst == 0.0 ? 1.0 : 1.0 - bestSse / sst;
        return new Fit(best, rSquared, Math.sqrt(bestSse / data.size()));
    }

    /**
     * Levenberg-Marquardt on the throughput residuals, from the linear estimate: the linear fit
     * weighs the points by N / X, this one by throughput, as the measurements' noise is.
     */
    private static UniversalScalabilityLaw refine(UniversalScalabilityLaw start, List<Measurement> data) {
        double[] p = {start.lambda(), start.sigma(), start.kappa()};
        double current = sse(start, data);
        double mu = 1e-3;
        double[][] jtj = new double[3][3];
        double[] jtr = new double[3];
        for (int iteration = 0; iteration < 200 && mu < 1e12; iteration++) {
            for (double[] row : jtj) {
                java.util.Arrays.fill(row, 0.0);
            }
            java.util.Arrays.fill(jtr, 0.0);
            for (Measurement m : data) {
                double n = m.concurrency();
                double d = 1.0 + p[1] * (n - 1.0) + p[2] * n * (n - 1.0);
                double x = p[0] * n / d;
                double[] g = {n / d, -p[0] * n * (n - 1.0) / (d * d), -p[0] * n * n * (n - 1.0) / (d * d)};
                double r = x - m.throughput();
                for (int i = 0; i < 3; i++) {
                    jtr[i] += g[i] * r;
                    for (int j = 0; j < 3; j++) {
                        jtj[i][j] += g[i] * g[j];
                    }
                }
            }
            boolean improved = false;
            while (!improved && mu < 1e12) {
                double[][] a = new double[3][3];
                double[] b = new double[3];
                for (int i = 0; i < 3; i++) {
                    System.arraycopy(jtj[i], 0, a[i], 0, 3);
                    a[i][i] += mu * Math.max(jtj[i][i], 1e-300);
                    b[i] = -jtr[i];
                }
                double[] step = gauss(a, b);
                if (step == null) {
                    mu *= 10;
                    continue;
                }
                double lambda = p[0] + step[0];
                double sigma = Math.min(1.0, Math.max(0.0, p[1] + step[1]));
                double kappa = Math.max(0.0, p[2] + step[2]);
                if (!(lambda > 0.0) || Double.isInfinite(lambda) || Double.isNaN(sigma) || Double.isNaN(kappa)) {
                    mu *= 10;
                    continue;
                }
                UniversalScalabilityLaw candidate = new UniversalScalabilityLaw(lambda, sigma, kappa);
                double candidateSse = sse(candidate, data);
                if (candidateSse < current) {
                    boolean converged = current - candidateSse <= 1e-15 * current;
                    p[0] = lambda;
                    p[1] = sigma;
                    p[2] = kappa;
                    current = candidateSse;
                    mu = Math.max(mu / 3, 1e-12);
                    improved = true;
                    if (converged) {
                        return candidate;
                    }
                } else {
                    mu *= 4;
                }
            }
        }
        return new UniversalScalabilityLaw(p[0], p[1], p[2]);
    }

    private static double sse(UniversalScalabilityLaw law, List<Measurement> data) {
        double sse = 0.0;
        for (Measurement m : data) {
            double e = law.throughput(m.concurrency()) - m.throughput();
            sse += e * e;
        }
        return sse;
    }

    /** Least squares for y = a + b x1 + c x2 with the chosen terms; null if singular. */
    private static double @Nullable [] solve(List<Measurement> data, boolean withSigma, boolean withKappa) {
        int k = 1 + (withSigma ? 1 : 0) + (withKappa ? 1 : 0);
        double[][] ata = new double[k][k];
        double[] aty = new double[k];
        double[] row = new double[k];
        for (Measurement m : data) {
            double n = m.concurrency();
            int i = 0;
            row[i++] = 1.0;
            if (withSigma) {
                row[i++] = n - 1.0;
            }
            if (withKappa) {
                row[i] = n * (n - 1.0);
            }
            double y = n / m.throughput();
            for (int r = 0; r < k; r++) {
                aty[r] += row[r] * y;
                for (int c = 0; c < k; c++) {
                    ata[r][c] += row[r] * row[c];
                }
            }
        }
        double[] x = gauss(ata, aty);
        if (x == null) {
            return null;
        }
        double[] abc = new double[3];
        int i = 0;
        abc[0] = x[i++];
        abc[1] = withSigma ? x[i++] : 0.0;
        abc[2] = withKappa ? x[i] : 0.0;
        return abc;
    }

    /** Gaussian elimination with partial pivoting; null if singular. */
    static double @Nullable [] gauss(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (Math.abs(m[pivot][col]) < 1e-300) {
                return null;
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = m[i][n] / m[i][i];
        }
        return x;
    }
}
