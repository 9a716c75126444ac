package dev.nines.slo.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class WeeklyMaintenanceTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void recursEveryWeekAtTheLocalTimeAcrossDaylightSavingChanges() {
        WeeklyMaintenance sundays =
                WeeklyMaintenance.of(DayOfWeek.SUNDAY, LocalTime.of(3, 30), Duration.ofHours(2), BERLIN, "patching");

        List<Exclusion> march =
                sundays.occurrences(Instant.parse("2026-03-20T00:00:00Z"), Instant.parse("2026-04-06T00:00:00Z"));

        assertThat(march)
                .extracting(Exclusion::start)
                .containsExactly(
                        Instant.parse("2026-03-22T02:30:00Z"), // CET, UTC+1
                        Instant.parse("2026-03-29T01:30:00Z"), // CEST from 29 March, UTC+2
                        Instant.parse("2026-04-05T01:30:00Z"));
        assertThat(march).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(ExclusionKind.MAINTENANCE);
            assertThat(Duration.between(e.start(), e.end())).isEqualTo(Duration.ofHours(2));
            assertThat(e.reason()).isEqualTo("patching");
        });
    }

    @Test
    void aStartInsideTheSpringGapMovesForwardByTheGap() {
        WeeklyMaintenance sundays =
                WeeklyMaintenance.of(DayOfWeek.SUNDAY, LocalTime.of(2, 30), Duration.ofHours(1), BERLIN, "");
        assertThat(sundays.occurrences(Instant.parse("2026-03-28T00:00:00Z"), Instant.parse("2026-03-30T00:00:00Z")))
                .extracting(Exclusion::start)
                .containsExactly(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 CEST
    }

    @Test
    void includesAnOccurrenceThatStartedBeforeTheRangeAndCarriesTheAlertRatio() {
        WeeklyMaintenance w = WeeklyMaintenance.of(
                        DayOfWeek.MONDAY, LocalTime.of(23, 0), Duration.ofHours(3), ZoneId.of("UTC"), "")
                .withAlertAboveErrorRatio(0.3);
        List<Exclusion> found =
                w.occurrences(Instant.parse("2026-03-03T01:00:00Z"), Instant.parse("2026-03-03T02:00:00Z"));
        assertThat(found).singleElement().satisfies(e -> {
            assertThat(e.start()).isEqualTo(Instant.parse("2026-03-02T23:00:00Z"));
            assertThat(e.alertAboveErrorRatio()).isEqualTo(0.3);
        });
        assertThat(w.occurrences(Instant.parse("2026-03-03T02:00:00Z"), Instant.parse("2026-03-03T01:00:00Z")))
                .isEmpty();
    }

    @Test
    void rejectsLengthsOutsideOneWeek() {
        assertThatThrownBy(() -> WeeklyMaintenance.of(DayOfWeek.MONDAY, LocalTime.NOON, Duration.ofDays(8), BERLIN, ""))
                .hasMessage("length must be at most PT168H, was PT192H");
        assertThatThrownBy(() -> WeeklyMaintenance.of(DayOfWeek.MONDAY, LocalTime.NOON, Duration.ZERO, BERLIN, ""))
                .hasMessage("length must be positive, was PT0S");
    }

    @Property(tries = 300)
    void findsExactlyTheOccurrencesOverlappingTheRange(
            @ForAll @LongRange(min = 1_600_000_000L, max = 2_000_000_000L) long fromSecond,
            @ForAll @IntRange(min = 1, max = 40 * 24) int rangeHours,
            @ForAll @IntRange(min = 1, max = 7) int dayOfWeek,
            @ForAll @IntRange(min = 0, max = 23) int hour,
            @ForAll @IntRange(min = 1, max = 48) int lengthHours) {
        WeeklyMaintenance w = WeeklyMaintenance.of(
                DayOfWeek.of(dayOfWeek), LocalTime.of(hour, 0), Duration.ofHours(lengthHours), BERLIN, "");
        Instant from = Instant.ofEpochSecond(fromSecond);
        Instant to = from.plus(Duration.ofHours(rangeHours));

        List<Exclusion> found = w.occurrences(from, to);

        // Reference: walk every day from well before the range and keep matching overlapping starts.
        ZonedDateTime day =
                from.minus(Duration.ofDays(9)).atZone(BERLIN).toLocalDate().atStartOfDay(BERLIN);
        List<Instant> expected = new java.util.ArrayList<>();
        while (day.toInstant().isBefore(to)) {
            if (day.getDayOfWeek() == DayOfWeek.of(dayOfWeek)) {
                Instant start = day.toLocalDate().atTime(hour, 0).atZone(BERLIN).toInstant();
                if (start.isBefore(to)
                        && start.plus(Duration.ofHours(lengthHours)).isAfter(from)) {
                    expected.add(start);
                }
            }
            day = day.plusDays(1);
        }
        assertThat(found).extracting(Exclusion::start).containsExactlyElementsOf(expected);
    }
}
