package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Properties every model must have, and the baselines' own behaviour. */
class ForecastModelTest {

    private static TimeSeries series(double[] v) {
        return TimeSeries.of(TestSeries.START, Duration.ofHours(1), v);
    }

    private static List<ForecastModel> allModels(int period) {
        return List.of(
                ForecastModel.simpleExponentialSmoothing(),
                ForecastModel.holt(),
                ForecastModel.holtWinters(HoltWintersConfig.additive(period)),
                ForecastModel.holtWinters(HoltWintersConfig.multiplicative(period)),
                ForecastModel.seasonalNaive(period),
                ForecastModel.linearTrend());
    }

    @Property(tries = 100)
    void aConstantSeriesIsForecastConstantByEveryModel(
            @ForAll @DoubleRange(min = 1, max = 1e6) double level,
            @ForAll @IntRange(min = 2, max = 12) int period,
            @ForAll @IntRange(min = 0, max = 20) int extra) {
        double[] v = new double[2 * period + 2 + extra];
        java.util.Arrays.fill(v, level);
        for (ForecastModel model : allModels(period)) {
            Forecast f = model.fit(series(v)).forecast(3 * period);
            for (ForecastPoint p : f.points()) {
                assertThat(p.mean()).as(model.name()).isCloseTo(level, within(1e-9 * level));
                assertThat(p.upper() - p.lower()).as(model.name()).isCloseTo(0, within(1e-6 * level));
            }
        }
    }

