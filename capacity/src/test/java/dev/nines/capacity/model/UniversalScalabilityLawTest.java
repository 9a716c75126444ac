package dev.nines.capacity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class UniversalScalabilityLawTest {

    private static final double[] CONCURRENCIES = {1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128};

    private static List<UniversalScalabilityLaw.Measurement> generate(
            UniversalScalabilityLaw law, double noise, long seed) {
        Random random = new Random(seed);
        List<UniversalScalabilityLaw.Measurement> data = new ArrayList<>();
        for (double n : CONCURRENCIES) {
            double x = law.throughput(n) * (1.0 + noise * (2.0 * random.nextDouble() - 1.0));
            data.add(new UniversalScalabilityLaw.Measurement(n, x));
        }
        return data;
    }

    @Test
    void modelsThroughputPeakAndMaximum() {
        UniversalScalabilityLaw law = new UniversalScalabilityLaw(1000, 0.05, 0.001);
        assertThat(law.throughput(1)).isEqualTo(1000.0);
        // N* = sqrt((1 - 0.05) / 0.001) = 30.82
        assertThat(law.peakConcurrency()).isCloseTo(Math.sqrt(950), within(1e-9));
        assertThat(law.maxThroughput()).isCloseTo(law.throughput(Math.sqrt(950)), within(1e-9));
        assertThat(law.throughput(Math.sqrt(950)))
                .isGreaterThan(law.throughput(25))
                .isGreaterThan(law.throughput(20));
        assertThat(law.throughput(Math.sqrt(950))).isGreaterThan(law.throughput(40));
        // Amdahl (kappa = 0): no peak, asymptote lambda / sigma.
        UniversalScalabilityLaw amdahl = new UniversalScalabilityLaw(100, 0.1, 0);
        assertThat(amdahl.peakConcurrency()).isInfinite();
        assertThat(amdahl.maxThroughput()).isCloseTo(1000.0, within(1e-9));
        assertThat(new UniversalScalabilityLaw(100, 0, 0).maxThroughput()).isInfinite();
    }

    @Test
    void recoversExactCoefficientsFromNoiselessData() {
        UniversalScalabilityLaw truth = new UniversalScalabilityLaw(955.16, 0.0287, 0.00003);
        UniversalScalabilityLaw.Fit fit = UniversalScalabilityLaw.fit(generate(truth, 0.0, 1));
        assertThat(fit.law().lambda()).isCloseTo(truth.lambda(), within(1e-6));
        assertThat(fit.law().sigma()).isCloseTo(truth.sigma(), within(1e-9));
        assertThat(fit.law().kappa()).isCloseTo(truth.kappa(), within(1e-11));
        assertThat(fit.rSquared()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void fitsWithoutAMeasurementAtConcurrencyOneAndClampsNegativeCoefficients() {
        UniversalScalabilityLaw truth = new UniversalScalabilityLaw(200, 0.1, 0.0);
        List<UniversalScalabilityLaw.Measurement> data = new ArrayList<>();
        for (double n : new double[] {2, 4, 8, 16, 32}) {
            data.add(new UniversalScalabilityLaw.Measurement(n, truth.throughput(n)));
        }
        UniversalScalabilityLaw.Fit fit = UniversalScalabilityLaw.fit(data);
        assertThat(fit.law().sigma()).isCloseTo(0.1, within(1e-9));
        assertThat(fit.law().kappa()).isCloseTo(0.0, within(1e-12));
        // Superlinear data would need a negative sigma: clamped to 0.
        List<UniversalScalabilityLaw.Measurement> superlinear = List.of(
                new UniversalScalabilityLaw.Measurement(1, 100),
                new UniversalScalabilityLaw.Measurement(2, 210),
                new UniversalScalabilityLaw.Measurement(4, 440));
        assertThat(UniversalScalabilityLaw.fit(superlinear).law().sigma()).isZero();
    }

    @Test
    void rejectsTooFewMeasurementsAndBadCoefficients() {
        assertThatThrownBy(() -> UniversalScalabilityLaw.fit(List.of(
                        new UniversalScalabilityLaw.Measurement(1, 1),
                        new UniversalScalabilityLaw.Measurement(2, 2),
                        new UniversalScalabilityLaw.Measurement(2, 2.1))))
                .hasMessage("measurements must have at least 3 distinct concurrencies, had 2");
        assertThatThrownBy(() -> new UniversalScalabilityLaw(1, 1.5, 0)).hasMessage("sigma must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> new UniversalScalabilityLaw(0, 0.5, 0)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> new UniversalScalabilityLaw.Measurement(0.5, 1))
                .hasMessageContaining("concurrency");
    }

    // Acceptance: the fit recovers sigma and kappa from data generated with known values and +-1%
    // uniform noise on 13 concurrencies from 1 to 128. kappa is drawn so that the peak lies within
    // or near the measured range (N* <= 45): a smaller kappa barely bends the curve there and no
    // fit can tell it from noise.
    @Property(tries = 300)
    void recoversSigmaAndKappaFromNoisyData(
            @ForAll @DoubleRange(min = 50, max = 5000) double lambda,
            @ForAll @DoubleRange(min = 0.01, max = 0.3) @Scale(5) double sigma,
            @ForAll @DoubleRange(min = 0.0005, max = 0.005) @Scale(7) double kappa,
            @ForAll long seed) {
        UniversalScalabilityLaw truth = new UniversalScalabilityLaw(lambda, sigma, kappa);
        UniversalScalabilityLaw.Fit fit = UniversalScalabilityLaw.fit(generate(truth, 0.01, seed));
        assertThat(fit.law().sigma()).isCloseTo(sigma, within(0.01 + 0.15 * sigma));
        assertThat(fit.law().kappa()).isCloseTo(kappa, within(0.15 * kappa));
        assertThat(fit.law().peakConcurrency())
                .isCloseTo(truth.peakConcurrency(), within(0.10 * truth.peakConcurrency()));
        assertThat(fit.rSquared()).isGreaterThan(0.95);
    }
}
