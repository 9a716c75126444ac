package dev.nines.capacity.forecast;

import dev.nines.core.internal.Arguments;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * An alert whose threshold follows a forecast: it fires when an observed series leaves the
 * prediction interval of a {@link ForecastModel} (Holt-Winters, seasonal naive) for at least
 * {@code n} of the last {@code m} points. Inside an {@link EventCalendar} window (a campaign, a
 * sale) the band is widened by {@link Builder#eventWidening(double)} instead of paging: the
 * traffic spike was announced.
 *
 * <p>{@link #evaluate(TimeSeries, int)} replays a series: after the first {@code trainingPoints},
 * every {@link Builder#refitEvery(int)} points it refits the model on everything before, leaving
 * out event windows and the points it already found outside the band (so an anomaly does not
 * become the next baseline), forecasts the next block with intervals at
 * {@link Builder#level(double)}, and judges each point of the block.
 *
 * <p>Immutable and thread-safe; bad settings raise {@link IllegalArgumentException} naming the field.
 *
 * <pre>{@code
 * BaselineAlert alert = BaselineAlert.builder(ForecastModel.holtWinters(HoltWintersConfig.additive(24)))
 *         .level(0.99).outOf(3, 5).calendar(campaigns).build();
 * BaselineAlert.Result result = alert.evaluate(hourlyRequests, 14 * 24);
 * result.firing();            // the points at which the alert fires
 * }</pre>
 */
public final class BaselineAlert {

    private final ForecastModel model;
    private final double level;
    private final int n;
    private final int m;
    private final int refitEvery;
    private final EventCalendar calendar;
    private final double eventWidening;

    private BaselineAlert(Builder b) {
        this.model = b.model;
        this.level = b.level;
        this.n = b.n;
        this.m = b.m;
        this.refitEvery = b.refitEvery;
        this.calendar = b.calendar;
        this.eventWidening = b.eventWidening;
    }

    /**
     * Returns a builder over {@code model}.
     *
     * @param model the forecasting model whose prediction interval is the band
     * @return a new builder
     */
    public static Builder builder(ForecastModel model) {
        return new Builder(model);
    }

    /**
     * Returns a builder with this alert's settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(model)
                .level(level)
                .outOf(n, m)
                .refitEvery(refitEvery)
                .calendar(calendar)
                .eventWidening(eventWidening);
    }

    /**
     * Replays {@code series} from point {@code trainingPoints} on.
     *
     * @param series the observed series, no missing points
     * @param trainingPoints how many leading points only train the model; fewer than the series' size
     * @return the band and verdict of every judged point
     * @throws IllegalArgumentException if {@code trainingPoints} is out of range, or the model cannot
     *     fit the training points
     */
    public Result evaluate(TimeSeries series, int trainingPoints) {
        Objects.requireNonNull(series, "series");
        if (trainingPoints < 1 || trainingPoints >= series.size()) {
            throw new IllegalArgumentException(
                    "trainingPoints must be in [1, " + (series.size() - 1) + "], was " + trainingPoints);
        }
        BitSet events = calendar.eventPoints(series);
        BitSet excluded = (BitSet) events.clone();
        List<Point> points = new ArrayList<>();
        boolean[] outside = new boolean[series.size()];
        for (int blockStart = trainingPoints; blockStart < series.size(); blockStart += refitEvery) {
            int blockEnd = Math.min(series.size(), blockStart + refitEvery);
            FittedModel fit = model.fit(series.slice(0, blockStart), excluded.get(0, blockStart));
            Forecast forecast = fit.forecast(blockEnd - blockStart, level);
            for (int i = blockStart; i < blockEnd; i++) {
                ForecastPoint p = forecast.step(i - blockStart + 1);
                double lower = p.lower();
                double upper = p.upper();
                boolean inEvent = events.get(i);
                if (inEvent) { // an announced event: traffic may run eventWidening times higher or lower
                    lower = lower / eventWidening;
                    upper = upper * eventWidening;
                }
                double observed = series.value(i);
                outside[i] = observed < lower || observed > upper;
                if (outside[i]) {
                    excluded.set(i);
                }
                int count = 0;
                for (int j = Math.max(trainingPoints, i - m + 1); j <= i; j++) {
                    if (outside[j]) {
                        count++;
                    }
                }
                points.add(
                        new Point(series.time(i), observed, p.mean(), lower, upper, outside[i], inEvent, count >= n));
            }
        }
        return new Result(points);
    }

    /**
     * One judged point.
     *
     * @param time when
     * @param observed the observed value
     * @param expected the forecast mean
     * @param lower the band's lower bound (divided by the widening in an event window)
     * @param upper the band's upper bound (multiplied by the widening in an event window)
     * @param outside whether the observed value left the band
     * @param inEvent whether the point is in an event-calendar window
     * @param firing whether the alert fires: at least {@code n} of the last {@code m} points outside
     */
    public record Point(
            Instant time,
            double observed,
            double expected,
            double lower,
            double upper,
            boolean outside,
            boolean inEvent,
            boolean firing) {}

    /**
     * The judged points, in order.
     *
     * @param points every point after the training points
     */
    public record Result(List<Point> points) {
        /**
         * Copies the points.
         *
         * @param points the points
         */
        public Result {
            points = List.copyOf(points);
        }

        /**
         * Returns the points at which the alert fires.
         *
         * @return the firing points
         */
        public List<Point> firing() {
            List<Point> out = new ArrayList<>();
            for (Point p : points) {
                if (p.firing()) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    /** Builds a {@link BaselineAlert}; not thread-safe. */
    public static final class Builder {
        private final ForecastModel model;
        private double level = 0.99;
        private int n = 3;
        private int m = 5;
        private int refitEvery = 24;
        private EventCalendar calendar = EventCalendar.builder().build();
        private double eventWidening = 3.0;

        private Builder(ForecastModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /**
         * Sets the prediction interval's level.
         *
         * @param level in (0, 1); default 0.99
         * @return this builder
         */
        public Builder level(double level) {
            this.level = Arguments.inOpen("level", level, 0, 1);
            return this;
        }

        /**
         * Fires when at least {@code n} of the last {@code m} points are outside the band.
         *
         * @param n at least 1
         * @param m at least {@code n}
         * @return this builder
         * @throws IllegalArgumentException if {@code n < 1} or {@code m < n}
         */
        public Builder outOf(int n, int m) {
            Arguments.atLeast("n", n, 1);
            if (m < n) {
                throw new IllegalArgumentException("m must be at least n " + n + ", was " + m);
            }
            this.n = n;
            this.m = m;
            return this;
        }

        /**
         * Sets how many points each refit forecasts before the next.
         *
         * @param points at least 1; default 24 (a day of hours)
         * @return this builder
         */
        public Builder refitEvery(int points) {
            this.refitEvery = Arguments.atLeast("refitEvery", points, 1);
            return this;
        }

        /**
         * Sets the calendar of announced events, whose windows widen the band.
         *
         * @param calendar the calendar; default empty
         * @return this builder
         */
        public Builder calendar(EventCalendar calendar) {
            this.calendar = Objects.requireNonNull(calendar, "calendar");
            return this;
        }

        /**
         * Sets how much wider the band is inside an event window: its upper bound is multiplied,
         * its lower bound divided, by {@code factor} (a campaign may triple the traffic).
         *
         * @param factor at least 1; default 3
         * @return this builder
         */
        public Builder eventWidening(double factor) {
            this.eventWidening = Arguments.atLeast("eventWidening", factor, 1.0);
            return this;
        }

        /**
         * Builds the alert.
         *
         * @return the alert
         */
        public BaselineAlert build() {
            return new BaselineAlert(this);
        }
    }
}