    @Property(tries = 200)
    void anExactlyLinearSeriesIsForecastExactlyByHoltAndTheLinearTrend(
            @ForAll @DoubleRange(min = -1e4, max = 1e4) double intercept,
            @ForAll @DoubleRange(min = -100, max = 100) double slope,
            @ForAll @IntRange(min = 4, max = 60) int n) {
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = intercept + slope * t;
        }
        double tolerance = 1e-7 * (Math.abs(intercept) + Math.abs(slope) * 3 * n + 1);
        for (ForecastModel model : List.of(ForecastModel.holt(), ForecastModel.linearTrend())) {
            FittedModel fit = model.fit(series(v));
            assertThat(fit.sse()).isCloseTo(0, within(tolerance * tolerance * n));
            Forecast f = fit.forecast(n);
            for (int h = 1; h <= n; h++) {
                assertThat(f.step(h).mean())
                        .as(model.name() + " h=" + h)
                        .isCloseTo(intercept + slope * (n - 1 + h), within(tolerance));
            }
        }
    }

    @Provide
    Arbitrary<double[]> seasonalProfiles() {
        return Arbitraries.integers()
                .between(2, 24)
                .flatMap(period -> Arbitraries.doubles()
                        .between(-50, 50)
                        .array(double[].class)
                        .ofSize(period));
    }

    @Property(tries = 200)
    void anExactlySeasonalSeriesIsForecastExactlyByHoltWintersAndSeasonalNaive(
            @ForAll("seasonalProfiles") double[] profile,
            @ForAll @DoubleRange(min = 100, max = 1e5) double level,
            @ForAll @IntRange(min = 2, max = 5) int seasons) {
        int period = profile.length;
        double mean = java.util.Arrays.stream(profile).average().orElseThrow();
        double[] additive = new double[period * seasons];
        double[] multiplicative = new double[period * seasons];
        for (int t = 0; t < additive.length; t++) {
            double s = profile[t % period] - mean;
            additive[t] = level + s;
            multiplicative[t] = level * (1 + s / 100); // factors in (0, 2), mean 1
        }
        for (double[] v : List.of(additive, multiplicative)) {
            for (ForecastModel model : List.of(
                    ForecastModel.holtWinters(HoltWintersConfig.additive(period)),
                    ForecastModel.holtWinters(HoltWintersConfig.multiplicative(period)),
                    ForecastModel.seasonalNaive(period))) {
                if (v == additive && model.name().contains("multiplicative")) {
                    continue; // an additive pattern is not a multiplicative one (except by accident)
                }
                Forecast f = model.fit(series(v)).forecast(2 * period);
                for (int h = 1; h <= 2 * period; h++) {
                    assertThat(f.step(h).mean())
                            .as(model.name() + " h=" + h)
                            .isCloseTo(v[(v.length - 1 + h) % period], within(1e-7 * level));
                }
            }
        }
    }

    @Provide
    Arbitrary<double[]> noisySeasonalSeries() {
        return Combinators.combine(
                        Arbitraries.integers().between(2, 12),
                        Arbitraries.integers().between(3, 6),
                        Arbitraries.longs())
                .as((period, seasons, seed) -> {
                    java.util.Random r = new java.util.Random(seed);
                    double[] v = new double[period * seasons];
                    for (int t = 0; t < v.length; t++) {
                        v[t] = 500 + 2 * t + 50 * Math.sin(2 * Math.PI * t / period) + 20 * r.nextGaussian();
                    }
                    return v;
                });
    }

    @Property(tries = 100)
    void intervalsWidenWithTheHorizon(
            @ForAll("noisySeasonalSeries") double[] v, @ForAll @IntRange(min = 2, max = 12) int period) {
        int p = Math.min(period, v.length / 2);
        List<ForecastModel> models = List.of(
                ForecastModel.simpleExponentialSmoothing(),
                ForecastModel.holt(),
                ForecastModel.holtWinters(HoltWintersConfig.additive(Math.max(2, p))),
                ForecastModel.seasonalNaive(p),
                ForecastModel.linearTrend());
        for (ForecastModel model : models) {
            FittedModel fit = model.fit(series(v));
            Forecast f = fit.forecast(3 * p);
            for (int h = 2; h <= f.horizon(); h++) {
                double before = f.step(h - 1).upper() - f.step(h - 1).lower();
                double now = f.step(h).upper() - f.step(h).lower();
                assertThat(now).as(model.name() + " h=" + h).isGreaterThanOrEqualTo(before * (1 - 1e-12));
            }
            // strictly wider unless the fit has no uncertainty to add (alpha = 0: the level never moves)
            boolean frozen = fit instanceof HoltWintersFit hw && hw.alpha() == 0;
            if (!frozen && fit.sse() > 0) {
                assertThat(f.step(f.horizon()).upper() - f.step(f.horizon()).lower())
                        .as(model.name())
                        .isGreaterThan(f.step(1).upper() - f.step(1).lower());
            }
        }
    }

    @Property(tries = 100)
    void widerLevelsGiveWiderIntervalsAroundTheSameMean(
            @ForAll("noisySeasonalSeries") double[] v, @ForAll @DoubleRange(min = 0.5, max = 0.98) double level) {
        FittedModel fit = ForecastModel.holt().fit(series(v));
        Forecast narrow = fit.forecast(5, level);
        Forecast wide = fit.forecast(5, level + 0.01);
        for (int h = 1; h <= 5; h++) {
            assertThat(wide.step(h).mean()).isEqualTo(narrow.step(h).mean());
            assertThat(wide.step(h).upper()).isGreaterThan(narrow.step(h).upper());
            assertThat(wide.step(h).lower()).isLessThan(narrow.step(h).lower());
        }
    }

    @Property(tries = 100)
    void scalingTheDataScalesBothHoltWintersForecastsAndShiftingShiftsTheAdditiveOne(
            @ForAll("noisySeasonalSeries") double[] v,
            @ForAll @DoubleRange(min = 0.01, max = 100) double k,
            @ForAll @DoubleRange(min = -100, max = 100) double c) {
        int period = 2;
        double[] scaled = new double[v.length];
        double[] shifted = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            scaled[i] = k * v[i];
            shifted[i] = v[i] + c;
        }
        for (Seasonality s : List.of(Seasonality.ADDITIVE, Seasonality.MULTIPLICATIVE)) {
            HoltWinters model = HoltWinters.of(HoltWintersConfig.builder()
                    .seasonality(s)
                    .period(period)
                    .alpha(0.4)
                    .beta(0.1)
                    .gamma(0.3)
                    .build());
            Forecast base = model.fit(series(v)).forecast(6);
            Forecast times = model.fit(series(scaled)).forecast(6);
            for (int h = 1; h <= 6; h++) {
                assertThat(times.step(h).mean())
                        .isCloseTo(
                                k * base.step(h).mean(),
                                within(1e-8 * k * Math.abs(base.step(h).mean()) + 1e-9));
                assertThat(times.step(h).upper())
                        .isCloseTo(
                                k * base.step(h).upper(),
                                within(1e-8 * k * Math.abs(base.step(h).upper()) + 1e-9));
            }
        }
        HoltWinters additive = HoltWinters.of(HoltWintersConfig.additive(period).toBuilder()
                .alpha(0.4)
                .beta(0.1)
                .gamma(0.3)
                .build());
        Forecast base = additive.fit(series(v)).forecast(6);
        Forecast plus = additive.fit(series(shifted)).forecast(6);
        for (int h = 1; h <= 6; h++) {
            assertThat(plus.step(h).mean())
                    .isCloseTo(
                            base.step(h).mean() + c,
                            within(1e-8 * (Math.abs(base.step(h).mean()) + Math.abs(c))));
        }
    }

    @Property(tries = 30)
    void estimatedParametersAreTheSameForScaledData(
            @ForAll("noisySeasonalSeries") double[] v, @ForAll @DoubleRange(min = 0.1, max = 10) double k) {
        // the SSE scales by k^2, so its minimiser does not move: additive and multiplicative alike.
        // The optimiser stops within its tolerance of a minimum, and on a noisy surface the rounding
        // of k * x can send the two runs to slightly different points. Measured over 1,200 fits: the
        // 99th percentile of the relative difference is 3e-13, the largest 0.43%, and one seed in a
        // CI run reached 0.8%; so allow 2%: a fit that depended on the data's scale would be off by
        // far more.
        double[] scaled = java.util.Arrays.stream(v).map(x -> k * x).toArray();
        for (HoltWintersConfig config : List.of(HoltWintersConfig.additive(2), HoltWintersConfig.multiplicative(2))) {
            HoltWintersFit a = HoltWinters.of(config).fit(series(v));
            HoltWintersFit b = HoltWinters.of(config).fit(series(scaled));
            assertThat(b.sse()).isCloseTo(k * k * a.sse(), within(2e-2 * k * k * a.sse()));
        }
    }

    @Test
    void seasonalNaiveRepeatsTheLastSeasonWithIntervalsGrowingEachSeason() {
        FittedModel fit = ForecastModel.seasonalNaive(3).fit(series(new double[] {1, 2, 3, 2, 3, 4, 3, 4, 5}));
        Forecast f = fit.forecast(7);

        assertThat(f.means()).containsExactly(3, 4, 5, 3, 4, 5, 3);
        // one-step errors are all 1, so sigma = 1
        double z = Normal.intervalMultiplier(0.95);
        assertThat(f.step(1).upper() - f.step(1).mean()).isCloseTo(z, within(1e-12));
        assertThat(f.step(4).upper() - f.step(4).mean()).isCloseTo(z * Math.sqrt(2), within(1e-12));
        assertThat(f.step(7).upper() - f.step(7).mean()).isCloseTo(z * Math.sqrt(3), within(1e-12));
        assertThat(fit.sse()).isEqualTo(6);
        assertThat(fit.description()).isEqualTo("SeasonalNaive(period=3)");
    }

    @Test
    void linearTrendIsTheLeastSquaresLine() {
        // y = 1, 3, 2, 5, 4: slope 0.8, intercept 1.4 (x = 0..4)
        FittedModel fit = ForecastModel.linearTrend().fit(series(new double[] {1, 3, 2, 5, 4}));

        assertThat(fit.parameters().get("slope")).isCloseTo(0.8, within(1e-12));
        assertThat(fit.parameters().get("intercept")).isCloseTo(1.4, within(1e-12));
        assertThat(fit.forecast(1).step(1).mean()).isCloseTo(1.4 + 0.8 * 5, within(1e-12));
    }

    @Test
    void baselinesIgnoreExcludedPoints() {
        double[] v = {10, 20, 30, 11, 21, 31, 12, 999, 32};
        BitSet excluded = new BitSet();
        excluded.set(7);

        Forecast f = ForecastModel.seasonalNaive(3).fit(series(v), excluded).forecast(3);
        // the excluded 999 is replaced by its own forecast, 21
        assertThat(f.means()).containsExactly(12, 21, 32);
        FittedModel line = ForecastModel.linearTrend().fit(series(new double[] {0, 1, 100, 3, 4}), bit(2));
        assertThat(line.parameters().get("slope")).isCloseTo(1, within(1e-12));
    }

    private static BitSet bit(int i) {
        BitSet b = new BitSet();
        b.set(i);
        return b;
    }

    @Test
    void refusesHorizonsBelowOneAndLevelsOutsideTheUnitInterval() {
        FittedModel fit = ForecastModel.linearTrend().fit(series(new double[] {1, 2, 3, 4}));

        assertThatThrownBy(() -> fit.forecast(0)).hasMessage("horizon must be at least 1, was 0");
        assertThatThrownBy(() -> fit.forecast(1, 1.0)).hasMessage("level must be in (0, 1), was 1.0");
        assertThatThrownBy(() -> ForecastModel.seasonalNaive(0)).hasMessage("period must be at least 1, was 0");
        assertThatThrownBy(() -> ForecastModel.seasonalNaive(4).fit(series(new double[] {1, 2, 3, 4, 5})))
                .hasMessage("series must have at least 6 points for SeasonalNaive(period=4), had 5");
    }
}
