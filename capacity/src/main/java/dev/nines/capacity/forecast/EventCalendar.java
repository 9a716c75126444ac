package dev.nines.capacity.forecast;

import dev.nines.core.internal.Arguments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Known past and future events with their uplifts. A point belongs to an event when its instant lies in
 * the event's {@code [start, end)}. Uplifts are given by hand or learned from the history: fit a model
 * with past event points excluded ({@link #fitExcludingEvents}), then compare what happened during each
 * past occurrence with that model's baseline ({@link #learnUplifts}). Immutable and thread-safe.
 *
 * <pre>{@code
 * EventCalendar calendar = EventCalendar.builder()
 *         .event("campaign", Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"))
 *         .event("campaign", Instant.parse("2026-05-04T00:00:00Z"), Instant.parse("2026-05-05T00:00:00Z"))
 *         .uplift("launch", Uplift.multiplicative(2.0))
 *         .event("launch", Instant.parse("2026-05-11T00:00:00Z"), Instant.parse("2026-05-12T00:00:00Z"))
 *         .build();
 * FittedModel fit = calendar.fitExcludingEvents(ForecastModel.holtWinters(HoltWintersConfig.additive(168)), history);
 * Forecast forecast = calendar.learnUplifts(fit, Uplift.Type.MULTIPLICATIVE).apply(fit.forecast(24 * 14));
 * }</pre>
 */
public final class EventCalendar {

    private final List<CalendarEvent> events;
    private final Map<String, Uplift> uplifts;

    private EventCalendar(List<CalendarEvent> events, Map<String, Uplift> uplifts) {
        this.events = List.copyOf(events);
        this.uplifts = Collections.unmodifiableMap(new LinkedHashMap<>(uplifts));
    }

    /**
     * Returns a builder for an empty calendar.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the events in the order they were added.
     *
     * @return the events
     */
    public List<CalendarEvent> events() {
        return events;
    }

    /**
     * Returns the known uplift per event kind.
     *
     * @return the uplifts
     */
    public Map<String, Uplift> uplifts() {
        return uplifts;
    }

    /**
     * Returns the uplift of an event kind, if known.
     *
     * @param kind the kind
     * @return the uplift or empty
     */
    public Optional<Uplift> uplift(String kind) {
        return Optional.ofNullable(uplifts.get(Objects.requireNonNull(kind, "kind")));
    }

    /**
     * Returns the indices of the points of {@code series} that fall inside any event.
     *
     * @param series the series
     * @return the event points
     */
    public BitSet eventPoints(TimeSeries series) {
        Objects.requireNonNull(series, "series");
        BitSet mask = new BitSet(series.size());
        for (CalendarEvent e : events) {
            mark(series, e, mask);
        }
        return mask;
    }

    private static void mark(TimeSeries series, CalendarEvent e, BitSet mask) {
        long first = Math.max(0, series.indexOf(e.start()));
        long last = Math.min(series.size() - 1L, series.indexOf(e.end()));
        for (long i = first; i <= last; i++) {
            if (e.contains(series.time(i))) {
                mask.set((int) i);
            }
        }
    }

    /**
     * Fits {@code model} with every event point of {@code series} excluded, so that the model learns the
     * normal traffic and, through its one-step forecasts on the event points, the baseline the events
     * rose above.
     *
     * @param model the model
     * @param series the history
     * @return the fitted model
     * @throws IllegalArgumentException as {@link ForecastModel#fit(TimeSeries, BitSet)}
     */
    public FittedModel fitExcludingEvents(ForecastModel model, TimeSeries series) {
        Objects.requireNonNull(model, "model");
        return model.fit(series, eventPoints(series));
    }

    /**
     * Returns a calendar where every event kind without a hand-given uplift gets one learned from its past
     * occurrences in the fitted series: per occurrence, {@code sum(actual) / sum(baseline)} (multiplicative)
     * or {@code mean(actual - baseline)} (additive) over its points, averaged over occurrences; the baseline
     * is the model's one-step forecast. Pass a fit from {@link #fitExcludingEvents}, otherwise the baseline
     * has already followed the event. Kinds that never occur in the fitted range stay without uplift.
     *
     * @param fit a model fitted with the event points excluded
     * @param type the type of uplift to learn
     * @return a calendar with the learned uplifts added
     */
    public EventCalendar learnUplifts(FittedModel fit, Uplift.Type type) {
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(type, "type");
        TimeSeries series = fit.series();
        TimeSeries fitted = fit.fitted();
        long offset = series.indexOf(fitted.start());
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (CalendarEvent e : events) {
            if (uplifts.containsKey(e.kind())) {
                continue;
            }
            BitSet mask = new BitSet();
            mark(series, e, mask);
            double actual = 0;
            double baseline = 0;
            int count = 0;
            for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
                long j = i - offset;
                if (j >= 0 && j < fitted.size()) {
                    actual += series.value(i);
                    baseline += fitted.value((int) j);
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            double estimate;
            if (type == Uplift.Type.MULTIPLICATIVE) {
                if (!(baseline > 0)) {
                    throw new IllegalArgumentException(
                            "cannot learn a multiplicative uplift for '" + e.kind() + "': the baseline over "
                                    + e.start() + ".." + e.end() + " is not positive (" + baseline + ")");
                }
                estimate = actual / baseline;
            } else {
                estimate = (actual - baseline) / count;
            }
            double[] acc = sums.computeIfAbsent(e.kind(), k -> new double[2]);
            acc[0] += estimate;
            acc[1]++;
        }
        Map<String, Uplift> learned = new LinkedHashMap<>(uplifts);
        sums.forEach((kind, acc) -> learned.put(kind, new Uplift(type, acc[0] / acc[1])));
        return new EventCalendar(events, learned);
    }

    /**
     * Applies the uplifts of the events that cover each forecast point to its mean and interval bounds
     * (overlapping events apply one after the other, in the order they were added).
     *
     * @param forecast the forecast without events
     * @return the forecast with events
     * @throws IllegalStateException if an event covering a forecast point has no known uplift
     */
    public Forecast apply(Forecast forecast) {
        Objects.requireNonNull(forecast, "forecast");
        List<ForecastPoint> out = new ArrayList<>(forecast.horizon());
        boolean changed = false;
        for (ForecastPoint p : forecast.points()) {
            double mean = p.mean();
            double lower = p.lower();
            double upper = p.upper();
            for (CalendarEvent e : events) {
                if (e.contains(p.time())) {
                    Uplift u = uplifts.get(e.kind());
                    if (u == null) {
                        throw new IllegalStateException("no uplift known for event kind '" + e.kind()
                                + "' (give one by hand or learn it from history that contains it)");
                    }
                    mean = u.applyTo(mean);
                    lower = u.applyTo(lower);
                    upper = u.applyTo(upper);
                    changed = true;
                }
            }
            out.add(new ForecastPoint(p.time(), mean, lower, upper));
        }
        return changed ? new Forecast(forecast.model() + " with events", forecast.level(), out) : forecast;
    }

    /** Builds an {@link EventCalendar}. Not thread-safe. */
    public static final class Builder {
        private final List<CalendarEvent> events = new ArrayList<>();
        private final Map<String, Uplift> uplifts = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds an event occurrence.
         *
         * @param kind the kind; not blank
         * @param start the first instant affected
         * @param end the first instant no longer affected; after {@code start}
         * @return this builder
         * @throws IllegalArgumentException if the event is invalid
         */
        public Builder event(String kind, Instant start, Instant end) {
            events.add(new CalendarEvent(kind, start, end));
            return this;
        }

        /**
         * Adds an event occurrence.
         *
         * @param event the event
         * @return this builder
         */
        public Builder event(CalendarEvent event) {
            events.add(Objects.requireNonNull(event, "event"));
            return this;
        }

        /**
         * Sets the uplift of an event kind by hand (it is then never learned).
         *
         * @param kind the kind; not blank
         * @param uplift the uplift
         * @return this builder
         */
        public Builder uplift(String kind, Uplift uplift) {
            uplifts.put(Arguments.notBlank("kind", kind), Objects.requireNonNull(uplift, "uplift"));
            return this;
        }

        /**
         * Builds the calendar.
         *
         * @return the calendar
         */
        public EventCalendar build() {
            return new EventCalendar(events, uplifts);
        }
    }
}
