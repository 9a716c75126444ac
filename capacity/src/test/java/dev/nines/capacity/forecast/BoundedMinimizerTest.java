package dev.nines.capacity.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class BoundedMinimizerTest {

    private static final double[] ZERO3 = {0, 0, 0};
    private static final double[] ONE3 = {1, 1, 1};

    @Property(tries = 200)
    void findsTheMinimumOfAQuadraticInsideOrOnTheBox(
            @ForAll @DoubleRange(min = -0.5, max = 1.5) double a,
            @ForAll @DoubleRange(min = -0.5, max = 1.5) double b,
            @ForAll @DoubleRange(min = -0.5, max = 1.5) double c) {
        // an ill-conditioned quadratic, like an SSE surface in (alpha, beta, gamma)
        BoundedMinimizer.Result r = BoundedMinimizer.minimize(
                p -> 1e6 * (p[0] - a) * (p[0] - a) + 10 * (p[1] - b) * (p[1] - b) + 1e3 * (p[2] - c) * (p[2] - c),
                new double[] {0.3, 0.1, 0.1},
                ZERO3,
                ONE3);

        assertThat(r.point()[0]).isCloseTo(Math.max(0, Math.min(1, a)), within(1e-5));
        assertThat(r.point()[1]).isCloseTo(Math.max(0, Math.min(1, b)), within(1e-4));
        assertThat(r.point()[2]).isCloseTo(Math.max(0, Math.min(1, c)), within(1e-5));
        assertThat(r.converged()).isTrue();
    }

    @Test
    void solvesRosenbrockInABox() {
        BoundedMinimizer.Result r = BoundedMinimizer.minimize(
                p -> 100 * Math.pow(p[1] - p[0] * p[0], 2) + Math.pow(1 - p[0], 2),
                new double[] {0.3, 0.1},
                new double[] {-2, -2},
                new double[] {2, 2});

        assertThat(r.point()[0]).isCloseTo(1, within(1e-3));
        assertThat(r.point()[1]).isCloseTo(1, within(1e-3));
    }

    @Test
    void goldenSectionFindsInteriorAndBoundaryMinima() {
        assertThat(BoundedMinimizer.minimize(
                                p -> (p[0] - 0.3) * (p[0] - 0.3), new double[] {0.5}, new double[] {0}, new double[] {1
                                })
                        .point()[0])
                .isCloseTo(0.3, within(1e-8));
        assertThat(BoundedMinimizer.minimize(p -> -p[0], new double[] {0.5}, new double[] {0}, new double[] {1})
                        .point()[0])
                .isEqualTo(1);
        assertThat(BoundedMinimizer.minimize(p -> p[0], new double[] {0.5}, new double[] {0}, new double[] {1})
                        .point()[0])
                .isEqualTo(0);
    }

    @Test
    void globalSearchLeavesTheLocalMinimumNearTheStartForALowerOneElsewhere() {
        // two basins: a shallow one at (0.3, 0.1), where the local search starts, and a deeper one at the corner (1, 1)
        BoundedMinimizer.Objective twoBasins = p -> Math.min(
                1 + 10 * ((p[0] - 0.3) * (p[0] - 0.3) + (p[1] - 0.1) * (p[1] - 0.1)),
                0.2 + 10 * ((p[0] - 1.1) * (p[0] - 1.1) + (p[1] - 1.1) * (p[1] - 1.1)));
        double[] start = {0.3, 0.1};
        assertThat(BoundedMinimizer.minimize(twoBasins, start, new double[] {0, 0}, new double[] {1, 1})
                        .value())
                .isCloseTo(1, within(1e-9));

        BoundedMinimizer.Result global =
                BoundedMinimizer.minimizeGlobally(twoBasins, start, new double[] {0, 0}, new double[] {1, 1});
        assertThat(global.point()).containsExactly(new double[] {1, 1}, within(1e-9));
        assertThat(global.value()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void globalSearchInOneDimensionFindsTheLowerOfTwoMinima() {
        // golden section over the whole interval assumes one minimum and here lands on the shallower one
        BoundedMinimizer.Objective twoDips = p -> Math.min(Math.abs(p[0] - 0.35) + 0.2, 5 * Math.abs(p[0] - 0.95));
        assertThat(BoundedMinimizer.minimizeGlobally(twoDips, new double[] {0.3}, new double[] {0}, new double[] {1})
                        .point()[0])
                .isCloseTo(0.95, within(1e-7));
    }

    @Property(tries = 100)
    void globalSearchIsNeverWorseThanTheLocalSearchFromTheSameStart(
            @ForAll @DoubleRange(min = 0, max = 1) double a,
            @ForAll @DoubleRange(min = 0, max = 1) double b,
            @ForAll @DoubleRange(min = 0, max = 1) double c,
            @ForAll @DoubleRange(min = 0.5, max = 20) double frequency) {
        BoundedMinimizer.Objective wavy = p -> Math.sin(frequency * p[0]) * Math.cos(frequency * p[1])
                + Math.sin(frequency * p[2] + a)
                + (p[0] - a) * (p[0] - a)
                + (p[1] - b) * (p[1] - b)
                + (p[2] - c) * (p[2] - c);
        double[] start = {0.3, 0.1, 0.1};
        double local = BoundedMinimizer.minimize(wavy, start, ZERO3, ONE3).value();
        assertThat(BoundedMinimizer.minimizeGlobally(wavy, start, ZERO3, ONE3).value())
                .isLessThanOrEqualTo(local);
    }
}
