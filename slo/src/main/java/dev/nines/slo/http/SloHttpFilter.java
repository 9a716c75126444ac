package dev.nines.slo.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.Sli;
import dev.nines.slo.SloTracker;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A {@code com.sun.net.httpserver} {@link Filter} that records a server SLI per route: each
 * exchange on a context whose path has a tracker records one event in it, measured from before the
 * handler runs to after it returns with the injected {@link TimeSource}.
 *
 * <p>An exchange is bad when the handler throws (the exception is rethrown), sends no response
 * headers, or sends a status the {@link Builder#badStatus(IntPredicate) bad-status rule} matches
 * (5xx by default). A latency-SLI tracker records the duration with
 * {@code recordLatency(nanos, succeeded)}. Exchanges on contexts with no tracker pass through
 * unrecorded. One filter may be added to many contexts: the route is the context's path
 * ({@code HttpContext#getPath()}), never the raw request path, so its cardinality is bounded.
 *
 * <p>The event is recorded when the handler returns, which may be just after the client has read
 * the response. Recording takes no lock and allocates nothing beyond the server's own work. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * SloHttpFilter slos = SloHttpFilter.builder(TimeSource.system())
 *         .route("/checkout", checkoutTracker)
 *         .build();
 * server.createContext("/checkout", checkoutHandler).getFilters().add(slos);
 * }</pre>
 */
public final class SloHttpFilter extends Filter {

    private final TimeSource time;
    private final Map<String, SloTracker> routes;
    private final Map<String, Boolean> latencyRoutes;
    private final IntPredicate badStatus;

    private SloHttpFilter(Builder b) {
        this.time = b.time;
        this.routes = Map.copyOf(b.routes);
        Map<String, Boolean> latency = new HashMap<>();
        b.routes.forEach((path, tracker) -> latency.put(path, tracker.slo().sli() instanceof Sli.LatencyThreshold));
        this.latencyRoutes = Map.copyOf(latency);
        this.badStatus = b.badStatus;
    }

    /**
     * Returns a builder of a filter that times exchanges with {@code timeSource}.
     *
     * @param timeSource the clock for latencies
     * @return a new builder
     */
    public static Builder builder(TimeSource timeSource) {
        return new Builder(Objects.requireNonNull(timeSource, "timeSource"));
    }

    /**
     * Returns the routes (context paths) and their trackers.
     *
     * @return the routes, unmodifiable
     */
    public Map<String, SloTracker> routes() {
        return routes;
    }

    /**
     * Runs the rest of the chain and records the exchange in its route's tracker.
     *
     * @param exchange the exchange
     * @param chain the rest of the chain
     * @throws IOException if the chain throws it (recorded as bad, then rethrown)
     */
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        String path = exchange.getHttpContext().getPath();
        SloTracker tracker = routes.get(path);
        if (tracker == null) {
            chain.doFilter(exchange);
            return;
        }
        long start = time.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(exchange);
            int status = exchange.getResponseCode();
            failed = status < 0 || badStatus.test(status);
        } finally {
            long nanos = Math.max(0, time.nanoTime() - start);
            if (Boolean.TRUE.equals(latencyRoutes.get(path))) { // same keys as routes

                tracker.recordLatency(nanos, !failed);
            } else if (failed) {
                tracker.recordBad();
            } else {
                tracker.recordGood();
            }
        }
    }

    /**
     * Describes the filter.
     *
     * @return a description naming the routes
     */
    @Override
    public String description() {
        return "Nines SLO filter for routes " + routes.keySet();
    }

    /** Builder of {@link SloHttpFilter}. Not thread-safe. */
    public static final class Builder {
        private final TimeSource time;
        private final Map<String, SloTracker> routes = new LinkedHashMap<>();
        private IntPredicate badStatus = status -> status >= 500;

        private Builder(TimeSource time) {
            this.time = time;
        }

        /**
         * Records the exchanges of the context with this path in {@code tracker}.
         *
         * @param contextPath the context's path as given to {@code createContext}, starting with {@code /}
         * @param tracker the route's tracker
         * @return this builder
         * @throws IllegalArgumentException if the path does not start with {@code /} or already has a tracker
         */
        public Builder route(String contextPath, SloTracker tracker) {
            Objects.requireNonNull(contextPath, "contextPath");
            Objects.requireNonNull(tracker, "tracker");
            if (!contextPath.startsWith("/")) {
                throw new IllegalArgumentException("contextPath must start with '/', was '" + contextPath + "'");
            }
            if (routes.putIfAbsent(contextPath, tracker) != null) {
                throw new IllegalArgumentException("contextPath '" + contextPath + "' already has a tracker");
            }
            return this;
        }

        /**
         * Sets which response statuses are bad (default: 500 and above).
         *
         * @param badStatus the rule
         * @return this builder
         */
        public Builder badStatus(IntPredicate badStatus) {
            this.badStatus = Objects.requireNonNull(badStatus, "badStatus");
            return this;
        }

        /**
         * Builds the filter.
         *
         * @return the filter
         * @throws IllegalArgumentException if no route was given
         */
        public SloHttpFilter build() {
            if (routes.isEmpty()) {
                throw new IllegalArgumentException("routes must not be empty, was {}");
            }
            return new SloHttpFilter(this);
        }
    }
}
