package dev.nines.capacity.forecast;

import dev.nines.core.internal.Arguments;
import java.time.Instant;
import java.util.Objects;

/**
 * One occurrence of a known event (a campaign, a launch, a holiday) over {@code [start, end)}. Events
 * of the same {@code kind} share one {@link Uplift}.
 *
 * @param kind the kind, e.g. {@code "black-friday"}; not blank
 * @param start the first instant affected (inclusive)
 * @param end the first instant no longer affected (exclusive); after {@code start}
 */
public record CalendarEvent(String kind, Instant start, Instant end) {

    /**
     * Checks the event.
     *
     * @param kind the kind, e.g. {@code "black-friday"}; not blank
     * @param start the first instant affected (inclusive)
     * @param end the first instant no longer affected (exclusive); after {@code start}
     * @throws IllegalArgumentException if {@code kind} is blank or {@code end} is not after {@code start}
     */
    public CalendarEvent {
        Arguments.notBlank("kind", kind);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("end must be after start " + start + ", was " + end);
        }
    }

    /**
     * Tells whether {@code time} falls inside the event.
     *
     * @param time the instant
     * @return true if {@code start <= time < end}
     */
    public boolean contains(Instant time) {
        return !time.isBefore(start) && time.isBefore(end);
    }
}
