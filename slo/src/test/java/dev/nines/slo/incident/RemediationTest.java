package dev.nines.slo.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RemediationTest {

    static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant FIX = FROM.plus(Duration.ofDays(90));
    static final Instant TO = FIX.plus(Duration.ofDays(90));

    static List<Incident> incidents(int before, int after, int[] restoreMinutesBefore, int[] restoreMinutesAfter) {
        List<Incident> out = new ArrayList<>();
        for (int i = 0; i < before; i++) {
            Instant s = FROM.plus(Duration.ofDays(1 + 8L * i));
            out.add(Incident.outage("b" + i, "api", s, s.plus(Duration.ofMinutes(restoreMinutesBefore[i]))));
        }
        for (int i = 0; i < after; i++) {
            Instant s = FIX.plus(Duration.ofDays(1 + 40L * i));
            out.add(Incident.outage("a" + i, "api", s, s.plus(Duration.ofMinutes(restoreMinutesAfter[i]))));
        }
        return out;
    }

    @Test
    void tenIncidentsBeforeAndTwoAfterIsASignificantDrop() {
        // R: poisson.test(c(2, 10), c(90, 90)) is binom.test(2, 12, 0.5): p-value = 0.03857 (79/2048).
        RemediationResult r = Remediation.evaluate(
                incidents(10, 2, new int[] {30, 40, 50, 60, 70, 80, 90, 100, 110, 120}, new int[] {10, 20}),
                FROM,
                FIX,
                TO);
        assertThat(r.failuresBefore()).isEqualTo(10);
        assertThat(r.failuresAfter()).isEqualTo(2);
        assertThat(r.ratePerDayBefore()).isCloseTo(10 / 90.0, within(1e-12));
        assertThat(r.rateRatio()).isCloseTo(0.2, within(1e-12));
        assertThat(r.rateChangePValue()).isCloseTo(79 / 2048.0, within(1e-12));
        assertThat(r.rateDecreasePValue()).isCloseTo(79 / 4096.0, within(1e-12));
        assertThat(r.isRateDecreaseSignificant(0.05)).isTrue();
        assertThat(r.isRateDecreaseSignificant(0.01)).isFalse();
        assertThat(r.mttrBefore()).contains(Duration.ofMinutes(75));
        assertThat(r.mttrAfter()).contains(Duration.ofMinutes(15));
    }

    @Test
    void fasterRestoresAreTestedWithMannWhitney() {
        // R: wilcox.test(c(1:5), c(6:10), exact = FALSE): W = 0, p-value = 0.01219.
        RemediationResult r =
                Remediation.evaluate(incidents(5, 2, new int[] {6, 7, 8, 9, 10}, new int[] {1, 2}), FROM, FIX, TO);
        assertThat(Remediation.mannWhitneyTwoSided(new double[] {1, 2, 3, 4, 5}, new double[] {6, 7, 8, 9, 10}))
                .isCloseTo(0.01219, within(1e-5));
        assertThat(r.mttrChangePValue()).isPresent();
        assertThat(r.isMttrChangeSignificant(0.5)).isTrue();
    }

    @Test
    void tiesInRestoreTimesAreCorrected() {
        assertThat(Remediation.mannWhitneyTwoSided(new double[] {10, 20, 20, 30}, new double[] {40, 50, 50, 60, 70}))
                .isCloseTo(0.018943, within(1e-5));
    }

    @Test
    void unchangedRateIsNotSignificant() {
        RemediationResult r =
                Remediation.evaluate(incidents(3, 2, new int[] {10, 10, 10}, new int[] {10, 10}), FROM, FIX, TO);
        assertThat(r.rateChangePValue()).isEqualTo(1.0);
        assertThat(r.isRateDecreaseSignificant(0.05)).isFalse();
        assertThat(r.mttrChangePValue().getAsDouble()).isEqualTo(1.0);
    }

    @Test
    void tooFewIncidentsLeaveTheMttrTestEmpty() {
        RemediationResult r = Remediation.evaluate(incidents(1, 0, new int[] {5}, new int[0]), FROM, FIX, TO);
        assertThat(r.mttrChangePValue()).isEmpty();
        assertThat(r.isMttrChangeSignificant(0.05)).isFalse();
        assertThat(r.mttrAfter()).isEmpty();
        RemediationResult none = Remediation.evaluate(List.of(), FROM, FIX, TO);
        assertThat(none.rateChangePValue()).isEqualTo(1.0);
        assertThat(none.rateRatio()).isNaN();
    }

    @Test
    void fixOutsideTheObservationIsRejected() {
        assertThatThrownBy(() -> Remediation.evaluate(List.of(), FIX, FROM, TO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fix must be after from " + FIX + ", was " + FROM);
        assertThatThrownBy(() -> Remediation.evaluate(List.of(), FROM, TO, FIX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("to must be after fix");
        RemediationResult r = Remediation.evaluate(List.of(), FROM, FIX, TO);
        assertThatThrownBy(() -> r.isRateDecreaseSignificant(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alpha must be in (0, 1), was 1.0");
    }

    @Property(tries = 300)
    void binomialProbabilitiesSumToOneAndPValuesAreProbabilities(
            @ForAll @IntRange(min = 0, max = 60) int n, @ForAll @DoubleRange(min = 0.01, max = 0.99) double p) {
        double sum = 0;
        for (int k = 0; k <= n; k++) {
            sum += Remediation.binomialPmf(k, n, p);
            assertThat(Remediation.binomialTwoSided(k, n, p))
                    .isBetween(0.0, 1.0)
                    .isGreaterThanOrEqualTo(Remediation.binomialPmf(k, n, p) * (1 - 1e-9));
        }
        assertThat(sum).isCloseTo(1.0, within(1e-9));
        assertThat(Remediation.binomialAtMost(n, n, p)).isCloseTo(1.0, within(1e-9));
    }
}
