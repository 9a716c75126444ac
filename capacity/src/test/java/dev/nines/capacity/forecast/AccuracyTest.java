package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AccuracyTest {

    @Test
    void computesEveryMetricOnAWorkedExample() {
        // errors 10, -20, 0, 30 on actuals 100, 200, 50, 150
        Accuracy a = Accuracy.of(new double[] {100, 200, 50, 150}, new double[] {90, 220, 50, 120}, 20);

        assertThat(a.count()).isEqualTo(4);
        assertThat(a.mae()).isEqualTo(15);
        assertThat(a.rmse()).isCloseTo(Math.sqrt((100 + 400 + 0 + 900) / 4.0), within(1e-12));
        assertThat(a.mapePercent()).isCloseTo(100 * (0.1 + 0.1 + 0 + 0.2) / 4, within(1e-12));
        assertThat(a.smapePercent()).isCloseTo(100 * (20.0 / 190 + 40.0 / 420 + 0 + 60.0 / 270) / 4, within(1e-12));
        assertThat(a.mase()).isEqualTo(0.75);
    }

    @Test
    void mapeIsUndefinedWithAZeroActualAndMaseWithAZeroScale() {
        Accuracy a = Accuracy.of(new double[] {0, 10}, new double[] {0, 12}, 0);

        assertThat(a.mapePercent()).isNaN();
        assertThat(a.mase()).isNaN();
        assertThat(a.smapePercent()).isCloseTo(100 * (0 + 4.0 / 22) / 2, within(1e-12));
    }

    @Test
    void seasonalNaiveScaleIsTheMeanAbsoluteSeasonalDifference() {
        assertThat(Accuracy.seasonalNaiveScale(new double[] {1, 2, 4, 3, 2, 7}, 2))
                .isEqualTo((3 + 1 + 2 + 4) / 4.0);
        assertThatThrownBy(() -> Accuracy.seasonalNaiveScale(new double[] {1, 2}, 2))
                .hasMessage("values must be longer than period 2, had 2");
    }

    @Test
    void refusesMismatchedOrNonFiniteInput() {
        assertThatThrownBy(() -> Accuracy.of(new double[] {1}, new double[] {1, 2}, 1))
                .hasMessage("actual and forecast must have the same length, were 1 and 2");
        assertThatThrownBy(() -> Accuracy.of(new double[0], new double[0], 1)).hasMessage("actual must not be empty");
        assertThatThrownBy(() -> Accuracy.of(new double[] {1}, new double[] {Double.NaN}, 1))
                .hasMessage("pair 0 must be finite, was actual 1.0, forecast NaN");
        assertThatThrownBy(() -> Accuracy.of(new double[] {1}, new double[] {1}, -1))
                .hasMessage("scale must be a finite number >= 0, was -1.0");
    }

    @Property(tries = 500)
    void metricsAreOrderedAndBounded(
            @ForAll @Size(min = 1, max = 50) List<@DoubleRange(min = 1, max = 1e4) Double> actual,
            @ForAll @DoubleRange(min = -100, max = 100) double bias) {
        double[] a = actual.stream().mapToDouble(Double::doubleValue).toArray();
        double[] f = actual.stream().mapToDouble(v -> Math.max(0, v + bias)).toArray();
        Accuracy acc = Accuracy.of(a, f, 1);

        assertThat(acc.rmse()).isGreaterThanOrEqualTo(acc.mae() * (1 - 1e-12));
        assertThat(acc.smapePercent()).isBetween(0.0, 200.0);
        assertThat(acc.mase()).isEqualTo(acc.mae());
        Accuracy perfect = Accuracy.of(a, a, 1);
        assertThat(perfect.mae()).isZero();
        assertThat(perfect.mapePercent()).isZero();
        assertThat(perfect.smapePercent()).isZero();
    }

    @Test
    void metricReadsItsField() {
        Accuracy a = new Accuracy(1, 1, 2, 3, 4, 5);

        assertThat(Metric.MAE.of(a)).isEqualTo(1);
        assertThat(Metric.RMSE.of(a)).isEqualTo(2);
        assertThat(Metric.MAPE.of(a)).isEqualTo(3);
        assertThat(Metric.SMAPE.of(a)).isEqualTo(4);
        assertThat(Metric.MASE.of(a)).isEqualTo(5);
    }
}
