package dev.nines.slo.escalation;

import dev.nines.core.internal.Arguments;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One layer of an {@link OnCallSchedule}: participants who take turns, handing off at a local time
 * of day in the layer's own time zone every {@code periodDays} calendar days, optionally only
 * within a daily local window (09:00 to 17:00 in Europe/Berlin, say, for follow-the-sun).
 *
 * <p>Turns are counted in local calendar days, not in 24-hour spans: a weekly hand-off at 09:00
 * stays at 09:00 local time across daylight-saving changes (the week between is 167 or 169 hours
 * long). A local time that a spring-forward gap skips is taken as the first instant after the gap,
 * as {@link ZonedDateTime#of} does; hand-off instants are therefore strictly increasing and every
 * instant has exactly one participant.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Rotation europe = Rotation.builder("eu", ZoneId.of("Europe/Berlin"))
 *         .participants("alice", "bob").handoffAt(LocalTime.of(9, 0)).everyDays(7)
 *         .startingOn(LocalDate.of(2026, 3, 2)).activeBetween(LocalTime.of(8, 0), LocalTime.of(20, 0))
 *         .build();
 * }</pre>
 */
public final class Rotation {

    private final String name;
    private final ZoneId zone;
    private final List<String> participants;
    private final LocalTime handoff;
    private final int periodDays;
    private final LocalDate startDate;
    private final @Nullable DailyWindow active; // null: on call around the clock

    private Rotation(Builder b) {
        this.name = b.name;
        this.zone = b.zone;
        this.participants = List.copyOf(b.participants);
        this.handoff = b.handoff;
        this.periodDays = b.periodDays;
        this.startDate = b.startDate;
        this.active = b.active;
    }

    /**
     * Returns a builder of a layer whose local times are in {@code zone}.
     *
     * @param name the layer's name, not blank
     * @param zone its time zone
     * @return a new builder
     */
    public static Builder builder(String name, ZoneId zone) {
        return new Builder(name, zone);
    }

