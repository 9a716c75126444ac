package dev.nines.slo.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExclusionTest {

    static final Instant START = Instant.parse("2026-03-01T02:00:00Z");
    static final Instant END = START.plus(Duration.ofHours(1));

    @Test
    void factoriesSetTheKindAndNeverLetAlertsThroughByDefault() {
        assertThat(Exclusion.maintenance(START, END, "upgrade").kind()).isEqualTo(ExclusionKind.MAINTENANCE);
        assertThat(Exclusion.forceMajeure(START, END, "storm").kind()).isEqualTo(ExclusionKind.FORCE_MAJEURE);
        assertThat(Exclusion.noData(START, END, "agent down").kind()).isEqualTo(ExclusionKind.NO_DATA);
        assertThat(Exclusion.maintenance(START, END, "upgrade").alertAboveErrorRatio())
                .isEqualTo(1.0);
        assertThat(Exclusion.maintenance(START, END, "upgrade")
                        .withAlertAboveErrorRatio(0.2)
                        .alertAboveErrorRatio())
                .isEqualTo(0.2);
    }

    @Test
    void containsItsStartButNotItsEnd() {
        Exclusion e = Exclusion.maintenance(START, END, "");
        assertThat(e.contains(START)).isTrue();
        assertThat(e.contains(END.minusNanos(1))).isTrue();
        assertThat(e.contains(END)).isFalse();
        assertThat(e.contains(START.minusNanos(1))).isFalse();
    }

    @Test
    void occursOnlyInRangesItOverlaps() {
        Exclusion e = Exclusion.forceMajeure(START, END, "");
        assertThat(e.occurrences(START.minusSeconds(10), START.plusSeconds(1))).containsExactly(e);
        assertThat(e.occurrences(END, END.plusSeconds(60))).isEmpty();
        assertThat(e.occurrences(START.minusSeconds(60), START)).isEmpty();
    }

    @Test
    void rejectsEmptyIntervalsAndBadRatios() {
        assertThatThrownBy(() -> Exclusion.maintenance(START, START, "x"))
                .hasMessage("end must be after start 2026-03-01T02:00:00Z, was 2026-03-01T02:00:00Z");
        assertThatThrownBy(() -> Exclusion.maintenance(START, END, "x").withAlertAboveErrorRatio(0))
                .hasMessage("alertAboveErrorRatio must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> Exclusion.noData(START, END, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("reason");
    }
}
