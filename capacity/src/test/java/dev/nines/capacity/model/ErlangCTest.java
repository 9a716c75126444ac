package dev.nines.capacity.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class ErlangCTest {

    // Published worked example (Call Centre Helper, "Erlang C formula - made simple"): 100 calls
    // in 30 minutes at 180 s average handling time is 10 erlangs; with 11 agents the probability
    // of waiting is 68.21%, the average speed of answer 122.8 s and 39% of calls are answered
    // within 20 s. The rows for 12-15 agents are the Erlang C table values for 10 erlangs (Pw to
    // 4 places), also checked against the textbook formula in agreesWithTheTextbookFormula.
    @Test
    void matchesThePublishedErlangCValuesForTenErlangs() {
        double rate = 100 / 1800.0;
        assertThat(ErlangC.probabilityOfWaiting(11, 10.0)).isCloseTo(0.6821, within(0.00005));
        assertThat(ErlangC.meanWaitSeconds(11, rate, 180)).isCloseTo(122.8, within(0.05));
        assertThat(ErlangC.serviceLevel(11, rate, 180, 20)).isCloseTo(0.39, within(0.005));
        double[][] table = {{12, 0.4494}, {13, 0.2853}, {14, 0.1741}, {15, 0.1020}};
        for (double[] row : table) {
            assertThat(ErlangC.probabilityOfWaiting((int) row[0], 10.0))
                    .as("Pw %s", row[0])
                    .isCloseTo(row[1], within(0.00005));
        }
        // 80% answered within 20 s: 13 agents reach 79.6%, 14 reach 88.8%.
        assertThat(ErlangC.serversForServiceLevel(rate, 180, 20, 0.80)).isEqualTo(14);
        // mean wait within 20 s: 13 agents wait 17.1 s on average, 12 agents 40.4 s.
        assertThat(ErlangC.serversForMeanWait(rate, 180, 20)).isEqualTo(13);
    }

    // ErlangC[3, 2] = 4/9 (Wolfram Language documentation, basic example; also by hand).
    @Test
    void givesFourNinthsForThreeServersAtTwoErlangs() {
        assertThat(ErlangC.probabilityOfWaiting(3, 2.0)).isCloseTo(4.0 / 9.0, within(1e-12));
        assertThat(ErlangC.erlangB(3, 2.0)).isCloseTo(4.0 / 19.0, within(1e-12));
    }

    @Test
    void isCertainToWaitAndInfiniteWhenUnstable() {
        assertThat(ErlangC.probabilityOfWaiting(5, 5.0)).isEqualTo(1.0);
        assertThat(ErlangC.meanWaitSeconds(5, 10, 1)).isInfinite();
        assertThat(ErlangC.serviceLevel(5, 10, 1, 30)).isZero();
        assertThat(ErlangC.meanQueueLength(2, 1, 1)).isCloseTo(1.0 / 3.0, within(1e-12));
        assertThat(ErlangC.meanResponseSeconds(1, 0.5, 1)).isCloseTo(2.0, within(1e-12)); // M/M/1: 1/(mu - lambda)
    }

    @Test
    void rejectsOutOfRangeInput() {
        assertThatThrownBy(() -> ErlangC.probabilityOfWaiting(0, 1)).hasMessage("servers must be at least 1, was 0");
        assertThatThrownBy(() -> ErlangC.offeredLoad(1, 0)).hasMessageContaining("meanServiceSeconds");
        assertThatThrownBy(() -> ErlangC.serversForServiceLevel(1, 1, 1, 1.0))
                .hasMessage("targetRatio must be in [0, 1), was 1.0");
        assertThatThrownBy(() -> ErlangC.serversForMeanWait(1, 1, 0)).hasMessageContaining("targetMeanWaitSeconds");
    }

    /** Erlang C from its textbook definition with exact decimals, as an independent reference. */
    private static double reference(int c, double a) {
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal load = new BigDecimal(a);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ZERO;
        for (int k = 0; k < c; k++) {
            sum = sum.add(term, mc);
            term = term.multiply(load, mc).divide(BigDecimal.valueOf(k + 1), mc);
        }
        BigDecimal top = term.multiply(BigDecimal.valueOf(c), mc)
                .divide(BigDecimal.valueOf(c).subtract(load, mc), mc);
        return top.divide(sum.add(top, mc), mc).doubleValue();
    }

    @Property(tries = 1000)
    void agreesWithTheTextbookFormula(
            @ForAll @IntRange(min = 1, max = 120) int servers,
            @ForAll @DoubleRange(min = 0.0, max = 0.999) @Scale(4) double rho) {
        double load = servers * rho;
        assertThat(ErlangC.probabilityOfWaiting(servers, load)).isCloseTo(reference(servers, load), within(1e-9));
    }

    @Property(tries = 1000)
    void moreServersNeverWaitMore(
            @ForAll @IntRange(min = 1, max = 200) int servers, @ForAll @DoubleRange(min = 0.0, max = 150) double load) {
        double now = ErlangC.probabilityOfWaiting(servers, load);
        double more = ErlangC.probabilityOfWaiting(servers + 1, load);
        assertThat(now).isBetween(0.0, 1.0);
        assertThat(more).isLessThanOrEqualTo(now + 1e-12);
    }

    @Property(tries = 500)
    void serversForServiceLevelIsTheFewestThatReachIt(
            @ForAll @DoubleRange(min = 0.01, max = 50) @Scale(4) double rate,
            @ForAll @DoubleRange(min = 0.01, max = 5) @Scale(4) double service,
            @ForAll @DoubleRange(min = 0.0, max = 10) double wait,
            @ForAll @DoubleRange(min = 0.5, max = 0.99) double target) {
        int c = ErlangC.serversForServiceLevel(rate, service, wait, target);
        assertThat(ErlangC.serviceLevel(c, rate, service, wait)).isGreaterThanOrEqualTo(target);
        if (c > 1) {
            assertThat(ErlangC.serviceLevel(c - 1, rate, service, wait)).isLessThan(target);
        }
        int w = ErlangC.serversForMeanWait(rate, service, service * 0.1);
        assertThat(ErlangC.meanWaitSeconds(w, rate, service)).isLessThanOrEqualTo(service * 0.1);
        if (w > 1) {
            assertThat(ErlangC.meanWaitSeconds(w - 1, rate, service)).isGreaterThan(service * 0.1);
        }
    }
}
