package dev.nines.failover.client;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Routes calls across a pool of stateless endpoints by weight, with a circuit breaker per endpoint.
 *
 * <ul>
 *   <li><b>Health</b>: endpoints are marked {@linkplain #markDown(String) down} and
 *       {@linkplain #markUp(String) up} (by health checks or the caller); an endpoint that comes back
 *       is used again according to the {@link FailbackPolicy} (at once, at the next periodic check,
 *       or after a manual {@link #failback(String)}).
 *   <li><b>Breakers</b>: a chosen endpoint must also get a permission from its breaker; a denied pick
 *       falls through to the next eligible endpoint.
 *   <li><b>Fail fast</b>: when no endpoint can take the call, {@link #route()} throws
 *       {@link NoHealthyEndpointException} at once, with a retry-after that doubles per consecutive
 *       failure up to a bound and resets after a successful route.
 *   <li><b>Panic mode</b> (optional, as in Envoy): when fewer than the panic threshold of endpoints
 *       are up, calls go to all endpoints regardless of health (breakers still apply), so that a
 *       health-check outage does not concentrate the whole load on a few endpoints.
 *   <li><b>In-flight work</b>: {@link #execute(WorkKind, EndpointCall)} applies the outcome contract
 *       to a call that fails with a connection failure: transactional work ends in
 *       {@link OutcomeUnknownException} and is never retried; idempotent work is retried once on
 *       another endpoint; non-idempotent work is not retried.
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
    private final RandomGenerator random;
    private final Predicate<Throwable> connectionFailure;
    private final long originNanos;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();

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
        this.originNanos = time.nanoTime();
        this.states = new EndpointState[builder.endpoints.size()];
        for (int i = 0; i < states.length; i++) {
            Endpoint endpoint = builder.endpoints.get(i);
            states[i] = new EndpointState(endpoint,
                    CircuitBreaker.of(name + "/" + endpoint.id(), builder.breakerConfig, time));
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
        return route(-1);
    }

    /**
     * Routes and makes a call, applying the in-flight outcome contract of {@code kind} when the call
     * fails with a connection failure (see the builder's {@code connectionFailure}); other failures are
     * recorded and passed on.
     *
     * @param kind the kind of work
     * @param call the call
     * @param <T> the result type
     * @return the result
     * @throws NoHealthyEndpointException if no endpoint can take the call
     * @throws OutcomeUnknownException if transactional work failed in flight
     * @throws Exception the call's failure otherwise
     */
    public <T> T execute(WorkKind kind, EndpointCall<T> call) throws Exception {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(call, "call");
        Route route = route(-1);
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
                    return retryOnce(call, route.endpoint(), e);
            }
        }
    }

    private <T> T retryOnce(EndpointCall<T> call, Endpoint failed, Exception first) throws Exception {
        Route retry;
        try {
            retry = route(indexOf(failed.id()));
        } catch (NoHealthyEndpointException none) {
            first.addSuppressed(none);
            throw first;
        }
        try {
            T result = call.call(retry.endpoint());
            retry.onSuccess();
            return result;
        } catch (Exception e) {
            retry.onError(e);
            e.addSuppressed(first);
            throw e;
        }
    }

    private Route route(int excluded) {
        long now = time.nanoTime();
        int up = 0;
        for (EndpointState state : states) {
            if (state.admitted(now, failback, originNanos)) {
                up++;
            }
        }
        boolean panic = panicMode && up < panicThresholdRatio * states.length;
        long totalWeight = 0;
        for (int i = 0; i < states.length; i++) {
            if (i != excluded && (panic || states[i].admitted(now, failback, originNanos))) {
                totalWeight += states[i].endpoint.weight();
            }
        }
        if (totalWeight > 0) {
            long pick = (random == null ? ThreadLocalRandom.current() : random).nextLong(totalWeight);
            int first = -1;
            for (int i = 0; i < states.length && first < 0; i++) {
                if (i != excluded && (panic || states[i].admitted(now, failback, originNanos))) {
                    pick -= states[i].endpoint.weight();
                    if (pick < 0) {
                        first = i;
                    }
                }
            }
            for (int k = 0; k < states.length; k++) {
                int i = (first + k) % states.length;
                if (i != excluded && (panic || states[i].admitted(now, failback, originNanos))
                        && states[i].breaker.tryAcquirePermission()) {
                    consecutiveFailures.set(0);
                    return new Route(states[i].endpoint, states[i].breaker);
                }
            }
        }
        int failures = consecutiveFailures.getAndIncrement();
        throw new NoHealthyEndpointException(name, Duration.ofNanos(retryAfterNanos(failures)));
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
        state.up = false;
        state.admitted = false;
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
            state.recoveredNanos = time.nanoTime();
            state.up = true;
            state.admitted = failback.mode() == FailbackPolicy.Mode.AUTOMATIC;
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
        state.admitted = true;
    }

    /**
     * Returns whether an endpoint currently receives calls (up and failed back; breakers aside).
     *
     * @param endpointId the endpoint
     * @return {@code true} if it is in rotation
     */
    public boolean isInRotation(String endpointId) {
        return state(endpointId).admitted(time.nanoTime(), failback, originNanos);
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
    private static final class EndpointState {
        final Endpoint endpoint;
        final CircuitBreaker breaker;
        volatile boolean up = true;
        volatile boolean admitted = true;
        volatile long recoveredNanos;

        EndpointState(Endpoint endpoint, CircuitBreaker breaker) {
            this.endpoint = endpoint;
            this.breaker = breaker;
        }

        boolean admitted(long now, FailbackPolicy policy, long originNanos) {
            if (!up) {
                return false;
            }
            if (admitted) {
                return true;
            }
            if (policy.mode() == FailbackPolicy.Mode.PERIODIC) {
                long period = policy.interval().toNanos();
                long nextCheck = originNanos + ((recoveredNanos - originNanos) / period + 1) * period;
                if (now - nextCheck >= 0) {
                    admitted = true;
                    return true;
                }
            }
            return false;
        }
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
        private RandomGenerator random;
        private Predicate<Throwable> connectionFailure = e -> true;

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
