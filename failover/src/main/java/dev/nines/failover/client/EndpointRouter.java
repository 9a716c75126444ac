package dev.nines.failover.client;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.retry.Sleeper;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Routes calls across a pool of stateless endpoints by weight, with a circuit breaker per endpoint.
 *
 * <ul>
 *   <li><b>Health</b>: endpoints are marked {@linkplain #markDown(String) down} and
 *       {@linkplain #markUp(String) up} (by health checks or the caller); an endpoint that comes back
 *       must stay up for the policy's grace period and is then used again according to the
 *       {@link FailbackPolicy} (at once, at the next periodic check, or after a manual
 *       {@link #failback(String)}). Each change is published as an {@link EndpointEvent}.
 *   <li><b>Breakers</b>: a chosen endpoint must also get a permission from its breaker; a denied pick
 *       falls through to the next eligible endpoint.
 *   <li><b>Fail fast</b>: when no endpoint can take the call, {@link #route()} throws
 *       {@link NoHealthyEndpointException} at once, with a retry-after that doubles per consecutive
 *       failure up to a bound and resets after a successful route. The exception says whether the
 *       pool is temporarily unavailable (retry later) or permanently (every endpoint excluded).
 *   <li><b>Panic mode</b> (optional, as in Envoy): when fewer than the panic threshold of endpoints
 *       are up, calls go to all endpoints regardless of health (breakers still apply), so that a
 *       health-check outage does not concentrate the whole load on a few endpoints.
 *   <li><b>Outlier ejection</b> (optional, as in Envoy, plus latency outliers): with an
 *       {@link OutlierDetection}, routes record each outcome (lock-free, allocation-free) and endpoints
 *       that fail in a row, or stand out from the others by success rate, failure percentage or a
 *       latency percentile, are ejected from the rotation for a time that grows with repeated
 *       ejections and decays while they stay healthy; at most a configured share of the endpoints is
 *       ejected at once. Analyses run when {@link #analyzeOutliers()} is called or on the scheduler
 *       passed to {@link #scheduleOutlierAnalysis(ScheduledExecutorService)}. Ejected endpoints count
 *       as unhealthy for panic mode.
 *   <li><b>In-flight work</b>: {@link #execute(WorkKind, EndpointCall)} applies the outcome contract
 *       to a call that fails with a connection failure: transactional work ends in
 *       {@link OutcomeUnknownException} and is never retried; idempotent work fails over to another
 *       endpoint, at most {@code maxFailoverAttempts} times per call (default 1) and no sooner than
 *       {@code failoverSpacing} after the previous attempt started; non-idempotent work is not
 *       retried.
 * </ul>
 *
 * <p>Thread-safe. {@code route()} takes no lock; with the default random generator it allocates only
 * the returned {@link Route}. A seeded generator passed to the builder is shared and should be used
 * from one thread (tests, simulations).
 *
 * <pre>{@code
 * EndpointRouter router = EndpointRouter.builder("search", time)
 *         .endpoint(new Endpoint("eu-1", 3)).endpoint(new Endpoint("eu-2", 1))
 *         .breakerConfig(CircuitBreakerConfig.ofDefaults())
 *         .panicMode(true)
 *         .build();
 * Result r = router.execute(WorkKind.IDEMPOTENT, endpoint -> client.search(endpoint.id(), query));
 * }</pre>
 */
public final class EndpointRouter {

    private final String name;
    private final TimeSource time;
    private final EndpointState[] states;
    private final boolean panicMode;
    private final double panicThresholdRatio;
    private final FailbackPolicy failback;
    private final long retryBaseNanos;
    private final long retryMaxNanos;
    private final @Nullable RandomGenerator random;
    private final Predicate<Throwable> connectionFailure;
    private final int maxFailoverAttempts;
    private final long failoverSpacingNanos;
    private final Sleeper sleeper;
    private final long originNanos;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final EventListeners<EndpointEvent> listeners;
    private final @Nullable OutlierDetector outliers;

    private EndpointRouter(Builder builder) {
        this.name = builder.name;
        this.time = builder.time;
        this.panicMode = builder.panicMode;
        this.panicThresholdRatio = builder.panicThresholdRatio;
        this.failback = builder.failback;
        this.retryBaseNanos = builder.retryBase.toNanos();
        this.retryMaxNanos = builder.retryMax.toNanos();
        this.random = builder.random;
        this.connectionFailure = builder.connectionFailure;
        this.maxFailoverAttempts = builder.maxFailoverAttempts;
        this.failoverSpacingNanos = builder.failoverSpacing.toNanos();
        this.sleeper = builder.sleeper == null ? Sleeper.parking(builder.time) : builder.sleeper;
        this.listeners = EventListeners.create("endpoint router " + name);
        this.originNanos = time.nanoTime();
        OutlierDetection detection = builder.outlierDetection;
        this.outliers =
                detection == null ? null : new OutlierDetector(name, detection, time, listeners, builder.endpoints);
        this.states = new EndpointState[builder.endpoints.size()];
        for (int i = 0; i < states.length; i++) {
            Endpoint endpoint = builder.endpoints.get(i);
            states[i] = new EndpointState(
                    endpoint,
                    CircuitBreaker.of(name + "/" + endpoint.id(), builder.breakerConfig, time),
                    outliers == null ? null : outliers.tracker(i));
        }
    }

    /**
     * Returns a builder.
     *
     * @param name the router name, used in breaker names and exceptions
     * @param time the clock for breakers, failback and durations
     * @return a new builder
     */
    public static Builder builder(String name, TimeSource time) {
        return new Builder(Arguments.notBlank("name", name), Objects.requireNonNull(time, "time"));
    }

    /**
     * Chooses an endpoint for one call.
     *
     * @return the route; finish it with one of its outcome methods
     * @throws NoHealthyEndpointException at once if no endpoint can take the call
     */
    public Route route() {
        return route(null);
    }

    /**
     * Routes and makes a call, applying the in-flight outcome contract of {@code kind} when the call
     * fails with a connection failure (see the builder's {@code connectionFailure}); other failures are
     * recorded and passed on.
     *
     * <p>Idempotent work that fails in flight fails over to an endpoint it has not tried yet, at most
     * {@code maxFailoverAttempts} times, waiting (through the builder's {@link Sleeper}) until
     * {@code failoverSpacing} has passed since the previous attempt started. When the attempts are used
     * up, or no untried endpoint can take the call, it ends in a {@link NoHealthyEndpointException}
     * whose cause is the last failure (earlier ones suppressed) and which says whether every endpoint is
     * excluded ({@linkplain NoHealthyEndpointException#isPermanent() permanent}) or the call may
     * succeed later.
     *
     * @param kind the kind of work
     * @param call the call
     * @param <T> the result type
     * @return the result
     * @throws NoHealthyEndpointException if no endpoint can take the call, or idempotent work ran out of
     *     failover attempts or endpoints
     * @throws OutcomeUnknownException if transactional work failed in flight
     * @throws Exception the call's failure otherwise
     */
    public <T> T execute(WorkKind kind, EndpointCall<T> call) throws Exception {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(call, "call");
        boolean @Nullable [] tried = null;
        List<Exception> failures = null;
        long lastStartNanos = 0;
        for (int attempt = 0; ; attempt++) {
            if (attempt > 0) {
                waitForSpacing(lastStartNanos, Objects.requireNonNull(failures, "failures, set by the failed attempt"));
            }
            Route route;
            try {
                route = route(tried);
            } catch (NoHealthyEndpointException none) {
                if (failures == null) {
                    throw none;
                }
                throw unavailable(none.isPermanent(), attempt, failures);
            }
            lastStartNanos = time.nanoTime();
            try {
                T result = call.call(route.endpoint());
                route.onSuccess();
                return result;
            } catch (Exception e) {
                route.onError(e);
                if (!connectionFailure.test(e)) {
                    throw e;
                }
                switch (kind) {
                    case TRANSACTIONAL:
                        throw new OutcomeUnknownException(route.endpoint().id(), e);
                    case NON_IDEMPOTENT:
                        throw e;
                    default:
                        break;
                }
                if (failures == null || tried == null) {
                    failures = new ArrayList<>(2);
                    tried = new boolean[states.length];
                }
                failures.add(e);
                tried[indexOf(route.endpoint().id())] = true;
                if (attempt >= maxFailoverAttempts) {
                    throw unavailable(allExcluded(tried), attempt + 1, failures);
                }
            }
        }
    }

    private void waitForSpacing(long lastStartNanos, List<Exception> failures) {
        long wait = failoverSpacingNanos - (time.nanoTime() - lastStartNanos);
        if (wait <= 0) {
            return;
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            NoHealthyEndpointException unavailable = unavailable(false, failures.size(), failures);
            unavailable.addSuppressed(e);
            throw unavailable;
        }
    }

    private NoHealthyEndpointException unavailable(boolean permanent, int attempts, List<Exception> failures) {
        int consecutive = consecutiveFailures.getAndIncrement();
        NoHealthyEndpointException unavailable = new NoHealthyEndpointException(
                name,
                Duration.ofNanos(retryAfterNanos(consecutive)),
                permanent,
                attempts,
                failures.get(failures.size() - 1));
        for (int i = 0; i < failures.size() - 1; i++) {
            unavailable.addSuppressed(failures.get(i));
        }
        return unavailable;
    }

    /** Whether every endpoint is excluded from a call: marked down or already tried (panic mode aside). */
    private boolean allExcluded(boolean @Nullable [] tried) {
        long now = time.nanoTime();
        boolean panic = panicMode && upCount(now) < panicThresholdRatio * states.length;
        for (int i = 0; i < states.length; i++) {
            if ((tried == null || !tried[i]) && (panic || states[i].up)) {
                return false;
            }
        }
        return true;
    }

    private int upCount(long now) {
        int up = 0;
        for (EndpointState state : states) {
            if (state.routable(now)) {
                up++;
            }
        }
        return up;
    }

    private Route route(boolean @Nullable [] excluded) {
        long now = time.nanoTime();
        boolean panic = panicMode && upCount(now) < panicThresholdRatio * states.length;
        long totalWeight = 0;
        for (int i = 0; i < states.length; i++) {
            if ((excluded == null || !excluded[i]) && (panic || states[i].routable(now))) {
                totalWeight += states[i].endpoint.weight();
            }
        }
        if (totalWeight > 0) {
            long pick = (random == null ? ThreadLocalRandom.current() : random).nextLong(totalWeight);
            int first = -1;
            for (int i = 0; i < states.length && first < 0; i++) {
                if ((excluded == null || !excluded[i]) && (panic || states[i].routable(now))) {
                    pick -= states[i].endpoint.weight();
                    if (pick < 0) {
                        first = i;
                    }
                }
            }
            for (int k = 0; k < states.length; k++) {
                int i = (first + k) % states.length;
                if ((excluded == null || !excluded[i])
                        && (panic || states[i].routable(now))
                        && states[i].breaker.tryAcquirePermission()) {
                    if (consecutiveFailures.get() != 0) {
                        // A write only when there were failures: routed calls on many threads would
                        // otherwise all write one shared line.
                        consecutiveFailures.set(0);
                    }
                    // The routing instant starts the call's latency: one clock reading fewer per call.
                    return new Route(states[i].endpoint, states[i].breaker, states[i].outliers, now);
                }
            }
        }
        int failures = consecutiveFailures.getAndIncrement();
        throw new NoHealthyEndpointException(
                name, Duration.ofNanos(retryAfterNanos(failures)), allExcluded(excluded), 0, null);
    }

    private long retryAfterNanos(int failures) {
        if (failures >= 62 || retryBaseNanos > (retryMaxNanos >> Math.min(failures, 62))) {
            return retryMaxNanos;
        }
        return Math.min(retryMaxNanos, retryBaseNanos << failures);
    }

    /**
     * Marks an endpoint down: it receives no calls (outside panic mode) until marked up and failed back.
     *
     * @param endpointId the endpoint
     * @throws IllegalArgumentException if there is no such endpoint
     */
    public void markDown(String endpointId) {
        EndpointState state = state(endpointId);
        boolean wasUp = state.up;
        state.up = false;
        state.admitted.set(false);
        if (wasUp && listeners.hasListeners()) {
            publish(state, EndpointEvent.Type.MARKED_DOWN, time.nanoTime(), "marked down");
        }
    }

    /**
     * Marks an endpoint up; it is used again according to the failback policy.
     *
     * @param endpointId the endpoint
     * @throws IllegalArgumentException if there is no such endpoint
     */
    public void markUp(String endpointId) {
        EndpointState state = state(endpointId);
        if (!state.up) {
            long now = time.nanoTime();
            state.recoveredNanos = now;
            state.up = true;
            if (listeners.hasListeners()) {
                publish(state, EndpointEvent.Type.MARKED_UP, now, "marked up; failback " + failbackDescription());
            }
            state.admitted(now);
        }
    }

    private String failbackDescription() {
        String grace = failback.grace().isZero() ? "" : " after a grace of " + failback.grace();
        switch (failback.mode()) {
            case AUTOMATIC:
                return "automatic" + grace;
            case PERIODIC:
                return "at the next check every " + failback.interval() + grace;
            default:
                return "manual";
        }
    }

    /**
     * Fails back to an endpoint that is up but not yet used again (any policy).
     *
     * @param endpointId the endpoint
     * @throws IllegalStateException if the endpoint is down
     */
    public void failback(String endpointId) {
        EndpointState state = state(endpointId);
        if (!state.up) {
            throw new IllegalStateException("endpoint " + endpointId + " must be up to fail back to it");
        }
        if (state.admitted.compareAndSet(false, true) && listeners.hasListeners()) {
            publish(state, EndpointEvent.Type.FAILED_BACK, time.nanoTime(), "manual failback");
        }
    }

    /**
     * Registers a listener for rotation changes: marked down, marked up, failed back, and ejected or
     * returned by outlier detection (with the {@linkplain EndpointEvent#ejectionReason() reason}). A failback that
     * a policy makes (automatic after the grace, or at a periodic check) is published by the first call
     * to the router that observes it, with the instant it became due.
     *
     * @param listener called on the thread that made or observed the change; must not block
     * @return a registration that removes the listener when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super EndpointEvent> listener) {
        return listeners.register(listener);
    }

    private void publish(EndpointState state, EndpointEvent.Type type, long atNanos, String detail) {
        long ago = time.nanoTime() - atNanos;
        listeners.publish(
                new EndpointEvent(name, state.endpoint.id(), type, time.now().minusNanos(Math.max(0, ago)), detail));
    }

    /**
     * Returns whether an endpoint currently receives calls (up, failed back and not ejected as an
     * outlier; breakers aside).
     *
     * @param endpointId the endpoint
     * @return {@code true} if it is in rotation
     */
    public boolean isInRotation(String endpointId) {
        return state(endpointId).routable(time.nanoTime());
    }

    /**
     * Runs one outlier analysis now (by the router's time source): returns ejected endpoints whose
     * ejection time is up, forgives those that stayed healthy one step, and ejects the outliers of the
     * interval since the previous analysis (see {@link OutlierDetection}). Use it from your own
     * scheduling, or let {@link #scheduleOutlierAnalysis(ScheduledExecutorService)} call it.
     *
     * @throws IllegalStateException if the router was built without outlier detection
     */
    public void analyzeOutliers() {
        detector().analyze();
    }

    /**
     * Schedules {@link #analyzeOutliers()} every {@link OutlierDetection#interval()} on {@code scheduler}
     * (the router starts no thread of its own). Cancel the returned future to stop.
     *
     * @param scheduler the scheduler that runs the analyses
     * @return the periodic task
     * @throws IllegalStateException if the router was built without outlier detection
     */
    public ScheduledFuture<?> scheduleOutlierAnalysis(ScheduledExecutorService scheduler) {
        Objects.requireNonNull(scheduler, "scheduler");
        OutlierDetector detector = detector();
        long interval = detector.config().interval().toNanos();
        return scheduler.scheduleAtFixedRate(detector::analyze, interval, interval, TimeUnit.NANOSECONDS);
    }

    /**
     * Returns the outlier-detection configuration, if the router has it.
     *
     * @return the configuration, or empty
     */
    public Optional<OutlierDetection> outlierDetection() {
        return outliers == null ? Optional.empty() : Optional.of(outliers.config());
    }

    /**
     * Returns whether outlier detection has ejected an endpoint.
     *
     * @param endpointId the endpoint
     * @return {@code true} if ejected now; {@code false} also without outlier detection
     */
    public boolean isEjected(String endpointId) {
        OutlierDetector.Tracker tracker = state(endpointId).outliers;
        return tracker != null && tracker.isEjected();
    }

    /**
     * Returns the outlier-detection state of an endpoint: ejection, its reason and multiplier, counts.
     *
     * @param endpointId the endpoint
     * @return the status now
     * @throws IllegalStateException if the router was built without outlier detection
     */
    public OutlierStatus outlierStatus(String endpointId) {
        OutlierDetector detector = detector();
        return detector.status(indexOf(Objects.requireNonNull(endpointId, "endpointId")));
    }

    /**
     * Returns the outlier-detection totals: ejected endpoints and the cap, ejections by reason,
     * outliers left in rotation by the cap, analyses.
     *
     * @return the totals now
     * @throws IllegalStateException if the router was built without outlier detection
     */
    public OutlierMetrics outlierMetrics() {
        return detector().metrics();
    }

    private OutlierDetector detector() {
        OutlierDetector detector = outliers;
        if (detector == null) {
            throw new IllegalStateException("router " + name + " was built without outlier detection");
        }
        return detector;
    }

    /**
     * Returns the circuit breaker of an endpoint.
     *
     * @param endpointId the endpoint
     * @return its breaker
     */
    public CircuitBreaker breaker(String endpointId) {
        return state(endpointId).breaker;
    }

    /**
     * Returns the router name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the endpoints, in configuration order.
     *
     * @return the endpoints
     */
    public List<Endpoint> endpoints() {
        List<Endpoint> out = new ArrayList<>(states.length);
        for (EndpointState state : states) {
            out.add(state.endpoint);
        }
        return List.copyOf(out);
    }

    private int indexOf(String endpointId) {
        for (int i = 0; i < states.length; i++) {
            if (states[i].endpoint.id().equals(endpointId)) {
                return i;
            }
        }
        throw new IllegalArgumentException("endpointId must name an endpoint of " + name + ", was " + endpointId);
    }

    private EndpointState state(String endpointId) {
        Objects.requireNonNull(endpointId, "endpointId");
        return states[indexOf(endpointId)];
    }

    /** Mutable routing state of one endpoint. */
    private final class EndpointState {
        final Endpoint endpoint;
        final CircuitBreaker breaker;
        volatile boolean up = true;
        final AtomicBoolean admitted = new AtomicBoolean(true);
        volatile long recoveredNanos;
        final OutlierDetector.@Nullable Tracker outliers;

        EndpointState(Endpoint endpoint, CircuitBreaker breaker, OutlierDetector.@Nullable Tracker outliers) {
            this.endpoint = endpoint;
            this.breaker = breaker;
            this.outliers = outliers;
        }

        /** Whether the endpoint takes calls at {@code now}: admitted and not ejected as an outlier. */
        boolean routable(long now) {
            OutlierDetector.Tracker tracker = outliers;
            return admitted(now) && (tracker == null || !tracker.isEjected());
        }

        /** Whether the endpoint is in rotation at {@code now}, failing it back when the policy says so. */
        boolean admitted(long now) {
            if (!up) {
                return false;
            }
            if (admitted.get()) {
                return true;
            }
            long due = failbackDueNanos(recoveredNanos);
            if (due == Long.MAX_VALUE || now - due < 0) {
                return false;
            }
            if (admitted.compareAndSet(false, true) && listeners.hasListeners()) {
                publish(
                        this,
                        EndpointEvent.Type.FAILED_BACK,
                        due,
                        failback.mode() == FailbackPolicy.Mode.PERIODIC
                                ? "periodic failback check"
                                : "automatic failback");
            }
            return up;
        }
    }

    /**
     * When an endpoint that recovered at {@code recovered} fails back: after the grace, at once or at
     * the first periodic check; {@link Long#MAX_VALUE} for manual failback or when it lies beyond the
     * range of the clock.
     */
    private long failbackDueNanos(long recovered) {
        if (failback.mode() == FailbackPolicy.Mode.MANUAL) {
            return Long.MAX_VALUE;
        }
        long sinceOrigin = recovered - originNanos;
        long grace = failback.grace().toNanos();
        if (sinceOrigin > Long.MAX_VALUE - grace) {
            return Long.MAX_VALUE;
        }
        long earliest = sinceOrigin + grace;
        if (failback.mode() == FailbackPolicy.Mode.AUTOMATIC) {
            return originNanos + earliest;
        }
        long period = failback.interval().toNanos();
        long checks = Math.floorDiv(earliest, period);
        if (checks * period != earliest) {
            checks++;
        }
        if (checks > Long.MAX_VALUE / period) {
            return Long.MAX_VALUE;
        }
        return originNanos + checks * period;
    }

    /** Builds an {@link EndpointRouter}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final TimeSource time;
        private final List<Endpoint> endpoints = new ArrayList<>();
        private CircuitBreakerConfig breakerConfig = CircuitBreakerConfig.ofDefaults();
        private boolean panicMode;
        private double panicThresholdRatio = 0.5;
        private FailbackPolicy failback = FailbackPolicy.automatic();
        private Duration retryBase = Duration.ofMillis(100);
        private Duration retryMax = Duration.ofSeconds(10);
        private @Nullable RandomGenerator random;
        private Predicate<Throwable> connectionFailure = e -> true;
        private int maxFailoverAttempts = 1;
        private Duration failoverSpacing = Duration.ZERO;
        private @Nullable Sleeper sleeper;
        private @Nullable OutlierDetection outlierDetection;

        private Builder(String name, TimeSource time) {
            this.name = name;
            this.time = time;
        }

        /**
         * Adds an endpoint.
         *
         * @param endpoint the endpoint
         * @return this builder
         */
        public Builder endpoint(Endpoint endpoint) {
            endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * Sets the configuration of every endpoint's breaker (default
         * {@link CircuitBreakerConfig#ofDefaults()}); automatic open-to-half-open transition is not
         * supported here (it needs a scheduler).
         *
         * @param breakerConfig the breaker configuration
         * @return this builder
         */
        public Builder breakerConfig(CircuitBreakerConfig breakerConfig) {
            this.breakerConfig = Objects.requireNonNull(breakerConfig, "breakerConfig");
            return this;
        }

        /**
         * Turns panic mode on or off (default off).
         *
         * @param panicMode whether to route to all endpoints when too few are up
         * @return this builder
         */
        public Builder panicMode(boolean panicMode) {
            this.panicMode = panicMode;
            return this;
        }

        /**
         * Sets the share of endpoints that must be up to avoid panic mode (default 0.5).
         *
         * @param panicThresholdRatio in (0, 1]
         * @return this builder
         */
        public Builder panicThresholdRatio(double panicThresholdRatio) {
            this.panicThresholdRatio = Arguments.inOpenClosed("panicThresholdRatio", panicThresholdRatio, 0, 1);
            return this;
        }

        /**
         * Sets the failback policy (default {@link FailbackPolicy#automatic()}).
         *
         * @param failback the policy
         * @return this builder
         */
        public Builder failbackPolicy(FailbackPolicy failback) {
            this.failback = Objects.requireNonNull(failback, "failback");
            return this;
        }

        /**
         * Sets the retry rhythm when no endpoint is available: {@code base * 2^n} after the n-th
         * consecutive failure, at most {@code max} (default 100 ms up to 10 s).
         *
         * @param base the first retry-after, positive
         * @param max the bound, at least {@code base}
         * @return this builder
         */
        public Builder retryRhythm(Duration base, Duration max) {
            Arguments.positive("base", base);
            Arguments.positive("max", max);
            if (max.compareTo(base) < 0) {
                throw new IllegalArgumentException("max must be at least base " + base + ", was " + max);
            }
            this.retryBase = base;
            this.retryMax = max;
            return this;
        }

        /**
         * Sets the random generator for weighted choice (default {@link ThreadLocalRandom}); pass a
         * seeded one for repeatable tests.
         *
         * @param random the generator
         * @return this builder
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Sets which failures of {@link EndpointRouter#execute} count as in-flight connection failures
         * subject to the outcome contract (default: all).
         *
         * @param connectionFailure the predicate
         * @return this builder
         */
        public Builder connectionFailure(Predicate<Throwable> connectionFailure) {
            this.connectionFailure = Objects.requireNonNull(connectionFailure, "connectionFailure");
            return this;
        }

        /**
         * Sets how many times one idempotent call may fail over to another endpoint after failing in
         * flight (default 1); 0 turns failover off.
         *
         * @param maxFailoverAttempts zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxFailoverAttempts(int maxFailoverAttempts) {
            this.maxFailoverAttempts = Arguments.atLeast("maxFailoverAttempts", maxFailoverAttempts, 0);
            return this;
        }

        /**
         * Sets the minimum time between the starts of two attempts of one call (default zero). The
         * router waits through the {@linkplain #sleeper(Sleeper) sleeper} when a failover would come
         * sooner.
         *
         * @param failoverSpacing zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative or too long for a {@code long} of nanoseconds
         */
        public Builder failoverSpacing(Duration failoverSpacing) {
            Arguments.notNegative("failoverSpacing", failoverSpacing);
            this.failoverSpacing = Arguments.fitsInNanos("failoverSpacing", failoverSpacing);
            return this;
        }

        /**
         * Sets how the router waits for the failover spacing (default {@link Sleeper#parking(TimeSource)}
         * on the router's time source). Tests with a manual time source pass one that advances it.
         *
         * @param sleeper the sleeper
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Turns on outlier detection (default off): endpoints that fail in a row, or stand out from the
         * others by success rate, failure percentage or latency, are ejected from the rotation for a
         * while. Analyses run on {@link EndpointRouter#analyzeOutliers()} or a scheduler passed to
         * {@link EndpointRouter#scheduleOutlierAnalysis(ScheduledExecutorService)}.
         *
         * @param outlierDetection the configuration
         * @return this builder
         */
        public Builder outlierDetection(OutlierDetection outlierDetection) {
            this.outlierDetection = Objects.requireNonNull(outlierDetection, "outlierDetection");
            return this;
        }

        /**
         * Builds the router; every endpoint starts up and in rotation.
         *
         * @return a new router
         * @throws IllegalStateException if there is no endpoint or two share an id
         */
        public EndpointRouter build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("at least one endpoint must be added");
            }
            Set<String> ids = new HashSet<>();
            for (Endpoint endpoint : endpoints) {
                if (!ids.add(endpoint.id())) {
                    throw new IllegalStateException("endpoint ids must be unique, was " + endpoint.id() + " twice");
                }
            }
            return new EndpointRouter(this);
        }
    }
}
