package dev.nines.slo.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DowntimeTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    static Instant min(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    @Test
    void overlappingDowntimeIsMergedAndCountedOnce() {
        List<Incident> incidents = List.of(
                Incident.outage("a", "api", min(10), min(40)),
                Incident.outage("b", "api", min(30), min(50)),
                Incident.outage("c", "api", min(50), min(55)),
                Incident.outage("d", "api", min(100), min(110)));
        List<DowntimeInterval> down = Downtime.intervals(incidents, T0, min(1_000));
        assertThat(down)
                .containsExactly(
                        new DowntimeInterval(min(10), min(55), 1.0), new DowntimeInterval(min(100), min(110), 1.0));
        assertThat(Downtime.total(down)).isEqualTo(Duration.ofMinutes(55));
    }

    @Test
    void downtimeIsClippedToThePeriod() {
        List<Incident> incidents = List.of(
                Incident.outage("before", "api", min(-30), min(10)),
                Incident.outage("after", "api", min(90), min(200)),
                Incident.outage("outside", "api", min(-90), min(-60)));
        List<DowntimeInterval> down = Downtime.intervals(incidents, T0, min(100));
        assertThat(down)
                .containsExactly(new DowntimeInterval(T0, min(10), 1.0), new DowntimeInterval(min(90), min(100), 1.0));
    }

    @Test
    void overlappingPartialOutagesWeighTheLargestImpact() {
        List<Incident> incidents = List.of(
                Incident.builder("a", "api", min(0))
                        .mitigated(min(20))
                        .impactRatio(0.3)
                        .build(),
                Incident.builder("b", "api", min(10))
                        .mitigated(min(30))
                        .impactRatio(0.5)
                        .build());
        List<DowntimeInterval> down = Downtime.intervals(incidents, T0, min(60));
        assertThat(down)
                .containsExactly(
                        new DowntimeInterval(min(0), min(10), 0.3), new DowntimeInterval(min(10), min(30), 0.5));
        assertThat(Downtime.weightedNanos(down))
                .isCloseTo(Duration.ofMinutes(13).toNanos(), within(1.0));
        assertThat(Downtime.total(down)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void excludedIncidentsAreIgnored() {
        List<Incident> incidents = List.of(Incident.builder("a", "api", min(0))
                .mitigated(min(20))
                .excluded(true)
                .build());
        assertThat(Downtime.intervals(incidents, T0, min(60))).isEmpty();
    }

    @Test
    void minusCutsExcludedIntervalsOut() {
        List<DowntimeInterval> down = List.of(new DowntimeInterval(min(0), min(60), 0.5));
        List<DowntimeInterval> rest =
                Downtime.minus(down, List.of(new Instant[] {min(10), min(20)}, new Instant[] {min(50), min(90)}));
        assertThat(rest)
                .containsExactly(
                        new DowntimeInterval(min(0), min(10), 0.5), new DowntimeInterval(min(20), min(50), 0.5));
    }

    @Test
    void periodEndingBeforeItStartsIsRejected() {
        assertThatThrownBy(() -> Downtime.intervals(List.of(), min(10), min(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period end must be after start " + min(10) + ", was " + min(5));
    }

    @Property(tries = 300)
    void mergedDowntimeMatchesAMinuteByMinuteReference(@ForAll("incidents") List<Incident> incidents) {
        int periodMinutes = 120;
        List<DowntimeInterval> down = Downtime.intervals(incidents, min(0), min(periodMinutes));
        long downMinutes = 0;
        double weighted = 0;
        for (int m = 0; m < periodMinutes; m++) {
            double impact = 0;
            for (Incident i : incidents) {
                if (!i.excluded() && !i.start().isAfter(min(m)) && i.mitigated().isAfter(min(m))) {
                    impact = Math.max(impact, i.impactRatio());
                }
            }
            if (impact > 0) {
                downMinutes++;
            }
            weighted += impact;
        }
        assertThat(Downtime.total(down)).isEqualTo(Duration.ofMinutes(downMinutes));
        assertThat(Downtime.weightedNanos(down) / 60e9).isCloseTo(weighted, within(1e-6));
        for (int k = 1; k < down.size(); k++) {
            assertThat(down.get(k).start()).isAfterOrEqualTo(down.get(k - 1).end());
        }
    }

    @Provide
    Arbitrary<List<Incident>> incidents() {
        Arbitrary<Incident> one = Combinators.combine(
                        Arbitraries.integers().between(-30, 140),
                                Arbitraries.integers().between(0, 60),
                        Arbitraries.of(0.25, 0.5, 1.0), Arbitraries.of(true, false, false, false))
                .as((start, length, impact, excluded) -> Incident.builder("i", "api", min(start))
                        .mitigated(min(start + length))
                        .impactRatio(impact)
                        .excluded(excluded)
                        .build());
        return one.list().ofMaxSize(8).map(ArrayList::new);
    }
}
