package dev.nines.slo.incident;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Whether a fix worked: compares the incidents before and after a fix date.
 *
 * <ul>
 *   <li><b>Failure rate</b>: incidents are taken as Poisson arrivals. Given {@code n} incidents in
 *       all, the number after the fix is binomial with {@code p = exposureAfter / (exposureBefore +
 *       exposureAfter)} if the rate did not change: the exact conditional test of R's
 *       {@code poisson.test(c(after, before), c(tAfter, tBefore))}. The two-sided p-value sums the
 *       outcomes no more likely than the observed one (as R's {@code binom.test}); the one-sided
 *       p-value is {@code P(X <= after)}, the evidence that the rate fell.</li>
 *   <li><b>MTTR</b>: the times to restore before and after are compared with the Mann-Whitney U
 *       (Wilcoxon rank-sum) test, two-sided, normal approximation with tie and continuity
 *       correction (R's {@code wilcox.test(..., exact = FALSE)}); it needs at least 2 incidents on
 *       each side.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe. Bad input ({@code from < fix < to} violated) raises
 * {@link IllegalArgumentException} naming the instant.
 *
 * <pre>{@code
 * RemediationResult r = Remediation.evaluate(incidents, quarterStart, fixDeployedAt, now);
 * if (r.isRateDecreaseSignificant(0.05)) {
 *     log.info("fix cut incidents from {}/day to {}/day", r.ratePerDayBefore(), r.ratePerDayAfter());
 * }
 * }</pre>
 */
public final class Remediation {

    private Remediation() {}

    /**
     * Compares the non-excluded incidents that started in {@code [from, fix)} with those in
     * {@code [fix, to)}.
     *
     * @param incidents the incidents (of one service, usually)
     * @param from the start of the observation before the fix
     * @param fix when the fix went live
     * @param to the end of the observation after the fix
     * @return the comparison
     */
    public static RemediationResult evaluate(Collection<Incident> incidents, Instant from, Instant fix, Instant to) {
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(to, "to");
        if (!fix.isAfter(from)) {
            throw new IllegalArgumentException("fix must be after from " + from + ", was " + fix);
        }
        if (!to.isAfter(fix)) {
            throw new IllegalArgumentException("to must be after fix " + fix + ", was " + to);
        }
        List<Double> before = new ArrayList<>();
        List<Double> after = new ArrayList<>();
        for (Incident i : incidents) {
            if (i.excluded() || i.start().isBefore(from) || !i.start().isBefore(to)) {
                continue;
            }
            double restoreSeconds = i.impactDuration().toMillis() / 1000.0;
            (i.start().isBefore(fix) ? before : after).add(restoreSeconds);
        }
        Duration exposureBefore = Duration.between(from, fix);
        Duration exposureAfter = Duration.between(fix, to);
        double p = (double) exposureAfter.toMillis() / (exposureBefore.toMillis() + exposureAfter.toMillis());
        int n = before.size() + after.size();
        double twoSided = n == 0 ? 1.0 : binomialTwoSided(after.size(), n, p);
        double decrease = n == 0 ? 1.0 : binomialAtMost(after.size(), n, p);
        OptionalDouble mttrP = before.size() >= 2 && after.size() >= 2
                ? OptionalDouble.of(mannWhitneyTwoSided(toArray(before), toArray(after)))
                : OptionalDouble.empty();
        return new RemediationResult(
                before.size(),
                after.size(),
                exposureBefore,
                exposureAfter,
                perDay(before.size(), exposureBefore),
                perDay(after.size(), exposureAfter),
                twoSided,
                decrease,
                mean(before),
                mean(after),
                mttrP);
    }

    private static double perDay(int count, Duration exposure) {
        return count / (exposure.toMillis() / 86_400_000.0);
    }

    private static Optional<Duration> mean(List<Double> seconds) {
        if (seconds.isEmpty()) {
            return Optional.empty();
        }
        double sum = 0;
        for (double s : seconds) {
            sum += s;
        }
        return Optional.of(Duration.ofMillis(Math.round(sum / seconds.size() * 1000)));
    }

    private static double[] toArray(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** P(X = k) for X ~ Binomial(n, p), through logarithms. */
    static double binomialPmf(int k, int n, double p) {
        if (p == 0) {
            return k == 0 ? 1 : 0;
        }
        if (p == 1) {
            return k == n ? 1 : 0;
        }
        double log =
                logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
        return Math.exp(log);
    }

    private static double logFactorial(int n) {
        double sum = 0;
        for (int i = 2; i <= n; i++) {
            sum += Math.log(i);
        }
        return sum;
    }

    /** P(X <= k). */
    static double binomialAtMost(int k, int n, double p) {
        double sum = 0;
        for (int i = 0; i <= k; i++) {
            sum += binomialPmf(i, n, p);
        }
        return Math.min(1, sum);
    }

    /** Two-sided p-value of R's binom.test: outcomes no more likely than the observed one. */
    static double binomialTwoSided(int k, int n, double p) {
        double observed = binomialPmf(k, n, p);
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double d = binomialPmf(i, n, p);
            if (d <= observed * (1 + 1e-7)) {
                sum += d;
            }
        }
        return Math.min(1, sum);
    }

    /** Two-sided Mann-Whitney U p-value, normal approximation with tie and continuity correction. */
    static double mannWhitneyTwoSided(double[] x, double[] y) {
        int n1 = x.length;
        int n2 = y.length;
        int n = n1 + n2;
        double[][] all = new double[n][];
        for (int i = 0; i < n1; i++) {
            all[i] = new double[] {x[i], 0};
        }
        for (int i = 0; i < n2; i++) {
            all[n1 + i] = new double[] {y[i], 1};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        double rankSumX = 0;
        double ties = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all[j + 1][0] == all[i][0]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            int t = j - i + 1;
            ties += (double) t * t * t - t;
            for (int m = i; m <= j; m++) {
                if (all[m][1] == 0) {
                    rankSumX += rank;
                }
            }
            i = j + 1;
        }
        double u = rankSumX - n1 * (n1 + 1) / 2.0;
        double mu = n1 * (double) n2 / 2;
        double variance = n1 * (double) n2 / 12 * ((n + 1) - ties / ((double) n * (n - 1)));
        if (variance <= 0) {
            return 1.0;
        }
        double diff = u - mu;
        double z = (diff - Math.signum(diff) * 0.5) / Math.sqrt(variance);
        return Math.min(1, 2 * normalUpperTail(Math.abs(z)));
    }

    /** P(Z > z) for a standard normal Z, z >= 0. */
    static double normalUpperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** Complementary error function, relative error below 1.2e-7 (Numerical Recipes' erfcc). */
    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    static void checkAlpha(double alpha) {
        Arguments.inOpen("alpha", alpha, 0, 1);
    }
}
