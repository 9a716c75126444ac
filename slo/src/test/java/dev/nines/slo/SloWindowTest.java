package dev.nines.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SloWindowTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void rollingWindowEndsNowAndLastsItsLength() {
        SloWindow window = SloWindow.rolling(Duration.ofDays(30));
        Instant now = Instant.parse("2026-03-15T12:00:00Z");

        assertThat(window.start(now)).isEqualTo(Instant.parse("2026-02-13T12:00:00Z"));
        assertThat(window.end(now)).isEqualTo(now);
        assertThat(window.period(now)).isEqualTo(Duration.ofDays(30));
        assertThat(window.maxLength()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void rollingWindowRejectsLengthsOutsideOneMinuteTo366Days() {
        assertThatThrownBy(() -> SloWindow.rolling(Duration.ZERO)).hasMessage("window must be positive, was PT0S");
        assertThatThrownBy(() -> SloWindow.rolling(Duration.ofSeconds(59)))
                .hasMessage("window must be in [PT1M, PT8784H], was PT59S");
        assertThatThrownBy(() -> SloWindow.rolling(Duration.ofDays(367))).hasMessageStartingWith("window must be in");
    }

    @Test
    void calendarMonthStartsAtLocalMidnightOfTheFirst() {
        SloWindow month = SloWindow.calendarMonth(PARIS);
        Instant now = Instant.parse("2026-03-31T21:59:59Z"); // 23:59:59 local, after the DST change

        assertThat(month.start(now)).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));
        assertThat(month.end(now)).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
        // March 2026 in Paris loses one hour on the 29th.
        assertThat(month.period(now)).isEqualTo(Duration.ofDays(31).minusHours(1));
        assertThat(month.start(Instant.parse("2026-03-31T22:00:00Z"))).isEqualTo(Instant.parse("2026-03-31T22:00:00Z"));
    }

    @Test
    void calendarMonthsLastFromTwentyEightToThirtyOneDays() {
        SloWindow month = SloWindow.calendarMonth(ZoneId.of("UTC"));

        assertThat(month.period(Instant.parse("2026-02-10T00:00:00Z"))).isEqualTo(Duration.ofDays(28));
        assertThat(month.period(Instant.parse("2028-02-10T00:00:00Z"))).isEqualTo(Duration.ofDays(29));
        assertThat(month.period(Instant.parse("2026-04-10T00:00:00Z"))).isEqualTo(Duration.ofDays(30));
        assertThat(month.period(Instant.parse("2026-01-10T00:00:00Z"))).isEqualTo(Duration.ofDays(31));
    }

    @Test
    void calendarWeekStartsAtLocalMidnightOnMonday() {
        SloWindow week = SloWindow.calendarWeek(ZoneId.of("America/New_York"));
        Instant sundayEvening = Instant.parse("2026-11-02T03:00:00Z"); // Sun 1 Nov 22:00 EST

        assertThat(week.start(sundayEvening)).isEqualTo(Instant.parse("2026-10-26T04:00:00Z"));
        assertThat(week.end(sundayEvening)).isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
        assertThat(week.period(sundayEvening)).isEqualTo(Duration.ofDays(7).plusHours(1));
    }

    @Property(tries = 500)
    void calendarWindowsContainNowAndStartOnTheFirstOrMondayAtLocalMidnight(
            @ForAll @LongRange(min = 0, max = 4_102_444_800L) long epochSecond) {
        Instant now = Instant.ofEpochSecond(epochSecond);
        for (ZoneId zone : new ZoneId[] {PARIS, ZoneId.of("America/Sao_Paulo"), ZoneId.of("Asia/Kolkata")}) {
            SloWindow month = SloWindow.calendarMonth(zone);
            SloWindow week = SloWindow.calendarWeek(zone);
            assertThat(month.start(now)).isBeforeOrEqualTo(now);
            assertThat(month.end(now)).isAfter(now);
            assertThat(week.start(now)).isBeforeOrEqualTo(now);
            assertThat(week.end(now)).isAfter(now);
            ZonedDateTime monthStart = month.start(now).atZone(zone);
            assertThat(monthStart.getDayOfMonth()).isEqualTo(1);
            assertThat(monthStart.toLocalDate())
                    .isEqualTo(now.atZone(zone).toLocalDate().withDayOfMonth(1));
            assertThat(monthStart.toLocalTime()).isBeforeOrEqualTo(LocalTime.of(1, 0)); // midnight, or after a gap
            assertThat(week.start(now).atZone(zone).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(month.period(now)).isLessThanOrEqualTo(month.maxLength());
            assertThat(week.period(now)).isLessThanOrEqualTo(week.maxLength());
            // The next window starts exactly where this one ends.
            assertThat(month.start(month.end(now))).isEqualTo(month.end(now));
        }
    }
}