    /**
     * Returns the layer's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns whether the layer has someone on call at {@code t} (inside its daily window, if any).
     *
     * @param t the instant
     * @return whether covered
     */
    public boolean covers(Instant t) {
        DailyWindow window = active;
        if (window == null) {
            return true;
        }
        LocalDate day = t.atZone(zone).toLocalDate();
        for (LocalDate d = day.minusDays(1); !d.isAfter(day); d = d.plusDays(1)) {
            Instant from = ZonedDateTime.of(d, window.from(), zone).toInstant();
            Instant to = ZonedDateTime.of(window.to().isAfter(window.from()) ? d : d.plusDays(1), window.to(), zone)
                    .toInstant();
            if (!t.isBefore(from) && t.isBefore(to)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns who is on call in this layer at {@code t}, if the layer covers it.
     *
     * @param t the instant
     * @return the participant
     */
    public Optional<String> onCallAt(Instant t) {
        Objects.requireNonNull(t, "t");
        return covers(t) ? Optional.of(participantAt(t)) : Optional.empty();
    }

    private String participantAt(Instant t) {
        LocalDate day = t.atZone(zone).toLocalDate();
        long days = ChronoUnit.DAYS.between(startDate, day);
        if (t.isBefore(handoffOn(day))) {
            days--; // before today's hand-off: yesterday's turn
        }
        long turn = Math.floorDiv(days, periodDays);
        return participants.get(Math.floorMod(turn, participants.size()));
    }

    private Instant handoffOn(LocalDate day) {
        return ZonedDateTime.of(day, handoff, zone).toInstant();
    }

    /**
     * Returns the instants in {@code [from, to)} at which this layer's answer may change: its
     * hand-offs and the edges of its daily window, sorted.
     *
     * @param from the start
     * @param to the end
     * @return the instants
     */
    public List<Instant> boundaries(Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        DailyWindow window = active;
        for (LocalDate d = from.atZone(zone).toLocalDate().minusDays(1);
                !d.isAfter(to.atZone(zone).toLocalDate());
                d = d.plusDays(1)) {
            if (Math.floorMod(ChronoUnit.DAYS.between(startDate, d), periodDays) == 0) {
                add(out, handoffOn(d), from, to);
            }
            if (window != null) {
                add(out, ZonedDateTime.of(d, window.from(), zone).toInstant(), from, to);
                add(out, ZonedDateTime.of(d, window.to(), zone).toInstant(), from, to);
            }
        }
        out.sort(null);
        return out;
    }

    private static void add(List<Instant> out, Instant t, Instant from, Instant to) {
        if (!t.isBefore(from) && t.isBefore(to)) {
            out.add(t);
        }
    }

    /**
     * Returns the first day of the first turn.
     *
     * @return the start date, in the layer's zone
     */
    public LocalDate startDate() {
        return startDate;
    }

    /**
     * Returns the layer's time zone.
     *
     * @return the zone
     */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return "Rotation[" + name + ", " + zone + ", " + participants + ", hand-off " + handoff + " every " + periodDays
                + " d" + (active == null ? "" : ", " + active.from() + "-" + active.to()) + "]";
    }

    /** A daily local window {@code [from, to)}; {@code to} before {@code from} spans midnight. */
    private record DailyWindow(LocalTime from, LocalTime to) {}

    /** Builds a {@link Rotation}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final ZoneId zone;
        private List<String> participants = List.of();
        private LocalTime handoff = LocalTime.of(9, 0);
        private int periodDays = 7;
        private LocalDate startDate = LocalDate.of(2026, 1, 5);
        private @Nullable DailyWindow active;

        private Builder(String name, ZoneId zone) {
            this.name = Arguments.notBlank("name", name);
            this.zone = Objects.requireNonNull(zone, "zone");
        }

        /**
         * Sets who takes turns, in order.
         *
         * @param participants at least one name, none blank or repeated
         * @return this builder
         * @throws IllegalArgumentException if empty, or a name is blank or repeated
         */
        public Builder participants(String... participants) {
            if (participants.length == 0) {
                throw new IllegalArgumentException("participants of layer '" + name + "' must not be empty, was []");
            }
            List<String> list = new ArrayList<>();
            for (String p : participants) {
                Arguments.notBlank("participant of layer '" + name + "'", p);
                if (list.contains(p)) {
                    throw new IllegalArgumentException(
                            "participants of layer '" + name + "' must not repeat, was '" + p + "' twice");
                }
                list.add(p);
            }
            this.participants = list;
            return this;
        }

        /**
         * Sets the local time of day at which turns change.
         *
         * @param handoff the time; default 09:00
         * @return this builder
         */
        public Builder handoffAt(LocalTime handoff) {
            this.handoff = Objects.requireNonNull(handoff, "handoff");
            return this;
        }

        /**
         * Sets how many calendar days a turn lasts.
         *
         * @param days at least 1; default 7
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder everyDays(int days) {
            this.periodDays = Arguments.atLeast("everyDays of layer '" + name + "'", days, 1);
            return this;
        }

        /**
         * Sets the local date on which the first participant's first turn starts (at the hand-off time).
         *
         * @param startDate the date; default 2026-01-05
         * @return this builder
         */
        public Builder startingOn(LocalDate startDate) {
            this.startDate = Objects.requireNonNull(startDate, "startDate");
            return this;
        }

        /**
         * Restricts the layer to a daily local window {@code [from, to)}; {@code to} before
         * {@code from} spans midnight.
         *
         * @param from the first local time covered
         * @param to the first local time not covered, not equal to {@code from}
         * @return this builder
         * @throws IllegalArgumentException if {@code from} equals {@code to}
         */
        public Builder activeBetween(LocalTime from, LocalTime to) {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.equals(to)) {
                throw new IllegalArgumentException(
                        "active window of layer '" + name + "' must not be empty, was " + from + "-" + to);
            }
            this.active = new DailyWindow(from, to);
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return the layer
         * @throws IllegalArgumentException if it has no participants
         */
        public Rotation build() {
            if (participants.isEmpty()) {
                throw new IllegalArgumentException("participants of layer '" + name + "' must be set, was none");
            }
            return new Rotation(this);
        }
    }
}
