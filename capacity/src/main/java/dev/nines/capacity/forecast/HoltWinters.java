package dev.nines.capacity.forecast;

import java.util.BitSet;
import java.util.Objects;

/**
 * Holt-Winters exponential smoothing (level, optional trend, optional additive or multiplicative
 * season), compatible with R's {@code stats::HoltWinters}: same recursions, same start values, same
 * objective (sum of squared one-step errors, parameters bounded to [0, 1], optimiser started at
 * {@code (0.3, 0.1, 0.1)}), and the prediction intervals of R's {@code predict.HoltWinters}.
 * Immutable and thread-safe; each {@link #fit} works on its own state.
 *
 * <p>Start values (R's convention): simple exponential smoothing starts its level at the first value;
 * Holt starts level and trend at {@code x[1]} and {@code x[1] - x[0]}; seasonal models run R's
 * {@code decompose()} on the first {@code startPeriods} periods (centred moving average; seasonal figure
 * = mean of the detrended values at each position, centred to sum 0 or normalised to mean 1), take
 * level and trend as intercept and slope of a least-squares line through the moving average against
 * 1, 2, 3, ..., and the season from the figure; one-step errors are counted from the second period on.
 *
 * <p>Optimiser: R uses {@code optim(method = "L-BFGS-B")} (and {@code optimize} for a single
 * parameter); we use our own bounded projected quasi-Newton method (golden-section search for one
 * parameter) from the same start, converging more tightly, and also from the three best points of a
 * grid over {@code [0, 1]} (11 points per parameter for two, 6 for three; for one parameter, golden
 * section around each local minimum of an 11-point grid) that are not within one grid cell of a
 * minimum already found, keeping the lowest SSE. The SSE surface has local minima (Holt on R's {@code co2}: beta
 * 0.02 with SSE 708 next to R's alpha = beta = 1 with SSE 397), so a single local search can stop
 * short of R's; with the extra starts the fitted SSE is never above the one reached from R's start,
 * and it is below R's where R stops at a worse local minimum. Where R found the lowest minimum the
 * parameters agree with R to better than 1% and the SSE to better than 0.01% (see
 * {@code HoltWintersTest} and {@code HoltWintersReferenceTest}).
 *
 * <p>Intervals: R's formula, {@code var(h) = s2 * (1 + sum_{j=1}^{h-1} psi_j^2)} with
 * {@code psi_j = alpha (1 + j beta) + [j mod period = 0] gamma (1 - alpha)} and {@code s2} the sample
 * variance of the one-step errors; multiplicative models weight each term by the ratio of seasonal
 * factors as R does, except that R reads the trend coefficient where the last seasonal factor belongs
 * once {@code h >= period} (an indexing slip in {@code predict.HoltWinters}); we use the seasonal factor,
 * so multiplicative intervals match R for {@code h < period} only.
 *
 * <pre>{@code
 * HoltWintersFit fit = HoltWinters.of(HoltWintersConfig.multiplicative(12)).fit(monthly);
 * fit.alpha(); fit.beta(); fit.gamma();
 * Forecast next = fit.forecast(12, 0.95);
 * }</pre>
 */
public final class HoltWinters implements ForecastModel {

    private final HoltWintersConfig config;

    private HoltWinters(HoltWintersConfig config) {
        this.config = config;
    }

