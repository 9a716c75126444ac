package dev.nines.slo.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloSectionTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void freshTrackerHasNoBurnDown() {
        SloTracker tracker = SloTracker.create(
                Slo.builder("api")
                        .objective(0.99)
                        .window(SloWindow.rolling(Duration.ofDays(7)))
                        .build(),
                ManualTimeSource.at(T0));
        SloSection section = SloSection.of(tracker);
        assertThat(section.compliance()).isEqualTo(1.0);
        assertThat(section.windowEnd()).isEqualTo(section.asOf());
    }

    @Test
    void rollingWindowBurnDownEndsAtTheCurrentBudget() {
        ManualTimeSource time = ManualTimeSource.at(T0);
        SloTracker tracker = SloTracker.create(
                Slo.builder("api")
                        .objective(0.99)
                        .window(SloWindow.rolling(Duration.ofDays(7)))
                        .build(),
                time);
        for (int h = 0; h < 10 * 24; h++) {
            tracker.record(99, h % 24 == 0 ? 1 : 0);
            time.advance(Duration.ofHours(1));
        }
        SloSection section = SloSection.of(tracker, 8);
        assertThat(section.burnDown()).hasSize(8);
        assertThat(section.burnDown().get(7).at()).isEqualTo(time.now());
        assertThat(section.burnDown().get(7).remainingRatio())
                .isCloseTo(section.errorBudget().remainingRatio(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(section.burnDown()).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
    }

    @Test
    void badValuesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> SloSection.of(
                        SloTracker.create(Slo.builder("api").objective(0.99).build(), ManualTimeSource.at(T0)), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("points must be at least 2, was 1");
        assertThatThrownBy(() -> new SloSection(
                        "api",
                        0.99,
                        T0,
                        T0.minusSeconds(1),
                        T0,
                        1.0,
                        SloTracker.create(Slo.builder("api").objective(0.99).build(), ManualTimeSource.at(T0))
                                .errorBudget(),
                        List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windowEnd");
        assertThatThrownBy(() -> new BudgetPoint(T0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("remainingRatio at " + T0 + " must be finite, was NaN");
    }
}
