package dev.nines.slo.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OnCallScheduleTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    static Rotation weekly() {
        return Rotation.builder("primary", BERLIN)
                .participants("alice", "bob", "carol")
                .handoffAt(LocalTime.of(9, 0))
                .everyDays(7)
                .startingOn(LocalDate.of(2026, 3, 2))
                .build();
    }

    /** Berlin 08:00-20:00, New York 14:00-02:00: together every hour of the day. */
    static OnCallSchedule followTheSun() {
        return OnCallSchedule.builder("payments")
                .layer(Rotation.builder("eu", BERLIN)
                        .participants("alice", "bob")
                        .everyDays(1)
                        .startingOn(LocalDate.of(2026, 1, 5))
                        .activeBetween(LocalTime.of(8, 0), LocalTime.of(20, 0))
                        .build())
                .layer(Rotation.builder("us", NEW_YORK)
                        .participants("dan", "erin")
                        .everyDays(1)
                        .startingOn(LocalDate.of(2026, 1, 5))
                        .activeBetween(LocalTime.of(14, 0), LocalTime.of(2, 0))
                        .build())
                .layer(Rotation.builder("apac", ZoneId.of("Asia/Tokyo"))
                        .participants("hiro")
                        .everyDays(1)
                        .startingOn(LocalDate.of(2026, 1, 5))
                        .activeBetween(LocalTime.of(9, 0), LocalTime.of(17, 0))
                        .build())
                .build();
    }

    @Test
    void aWeeklyHandOffStaysAtNineLocalAcrossTheSpringForward() {
        OnCallSchedule schedule =
                OnCallSchedule.builder("primary").layer(weekly()).build();
        // Mon 23 March 09:00 CET = 08:00Z; DST starts Sun 29 March; Mon 30 March 09:00 CEST = 07:00Z.
        Instant first = Instant.parse("2026-03-23T08:00:00Z");
        Instant second = Instant.parse("2026-03-30T07:00:00Z");
        // Turns from Mon 2 March: alice, bob (9th), carol (16th), alice (23rd), bob (30th).
        assertThat(schedule.onCallAt(first.minusMillis(1))).isEqualTo("carol");
        assertThat(schedule.onCallAt(first)).isEqualTo("alice");
        assertThat(schedule.onCallAt(second.minusMillis(1))).isEqualTo("alice");
        assertThat(schedule.onCallAt(second)).isEqualTo("bob");
        assertThat(Duration.between(first, second)).isEqualTo(Duration.ofHours(167)); // one local week
        assertThat(schedule.boundaries(first, second.plusMillis(1))).containsExactly(first, second);
    }

    @Test
    void followTheSunHandsOffBetweenTimeZonesAndTheLaterLayerWins() {
        OnCallSchedule schedule = followTheSun();
        // 2026-07-01: Berlin is UTC+2, New York UTC-4, Tokyo UTC+9.
        assertThat(schedule.onCallAt(Instant.parse("2026-07-01T01:00:00Z"))).isIn("hiro"); // 10:00 Tokyo
        assertThat(schedule.onCallAt(Instant.parse("2026-07-01T09:00:00Z"))).isIn("alice", "bob"); // 11:00 Berlin
        assertThat(schedule.onCallAt(Instant.parse("2026-07-01T19:00:00Z"))).isIn("dan", "erin"); // 15:00 NY
        assertThat(schedule.onCallAt(Instant.parse("2026-07-01T08:30:00Z"))).isIn("alice", "bob"); // after Tokyo
        // 05:30Z: New York (01:30) and Tokyo (14:30) both cover it; Tokyo, the later layer, wins.
        assertThat(schedule.onCallAt(Instant.parse("2026-07-01T05:30:00Z"))).isEqualTo("hiro");
    }

    @Test
    void rejectsAScheduleWithAGapNamingItAndLayersWithoutParticipants() {
        OnCallSchedule.Builder gappy = OnCallSchedule.builder("payments")
                .layer(Rotation.builder("eu", BERLIN)
                        .participants("alice")
                        .startingOn(LocalDate.of(2026, 1, 5))
                        .activeBetween(LocalTime.of(8, 0), LocalTime.of(20, 0))
                        .build())
                .layer(Rotation.builder("us", NEW_YORK)
                        .participants("dan")
                        .startingOn(LocalDate.of(2026, 1, 5))
                        .activeBetween(LocalTime.of(14, 0), LocalTime.of(22, 0))
                        .build());
        assertThatThrownBy(gappy::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "schedule 'payments' must have someone on call at every instant, was nobody from ")
                .hasMessageContaining("layers overlap but leave this gap");
        assertThatThrownBy(() -> Rotation.builder("eu", BERLIN).participants())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("participants of layer 'eu' must not be empty, was []");
        assertThatThrownBy(() -> Rotation.builder("eu", BERLIN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("participants of layer 'eu' must be set, was none");
        assertThatThrownBy(() -> Rotation.builder("eu", BERLIN).participants("a", "a"))
                .hasMessage("participants of layer 'eu' must not repeat, was 'a' twice");
        assertThatThrownBy(() -> Rotation.builder("eu", BERLIN).everyDays(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("everyDays of layer 'eu'")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> OnCallSchedule.builder("x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layers of schedule 'x' must not be empty, was none");
    }

    /**
     * Around each daylight-saving change of 2026 in Berlin and New York: every instant has someone
     * on call, the answer is constant between two boundaries, and every hand-off boundary falls on
     * the declared local time (or, in a spring-forward gap, just after it).
     */
    @Property(tries = 500)
    void onCallLookupIsContinuousAcrossDaylightSavingChanges(
            @ForAll @IntRange(min = 0, max = 3) int transition,
            @ForAll @IntRange(min = -72 * 60, max = 72 * 60) int minutes,
            @ForAll @IntRange(min = 0, max = 59_999) int millis) {
        Instant[] changes = {
            Instant.parse("2026-03-29T01:00:00Z"),
            Instant.parse("2026-10-25T01:00:00Z"),
            Instant.parse("2026-03-08T07:00:00Z"),
            Instant.parse("2026-11-01T06:00:00Z")
        };
        Instant t = changes[transition].plusSeconds(minutes * 60L).plusMillis(millis);
        OnCallSchedule schedule = followTheSun();
        OnCallSchedule daily = OnCallSchedule.builder("daily")
                .layer(Rotation.builder("d", BERLIN)
                        .participants("a", "b", "c")
                        .everyDays(1)
                        .handoffAt(LocalTime.of(2, 30))
                        .startingOn(LocalDate.of(2026, 1, 1))
                        .build())
                .build();
        for (OnCallSchedule s : List.of(schedule, daily)) {
            String who = s.onCallAt(t);
            List<Instant> next = s.boundaries(t.plusMillis(1), t.plus(Duration.ofDays(2)));
            assertThat(next).isNotEmpty();
            Instant boundary = next.get(0);
            assertThat(s.onCallAt(boundary.minusMillis(1)))
                    .as("constant until the next boundary")
                    .isEqualTo(who);
            List<Instant> previous = s.boundaries(t.minus(Duration.ofDays(2)), t.plusMillis(1));
            if (!previous.isEmpty()) {
                assertThat(s.onCallAt(previous.get(previous.size() - 1))).isEqualTo(who);
            }
        }
        // Daily 02:30 hand-offs in Berlin: at 02:30 local, or at 03:30 on the day 02:30 does not exist.
        for (Instant b : daily.boundaries(t.minus(Duration.ofDays(1)), t.plus(Duration.ofDays(1)))) {
            ZonedDateTime local = b.atZone(BERLIN);
            assertThat(local.toLocalTime()).isIn(LocalTime.of(2, 30), LocalTime.of(3, 30));
            if (local.toLocalTime().equals(LocalTime.of(3, 30))) {
                assertThat(local.toLocalDate()).isEqualTo(LocalDate.of(2026, 3, 29));
            }
            String before = daily.onCallAt(b.minusMillis(1));
            String after = daily.onCallAt(b);
            assertThat(after).isNotEqualTo(before);
        }
    }
}
