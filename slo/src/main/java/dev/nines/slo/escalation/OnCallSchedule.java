package dev.nines.slo.escalation;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who is on call at any instant: layers of {@link Rotation}s, a later layer overriding an earlier
 * one wherever it covers the instant (an overlay for follow-the-sun, or for holidays). Every
 * instant must have someone on call: {@link Builder#build()} checks a whole year from the earliest
 * layer's start, daylight-saving changes included, and rejects a schedule with a gap.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * OnCallSchedule followTheSun = OnCallSchedule.builder("payments")
 *         .layer(Rotation.builder("eu", ZoneId.of("Europe/Berlin")).participants("alice", "bob")
 *                 .activeBetween(LocalTime.of(8, 0), LocalTime.of(20, 0)).build())
 *         .layer(Rotation.builder("us", ZoneId.of("America/New_York")).participants("carol", "dan")
 *                 .activeBetween(LocalTime.of(14, 0), LocalTime.of(2, 0)).build())
 *         .build();                         // rejected if some hour of some day has nobody
 * String who = followTheSun.onCallAt(Instant.now());
 * }</pre>
 */
public final class OnCallSchedule {

    /** How far ahead {@link Builder#build()} checks for gaps. */
    public static final Duration CHECKED_SPAN = Duration.ofDays(366);

    private final String name;
    private final List<Rotation> layers;

    private OnCallSchedule(String name, List<Rotation> layers) {
        this.name = name;
        this.layers = List.copyOf(layers);
    }

    /**
     * Returns a builder.
     *
     * @param name the schedule's name, not blank
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Returns who is on call at {@code t}: the participant of the last layer that covers it.
     *
     * @param t the instant
     * @return the participant
     */
    public String onCallAt(Instant t) {
        Objects.requireNonNull(t, "t");
        for (int i = layers.size() - 1; i >= 0; i--) {
            Optional<String> who = layers.get(i).onCallAt(t);
            if (who.isPresent()) {
                return who.get();
            }
        }
        // Unreachable within the checked span: daily windows repeat, so a year without a gap has none.
        throw new IllegalStateException("schedule '" + name + "' has nobody on call at " + t);
    }

    /**
     * Returns the instants in {@code [from, to)} at which the answer may change, sorted.
     *
     * @param from the start
     * @param to the end
     * @return the instants
     */
    public List<Instant> boundaries(Instant from, Instant to) {
        TreeSet<Instant> all = new TreeSet<>();
        for (Rotation layer : layers) {
            all.addAll(layer.boundaries(from, to));
        }
        return new ArrayList<>(all);
    }

    /**
     * Returns the schedule's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the layers, the overriding ones last.
     *
     * @return the layers
     */
    public List<Rotation> layers() {
        return layers;
    }

    @Override
    public String toString() {
        return "OnCallSchedule[" + name + ", " + layers + "]";
    }

    /** Builds an {@link OnCallSchedule}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Rotation> layers = new ArrayList<>();

        private Builder(String name) {
            this.name = Arguments.notBlank("name", name);
        }

        /**
         * Adds a layer, overriding the earlier ones where it covers.
         *
         * @param layer the layer
         * @return this builder
         */
        public Builder layer(Rotation layer) {
            layers.add(Objects.requireNonNull(layer, "layer"));
            return this;
        }

        /**
         * Builds the schedule.
         *
         * @return the schedule
         * @throws IllegalArgumentException if it has no layer, or if some instant within
         *     {@link #CHECKED_SPAN} of the earliest layer's start has nobody on call (the message
         *     names the first gap)
         */
        public OnCallSchedule build() {
            if (layers.isEmpty()) {
                throw new IllegalArgumentException("layers of schedule '" + name + "' must not be empty, was none");
            }
            OnCallSchedule schedule = new OnCallSchedule(name, layers);
            LocalDate first = layers.get(0).startDate();
            for (Rotation layer : layers) {
                if (layer.startDate().isBefore(first)) {
                    first = layer.startDate();
                }
            }
            Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = from.plus(CHECKED_SPAN);
            List<Instant> bounds = schedule.boundaries(from, to);
            bounds.add(0, from);
            bounds.add(to);
            for (int i = 0; i + 1 < bounds.size(); i++) {
                Instant a = bounds.get(i);
                Instant b = bounds.get(i + 1);
                if (!a.isBefore(b)) {
                    continue;
                }
                if (!covered(a)) {
                    throw new IllegalArgumentException("schedule '" + name + "' must have someone on call at every "
                            + "instant, was nobody from " + a + " to " + b + " (layers overlap but leave this gap)");
                }
            }
            return schedule;
        }

        private boolean covered(Instant t) {
            for (Rotation layer : layers) {
                if (layer.covers(t)) {
                    return true;
                }
            }
            return false;
        }
    }
}
