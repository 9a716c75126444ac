package dev.nines.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.slo.exclusion.WeeklyMaintenance;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class SloTest {

    @Test
    void buildsWithDefaultsForEverythingButTheObjective() {
        Slo slo = Slo.builder("checkout").objective(0.999).build();

        assertThat(slo.name()).isEqualTo("checkout");
        assertThat(slo.objective()).isEqualTo(0.999);
        assertThat(slo.errorBudgetRatio()).isCloseTo(0.001, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(slo.window()).isEqualTo(SloWindow.rolling(Duration.ofDays(30)));
        assertThat(slo.sli()).isEqualTo(Sli.requestRatio());
        assertThat(slo.budgeting()).isEqualTo(Budgeting.occurrences());
        assertThat(slo.description()).isEmpty();
        assertThat(slo.labels()).isEmpty();
        assertThat(slo.exclusions()).isEmpty();
    }

    @Test
    void keepsEverySettingAndDerivesVariantsWithToBuilder() {
        WeeklyMaintenance sundays = WeeklyMaintenance.of(
                DayOfWeek.SUNDAY, LocalTime.of(2, 0), Duration.ofHours(1), ZoneOffset.UTC, "patching");
        Slo slo = Slo.builder("search-latency")
                .objective(0.99)
                .window(SloWindow.calendarMonth(ZoneOffset.UTC))
                .sli(Sli.latency(Duration.ofMillis(300)))
                .budgeting(Budgeting.timeslices(Duration.ofMinutes(5), 0.95))
                .description("fast searches")
                .label("team", "search")
                .label("tier", "1")
                .exclusion(sundays)
                .build();

        Slo variant = slo.toBuilder().objective(0.995).build();

        assertThat(variant.objective()).isEqualTo(0.995);
        assertThat(variant.toBuilder().objective(0.99).build()).isEqualTo(slo).hasSameHashCodeAs(slo);
        assertThat(slo.labels())
                .containsExactly(java.util.Map.entry("team", "search"), java.util.Map.entry("tier", "1"));
        assertThat(slo.exclusions()).containsExactly(sundays);
        assertThat(slo.description()).isEqualTo("fast searches");
        assertThat(slo.toString()).contains("search-latency", "0.99");
    }

    @Test
    void rejectsInvalidSettingsNamingTheField() {
        assertThatThrownBy(() -> Slo.builder("x").objective(1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("objective must be in (0, 1), was 1.0");
        assertThatThrownBy(() -> Slo.builder("x").objective(Double.NaN))
                .hasMessage("objective must be in (0, 1), was NaN");
        assertThatThrownBy(() -> Slo.builder("x").objective(0.0)).hasMessageStartingWith("objective");
        assertThatThrownBy(() -> Slo.builder("x").build()).hasMessage("objective must be set, was NaN");
        assertThatThrownBy(() -> Slo.builder(" ")).hasMessageStartingWith("name must not be blank");
        assertThatThrownBy(() -> Slo.builder("x").window(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("window");
        assertThatThrownBy(() -> Slo.builder("x").label("", "v")).hasMessageStartingWith("label key");
        assertThatThrownBy(() -> Slo.builder("x")
                        .objective(0.9)
                        .window(SloWindow.rolling(Duration.ofMinutes(10)))
                        .budgeting(Budgeting.timeslices(Duration.ofMinutes(20), 0.9))
                        .build())
                .hasMessageStartingWith("sliceLength must not exceed the window");
    }

    @Property(tries = 200)
    void acceptsEveryObjectiveStrictlyBetweenZeroAndOne(
            @ForAll @DoubleRange(min = 0, max = 1, minIncluded = false, maxIncluded = false) double objective) {
        assertThat(Slo.builder("x").objective(objective).build().errorBudgetRatio())
                .isEqualTo(1.0 - objective);
    }
}
