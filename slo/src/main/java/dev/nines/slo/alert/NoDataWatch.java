package dev.nines.slo.alert;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.SloTracker;
import dev.nines.slo.alert.NoDataEvent.NoDataEnded;
import dev.nines.slo.alert.NoDataEvent.NoDataStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Watches a {@link SloTracker}'s input: when nothing has been recorded for at least
 * {@link Builder#minimumSilence(Duration) minimumSilence} while the traffic forecast expected at
 * least {@link Builder#minimumExpectedEvents(double) minimumExpectedEvents} events, the silence is
 * a monitoring gap, not good time. The watch then marks it no-data on the tracker
 * ({@link SloTracker#markNoData(Instant, Instant, String)}), keeps extending the mark while the
 * silence lasts, and reports {@link NoDataStarted} and, once events arrive again,
 * {@link NoDataEnded}.
 *
 * <p>Marked gaps lower {@link dev.nines.slo.SloStatus#dataCoverage()}, show as the
 * {@code nines_slo_excluded{exclusion="no_data"}} gauge of {@code SloMetrics}, and leave no
 * time slice judged good: without the watch, a dead instrumentation path reads as a quiet,
 * healthy SLO with full coverage.
 *
 * <p>The watch knows the tracker's totals only at its checks: a silence starts at the last check
 * that saw the totals grow and ends at the last check that did not, so the reported gap lies
 * inside the true one, short of it by at most one check interval at each end. The marks shrink it
 * further to whole 10-second buckets (from the bucket after the last events' to the bucket of the
 * last silent check): the tracker rounds exclusions outwards to its buckets, and a mark must not
 * exclude the events recorded just before the gap or just after it. (As a mark ages, the tracker's coarser tiers round it outwards to 1 and then
 * 5 minutes, as for any exclusion.) With the default of 10 expected
 * events, a Poisson source that is alive stays silent that long with probability
 * {@code e^-10}, about 4.5e-5.
 *
 * <p>No thread of its own: call {@link #check()} from your scheduler, e.g. every 30 seconds.
 * Thread-safe: checks are serialised; listeners run on the checking thread after the state has
 * been updated, and a listener's exception never breaks the check.
 *
 * <pre>{@code
 * NoDataWatch watch = NoDataWatch.builder(tracker, TrafficExpectation.steady(50), TimeSource.system())
 *         .minimumSilence(Duration.ofMinutes(2))
 *         .build();
 * watch.onEvent(e -> log.warn("SLO input: {}", e));
 * scheduler.scheduleAtFixedRate(watch::check, 30, 30, TimeUnit.SECONDS);
 * }</pre>
 */
public final class NoDataWatch {

    /** The default silence after which a gap can start. */
    public static final Duration DEFAULT_MINIMUM_SILENCE = Duration.ofMinutes(5);

    /** The default number of events the forecast must expect over the silence. */
    public static final double DEFAULT_MINIMUM_EXPECTED_EVENTS = 10;

    /** The tracker's finest bucket, to which marks shrink so that they exclude no recorded event. */
    private static final long BUCKET_MILLIS = 10_000L;

    private final SloTracker tracker;
    private final TrafficExpectation expectation;
    private final TimeSource time;
    private final Duration minimumSilence;
    private final double minimumExpectedEvents;
    private final String reason;
    private final EventListeners<NoDataEvent> listeners;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private long lastTotal;
    private Instant lastGrowth;
    private Instant lastCheck;
    private @Nullable Gap gap; // the silence in progress, null while events arrive

    private NoDataWatch(Builder b) {
        this.tracker = b.tracker;
        this.expectation = b.expectation;
        this.time = b.time;
        this.minimumSilence = b.minimumSilence;
        this.minimumExpectedEvents = b.minimumExpectedEvents;
        this.reason = b.reason;
        this.listeners =
                EventListeners.create("no-data watch of SLO '" + tracker.slo().name() + "'");
        this.lastTotal = total();
        this.lastGrowth = time.now();
        this.lastCheck = lastGrowth;
    }

    /**
     * Returns a builder of a watch over {@code tracker}.
     *
     * @param tracker the tracker whose input to watch
     * @param expectation the traffic forecast
     * @param timeSource the clock (use the tracker's)
     * @return a new builder
     */
    public static Builder builder(SloTracker tracker, TrafficExpectation expectation, TimeSource timeSource) {
        return new Builder(tracker, expectation, timeSource);
    }

    private long total() {
        return tracker.totalGood() + tracker.totalBad();
    }

    /**
     * Compares the tracker's totals with the last check and the forecast, marks and extends gaps,
     * and notifies listeners.
     *
     * @return the event this check raised, if any
     * @throws IllegalArgumentException if the expectation returns a negative or non-finite number
     *     (nothing is marked then)
     */
    public Optional<NoDataEvent> check() {
        NoDataEvent event = null;
        lock.lock();
        try {
            Instant now = time.now();
            if (now.isBefore(lastCheck)) {
                now = lastCheck; // a clock step backwards: never mark into the past of a check
            }
            long total = total();
            if (total != lastTotal) {
                Gap ended = gap;
                if (ended != null) {
                    ended.mark(floor(lastCheck));
                    event = new NoDataEnded(tracker.slo().name(), ended.since, lastCheck, now);
                    gap = null;
                }
                lastTotal = total;
                lastGrowth = now;
            } else if (gap == null) {
                Duration silence = Duration.between(lastGrowth, now);
                if (silence.compareTo(minimumSilence) >= 0) {
                    double expected = expectation.expectedEvents(lastGrowth, now);
                    Arguments.atLeast("expectedEvents(" + lastGrowth + ", " + now + ")", expected, 0.0);
                    if (expected >= minimumExpectedEvents) {
                        // marked from after the last events' bucket
                        Gap started = new Gap(lastGrowth, floor(lastGrowth).plusMillis(BUCKET_MILLIS));
                        gap = started;
                        started.mark(floor(now));
                        event = new NoDataStarted(tracker.slo().name(), lastGrowth, expected, now);
                    }
                }
            } else {
                Gap current = gap;
                if (Duration.between(current.markedUntil, now).compareTo(minimumSilence) >= 0) {
                    current.mark(floor(now)); // one mark per minimumSilence keeps the ledger short
                }
            }
            lastCheck = now;
        } finally {
            lock.unlock();
        }
        if (event != null) {
            listeners.publish(event);
        }
        return Optional.ofNullable(event);
    }

    /** A silence marked no-data: when it began and how far it is marked; guarded by the watch's lock. */
    private final class Gap {
        final Instant since;
        Instant markedUntil;

        Gap(Instant since, Instant markedUntil) {
            this.since = since;
            this.markedUntil = markedUntil;
        }

        /** Marks {@code [markedUntil, until)} no-data, if not empty. */
        void mark(Instant until) {
            if (until.isAfter(markedUntil)) {
                tracker.markNoData(markedUntil, until, reason);
                markedUntil = until;
            }
        }
    }

    private static Instant floor(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), BUCKET_MILLIS) * BUCKET_MILLIS);
    }

    /**
     * Returns the start of the gap in progress, if the input is silent and marked no-data now.
     *
     * @return the first instant of the current gap
     */
    public Optional<Instant> gapSince() {
        lock.lock();
        try {
            Gap current = gap;
            return current == null ? Optional.empty() : Optional.of(current.since);

        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a listener for gap starts and ends.
     *
     * @param listener the listener
     * @return a registration that unregisters it when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super NoDataEvent> listener) {
        return listeners.register(listener);
    }

    /**
     * Returns the tracker watched.
     *
     * @return the tracker
     */
    public SloTracker tracker() {
        return tracker;
    }

    /** Builds a {@link NoDataWatch}; not thread-safe. */
    public static final class Builder {
        private final SloTracker tracker;
        private final TrafficExpectation expectation;
        private final TimeSource time;
        private Duration minimumSilence = DEFAULT_MINIMUM_SILENCE;
        private double minimumExpectedEvents = DEFAULT_MINIMUM_EXPECTED_EVENTS;
        private String reason = "no events while traffic was expected (NoDataWatch)";

        private Builder(SloTracker tracker, TrafficExpectation expectation, TimeSource time) {
            this.tracker = Objects.requireNonNull(tracker, "tracker");
            this.expectation = Objects.requireNonNull(expectation, "expectation");
            this.time = Objects.requireNonNull(time, "timeSource");
        }

        /**
         * Sets how long the input must be silent before a gap can start; also how often a gap in
         * progress is extended on the tracker.
         *
         * @param minimumSilence positive; default 5 minutes
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder minimumSilence(Duration minimumSilence) {
            this.minimumSilence = Arguments.positive("minimumSilence", minimumSilence);
            return this;
        }

        /**
         * Sets how many events the forecast must expect over the silence for it to be a gap.
         *
         * @param minimumExpectedEvents positive and finite; default 10
         * @return this builder
         * @throws IllegalArgumentException if not positive or not finite
         */
        public Builder minimumExpectedEvents(double minimumExpectedEvents) {
            this.minimumExpectedEvents = Arguments.positive("minimumExpectedEvents", minimumExpectedEvents);
            return this;
        }

        /**
         * Sets the reason recorded with each no-data mark.
         *
         * @param reason not blank
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder reason(String reason) {
            this.reason = Arguments.notBlank("reason", reason);
            return this;
        }

        /**
         * Builds the watch; it counts silence from now.
         *
         * @return the watch
         */
        public NoDataWatch build() {
            return new NoDataWatch(this);
        }
    }
}
