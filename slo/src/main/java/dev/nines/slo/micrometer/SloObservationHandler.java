package dev.nines.slo.micrometer;

import dev.nines.core.time.TimeSource;
import dev.nines.slo.Sli;
import dev.nines.slo.SloTracker;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Micrometer {@link ObservationHandler} that feeds {@link SloTracker}s from the observations an
 * application (or its framework: Spring Boot 3, Micronaut, Helidon) already makes, so no endpoint
 * needs a {@code recordGood()} or {@code recordBad()} call.
 *
 * <p>Each {@link ObservationMapping} names an observation, the low-cardinality tags it must carry
 * (e.g. {@code http.server.requests} with {@code uri=/checkout}) and an SLO. When an observation
 * stops, every mapping it matches records one event in its SLO's tracker, judged by the mapping's
 * {@link ObservationClassification}: {@code recordGood()}/{@code recordBad()} for a request-ratio
 * SLI, {@code recordLatency(nanos, succeeded)} for a latency SLI. Observations that match no
 * mapping are ignored (one hash lookup on the observation's name).
 *
 * <p>Latency is measured with the injected {@link TimeSource}'s monotonic clock from the
 * observation's start to its stop; the handler then stores the start reading in the observation's
 * context, only for observation names that a latency rule or latency SLI needs (one boxed
 * {@code Long} per observation, as Micrometer's own timer handler stores a {@code Timer.Sample}).
 * Recording takes no lock. Measured with JMH {@code -prof gc} ({@code ObservationBenchmark}), an
 * observation costs 48 B more with this handler than with an empty handler for a request-ratio
 * mapping, and 136 B more for a latency mapping (the boxed start time and its context-map entry);
 * the source of the first 48 B is not yet pinned down (see {@code BENCHMARKS.md}).
 *
 * <p>Bad configuration fails in {@link Builder#build()}: a mapping that names an SLO with no
 * tracker, a latency rule on an SLO that has a latency SLI (its threshold already judges latency),
 * two trackers for one SLO name or the same mapping twice. Immutable and thread-safe.
 *
 * <pre>{@code
 * SloObservationHandler handler = SloObservationHandler.builder(TimeSource.system())
 *         .tracker(checkoutAvailability)                      // SLO "checkout-availability"
 *         .mapping(ObservationMapping.builder("http.server.requests", "checkout-availability")
 *                 .tag("uri", "/checkout")
 *                 .classification(ObservationClassification.builder().badStatus("5xx").badStatus("429").build())
 *                 .build())
 *         .build();
 * observationRegistry.observationConfig().observationHandler(handler);
 * }</pre>
 */
public final class SloObservationHandler implements ObservationHandler<Observation.Context> {

    /** The context key under which the start reading of the monotonic clock is kept. */
    private static final Object START_NANOS = new Object() {
        @Override
        public String toString() {
            return "nines.slo.startNanos";
        }
    };

    private final TimeSource time;
    private final Map<String, Route[]> routesByName;
    private final List<ObservationMapping> mappings;
    private final List<SloTracker> trackers;

    private SloObservationHandler(
            TimeSource time,
            Map<String, Route[]> routesByName,
            List<ObservationMapping> mappings,
            List<SloTracker> trackers) {
        this.time = time;
        this.routesByName = routesByName;
        this.mappings = mappings;
        this.trackers = trackers;
    }

    /**
     * Returns a builder of a handler that measures latency with {@code timeSource}'s monotonic clock
     * (pass the trackers' {@code ManualTimeSource} in tests).
     *
     * @param timeSource the clock for latencies
     * @return a new builder
     */
    public static Builder builder(TimeSource timeSource) {
        return new Builder(Objects.requireNonNull(timeSource, "timeSource"));
    }

    /**
     * Returns a builder holding this handler's clock, trackers and mappings, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(time);
        trackers.forEach(b::tracker);
        mappings.forEach(b::mapping);
        return b;
    }

    /**
     * Returns the mappings, in the order added.
     *
     * @return the mappings, unmodifiable
     */
    public List<ObservationMapping> mappings() {
        return mappings;
    }

    /**
     * Returns the trackers, in the order added.
     *
     * @return the trackers, unmodifiable
     */
    public List<SloTracker> trackers() {
        return trackers;
    }

    /**
     * Accepts every context: the name of an observation created with a convention is only known
     * when it starts, after Micrometer asks this, so filtering happens in {@link #onStart} and
     * {@link #onStop} with one hash lookup.
     *
     * @param context the observation's context
     * @return {@code true}
     */
    @Override
    public boolean supportsContext(Observation.Context context) {
        return true;
    }

    /**
     * Keeps the start time for observations whose mappings need a latency.
     *
     * @param context the observation's context
     */
    @Override
    public void onStart(Observation.Context context) {
        String name = context.getName();
        if (name == null) {
            return;
        }
        Route[] routes = routesByName.get(name);
        if (routes != null && routes[0].nameNeedsLatency) {
            context.put(START_NANOS, time.nanoTime());
        }
    }

    /**
     * Records one event in the tracker of every mapping the observation matches.
     *
     * @param context the observation's context
     */
    @Override
    public void onStop(Observation.Context context) {
        String name = context.getName();
        if (name == null) {
            return;
        }
        Route[] routes = routesByName.get(name);
        if (routes == null) {
            return;
        }
        long elapsed = -1;
        if (routes[0].nameNeedsLatency) {
            Long start = context.get(START_NANOS);
            if (start != null) {
                elapsed = Math.max(0, time.nanoTime() - start);
            }
        }
        Throwable error = context.getError();
        for (Route route : routes) {
            if (route.mapping.matches(context)) {
                route.record(context, error, elapsed);
            }
        }
    }

    @Override
    public String toString() {
        return "SloObservationHandler" + mappings;
    }

    /** One mapping resolved to its tracker. */
    private static final class Route {
        final ObservationMapping mapping;
        final ObservationClassification rule;
        final SloTracker tracker;
        final boolean latencySli;
        final boolean needsLatency;
        boolean nameNeedsLatency; // same for every route of a name; set once while building

        Route(ObservationMapping mapping, SloTracker tracker) {
            this.mapping = mapping;
            this.rule = mapping.classification();
            this.tracker = tracker;
            this.latencySli = tracker.slo().sli() instanceof Sli.LatencyThreshold;
            this.needsLatency = latencySli || rule.hasLatencyRule();
        }

        void record(Observation.Context context, @Nullable Throwable error, long elapsedNanos) {
            if (needsLatency && elapsedNanos < 0) {
                return; // started before the handler was registered: no latency to judge
            }
            boolean failed = rule.isBadError(error) || rule.isBadStatus(statusOf(context, rule.statusKey()));
            if (latencySli) {
                tracker.recordLatency(elapsedNanos, !failed);
            } else if (failed || rule.isSlow(elapsedNanos)) {
                tracker.recordBad();
            } else {
                tracker.recordGood();
            }
        }

        private static @Nullable String statusOf(Observation.Context context, String key) {

            io.micrometer.common.KeyValue kv = context.getLowCardinalityKeyValue(key);
            return kv == null ? null : kv.getValue();
        }
    }

    /** Builder of {@link SloObservationHandler}; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private final TimeSource time;
        private final List<SloTracker> trackers = new ArrayList<>();
        private final List<ObservationMapping> mappings = new ArrayList<>();

        private Builder(TimeSource time) {
            this.time = time;
        }

        /**
         * Adds a tracker that mappings can name by its SLO's name.
         *
         * @param tracker the tracker
         * @return this builder
         */
        public Builder tracker(SloTracker tracker) {
            trackers.add(Objects.requireNonNull(tracker, "tracker"));
            return this;
        }

        /**
         * Adds a mapping from observations to an SLO.
         *
         * @param mapping the mapping
         * @return this builder
         */
        public Builder mapping(ObservationMapping mapping) {
            mappings.add(Objects.requireNonNull(mapping, "mapping"));
            return this;
        }

        /**
         * Builds the handler.
         *
         * @return the handler
         * @throws IllegalArgumentException if two trackers share an SLO name, a mapping names an SLO
         *     with no tracker, a mapping with a latency rule names an SLO with a latency SLI, or a
         *     mapping is added twice; the message names it
         */
        public SloObservationHandler build() {
            Map<String, SloTracker> bySlo = new LinkedHashMap<>();
            for (SloTracker tracker : trackers) {
                if (bySlo.putIfAbsent(tracker.slo().name(), tracker) != null) {
                    throw new IllegalArgumentException(
                            "tracker: two trackers for SLO '" + tracker.slo().name() + "'");
                }
            }
            Map<String, List<Route>> grouped = new LinkedHashMap<>();
            List<String> seen = new ArrayList<>();
            for (ObservationMapping mapping : mappings) {
                SloTracker tracker = bySlo.get(mapping.sloName());
                if (tracker == null) {
                    throw new IllegalArgumentException("mapping " + mapping + " names SLO '" + mapping.sloName()
                            + "', which has no tracker; trackers: " + bySlo.keySet());
                }
                if (tracker.slo().sli() instanceof Sli.LatencyThreshold
                        && mapping.classification().hasLatencyRule()) {
                    throw new IllegalArgumentException("mapping " + mapping + " sets slowerThan="
                            + mapping.classification().slowerThan().orElseThrow() + " but SLO '" + mapping.sloName()
                            + "' has a latency SLI, whose threshold judges latency");
                }
                String identity = mapping.observationName() + mapping.tags() + mapping.sloName();
                if (seen.contains(identity)) {
                    throw new IllegalArgumentException("mapping " + mapping + " was added twice");
                }
                seen.add(identity);
                grouped.computeIfAbsent(mapping.observationName(), k -> new ArrayList<>())
                        .add(new Route(mapping, tracker));
            }
            Map<String, Route[]> routes = new HashMap<>();
            grouped.forEach((name, list) -> {
                Route[] array = list.toArray(new Route[0]);
                boolean needs = false;
                for (Route r : array) {
                    needs |= r.needsLatency;
                }
                for (Route r : array) {
                    r.nameNeedsLatency = needs;
                }
                routes.put(name, array);
            });
            return new SloObservationHandler(time, Map.copyOf(routes), List.copyOf(mappings), List.copyOf(trackers));
        }
    }
}