    /**
     * Creates the model.
     *
     * @param config the configuration
     * @return the model
     */
    public static HoltWinters of(HoltWintersConfig config) {
        return new HoltWinters(Objects.requireNonNull(config, "config"));
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public HoltWintersConfig config() {
        return config;
    }

    @Override
    public String name() {
        return switch (config.seasonality()) {
            case NONE -> config.hasTrend() ? "Holt" : "SimpleExponentialSmoothing";
            case ADDITIVE -> "HoltWinters(additive, period=" + config.period() + ")";
            case MULTIPLICATIVE -> "HoltWinters(multiplicative, period=" + config.period() + ")";
        };
    }

    @Override
    public HoltWintersFit fit(TimeSeries series) {
        return fit(series, new BitSet());
    }

    /**
     * Fits the model, estimating every parameter the configuration does not fix.
     *
     * @param series the training series: no missing points; for seasonal models at least
     *     {@code startPeriods * period} points (two full seasons by default); for multiplicative
     *     seasonality every value &gt; 0
     * @param excluded indices of points whose errors are ignored (see {@link ForecastModel#fit(TimeSeries, BitSet)})
     * @return the fitted model
     * @throws IllegalArgumentException if the series is too short, has missing points, or has values
     *     &lt;= 0 with multiplicative seasonality
     */
    @Override
    public HoltWintersFit fit(TimeSeries series, BitSet excluded) {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(excluded, "excluded");
        double[] x = Models.requireComplete(series, excluded);
        int n = x.length;
        boolean seasonal = config.seasonality() != Seasonality.NONE;
        if (seasonal) {
            int needed = config.startPeriods() * config.period();
            if (n < needed || n <= config.period() + 1) {
                throw new IllegalArgumentException("series must have at least " + config.startPeriods()
                        + " full seasons of period " + config.period() + " (" + Math.max(needed, config.period() + 2)
                        + " points), had " + n);
            }
        } else {
            int needed = config.hasTrend() ? 4 : 3;
            if (n < needed) {
                throw new IllegalArgumentException(
                        "series must have at least " + needed + " points for " + name() + ", had " + n);
            }
        }
        if (config.seasonality() == Seasonality.MULTIPLICATIVE) {
            for (int i = 0; i < n; i++) {
                if (!(x[i] > 0)) {
                    throw new IllegalArgumentException(
                            "values[" + i + "] must be > 0 for multiplicative seasonality, was " + x[i]);
                }
            }
        }
        HoltWintersFilter filter = new HoltWintersFilter(x, config, excluded);
        int kept = 0;
        for (int i = filter.start; i < n; i++) {
            if (!excluded.get(i)) {
                kept++;
            }
        }
        if (kept < 2) {
            throw new IllegalArgumentException("at least 2 one-step errors must remain after exclusions, had " + kept);
        }

        boolean estimateAlpha = Double.isNaN(config.alphaValue());
        boolean estimateBeta = config.hasTrend() && Double.isNaN(config.betaValue());
        boolean estimateGamma = seasonal && Double.isNaN(config.gammaValue());
        int free = (estimateAlpha ? 1 : 0) + (estimateBeta ? 1 : 0) + (estimateGamma ? 1 : 0);
        double alpha = config.alphaValue();
        double beta = config.hasTrend() ? config.betaValue() : 0;
        double gamma = seasonal ? config.gammaValue() : 0;
        int evaluations = 0;
        boolean converged = true;
        if (free > 0) {
            double[] startPoint = new double[free];
            int k = 0;
            if (estimateAlpha) {
                startPoint[k++] = config.startAlphaValue();
            }
            if (estimateBeta) {
                startPoint[k++] = config.startBetaValue();
            }
            if (estimateGamma) {
                startPoint[k] = config.startGammaValue();
            }
            double[] lower = new double[free];
            double[] upper = new double[free];
            java.util.Arrays.fill(upper, 1);
            double fixedAlpha = alpha;
            double fixedBeta = beta;
            double fixedGamma = gamma;
            BoundedMinimizer.Result result = BoundedMinimizer.minimizeGlobally(
                    p -> {
                        int j = 0;
                        double a = estimateAlpha ? p[j++] : fixedAlpha;
                        double b = estimateBeta ? p[j++] : fixedBeta;
                        double g = estimateGamma ? p[j] : fixedGamma;
                        return filter.run(a, b, g);
                    },
                    startPoint,
                    lower,
                    upper);
            int j = 0;
            double[] p = result.point();
            if (estimateAlpha) {
                alpha = p[j++];
            }
            if (estimateBeta) {
                beta = p[j++];
            }
            if (estimateGamma) {
                gamma = p[j];
            }
            evaluations = result.evaluations();
            converged = result.converged();
        }
        double sse = filter.run(alpha, beta, gamma);
        return new HoltWintersFit(
                name(), config, series, excluded, filter, alpha, beta, gamma, sse, evaluations, converged);
    }

    @Override
    public String toString() {
        return name();
    }
}
