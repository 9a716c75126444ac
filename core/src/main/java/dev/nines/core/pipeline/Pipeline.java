package dev.nines.core.pipeline;

import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.StaleCache;
import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.retry.Retry;
import dev.nines.core.time.TimeSource;
import dev.nines.core.timelimit.TimeLimiter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A stack of resilience policies around calls that return {@code T}, built by
 * {@link Resilience#pipeline()}. Stages may be added to the builder in any order; they always run
 * in this order, outermost first (see {@link Stage}):
 *
 * <pre>
 * fallback → stale cache → retry → circuit breaker → rate limiter → time limiter → bulkhead → adaptive limiter → call
 * </pre>
 *
 * <ul>
 *   <li><b>Fallback</b> is outermost so that it sees only what is left once every other policy has
 *       given up: the last failure of the retries, a breaker's {@code CallNotPermittedException}, a
 *       rate limiter's, bulkhead's or adaptive limiter's rejection, a timeout.</li>
 *   <li><b>Stale cache</b> sits just inside the fallback: while an entry is fresh it answers without
 *       calling; when the call fails after its retries, or the breaker is open, it serves the stale
 *       value if its {@code serveStaleOn} accepts the failure; what it cannot answer goes on to the
 *       fallback.</li>
 *   <li><b>Retry</b> is outside the circuit breaker so that every attempt is a call the breaker
 *       records (a retried outage opens the breaker as fast as separate calls would), and an attempt
 *       made while the breaker is open is rejected at once; the retry sees that
 *       {@code CallNotPermittedException} and retries it only if its predicate says so (exclude it
 *       with {@code ignoreExceptions} to stop at an open breaker). Each attempt also takes its own
 *       rate-limiter token and bulkhead permit, so retries cannot bypass the limits.</li>
 *   <li><b>Circuit breaker</b> is outside the limiters and the time limiter so that it records a
 *       timeout as a failure of the dependency, and while open rejects a call before any token or
 *       permit is spent. It also records the limiters' rejections as failures unless its
 *       configuration ignores {@code RequestNotPermittedException}, {@code BulkheadFullException}
 *       and {@code AdaptiveLimiterFullException} (do so when local saturation must not open it).</li>
 *   <li><b>Rate limiter</b> is outside the time limiter so that waiting for a token does not eat
 *       into the call's timeout. It is inside the breaker, so a call's duration as the breaker
 *       measures it includes that wait: keep the limiter's {@code timeoutDuration} well below the
 *       breaker's {@code slowCallDurationThreshold}.</li>
 *   <li><b>Time limiter</b> (asynchronous calls only) is outside the bulkhead: it times and cancels
 *       the call itself, and the bulkhead permit of a timed-out call is returned when that call
 *       really ends, so the bulkhead counts what actually runs.</li>
 *   <li><b>Bulkhead</b> is innermost, so a permit is held only while the call runs, not while a
 *       retry waits out its backoff or the rate limiter waits for a token.</li>
 *   <li><b>Adaptive limiter</b> sits alongside the bulkhead, just inside it, so that its latency
 *       samples are the dependency's own latency rather than time spent waiting for a bulkhead
 *       permit. A failure that is a {@code TimeoutException} or {@code CancellationException}
 *       (a call cancelled by the time limiter) reports a drop, so the limit backs off; other
 *       failures report nothing about capacity; results report their latency on the clock given
 *       with the limiter.</li>
 * </ul>
 *
 * <p>The order is fixed: there is no override, because each position above is what makes the
 * policies count and release correctly. To run policies in another order, nest pipelines: a
 * decorated supplier of one pipeline is an ordinary call for another.
 *
 * <p>Each policy publishes its own events and keeps its own metrics exactly as when used alone
 * (the pipeline adds none): listen on the policies, bind their Micrometer binders.
 *
 * <p>Hot path: {@link #decorateSupplier(Supplier)} and {@link #decorateCallable(Callable)} build the
 * chain once; calling the decorated supplier then allocates nothing beyond what the policies
 * themselves allocate (nothing for a call that succeeds at the first attempt through a closed
 * breaker, a fallback, a rate limiter, a bulkhead and an adaptive limiter). The {@code execute...}
 * methods and {@link #decorateFunction(Function)} build the chain for each call (a few small
 * objects); keep a decorated supplier for hot paths. Asynchronous calls allocate per call as the
 * asynchronous policies do.
 *
 * <p>Thread-safe and immutable; one pipeline serves any number of concurrent calls. The policies
 * in it may be shared with other pipelines.
 *
 * <pre>{@code
 * Pipeline<Quote> quotes = Resilience.<Quote>pipeline()
 *         .fallback(fallback, failure -> Quote.UNAVAILABLE)
 *         .retry(retry)
 *         .circuitBreaker(breaker)
 *         .timeLimiter(timeLimiter)
 *         .bulkhead(bulkhead)
 *         .build();
 * Supplier<CompletionStage<Quote>> quote =
 *         quotes.decorateCompletionStage(scheduler, () -> client.quoteAsync(symbol));
 * }</pre>
 *
 * @param <T> the result type of the calls
 */
public final class Pipeline<T> {

    /** The stages of a pipeline, in the order they run, outermost first. */
    public enum Stage {
        /** A {@link Fallback} and its fallback function. */
        FALLBACK,
        /** A {@link StaleCache} with the key the pipeline's calls are cached under. */
        STALE_CACHE,
        /** A {@link Retry}. */
        RETRY,
        /** A {@link CircuitBreaker}. */
        CIRCUIT_BREAKER,
        /** A {@link RateLimiter}, one permit per attempt. */
        RATE_LIMITER,
        /** A {@link TimeLimiter}; asynchronous calls only. */
        TIME_LIMITER,
        /** A {@link Bulkhead}. */
        BULKHEAD,
        /** An {@link AdaptiveLimiter}. */
        ADAPTIVE_LIMITER
    }

    private final Fallback fallback;
    private final Function<? super Throwable, ? extends T> fallbackFunction;
    private final StaleStage<?, T> staleCache;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final RateLimiter rateLimiter;
    private final TimeLimiter timeLimiter;
    private final Bulkhead bulkhead;
    private final AdaptiveLimiter adaptiveLimiter;
    private final TimeSource adaptiveLimiterClock;
    private final List<Stage> stages;

    private Pipeline(Builder<T> builder) {
        this.fallback = builder.fallback;
        this.fallbackFunction = builder.fallbackFunction;
        this.staleCache = builder.staleCache;
        this.retry = builder.retry;
        this.circuitBreaker = builder.circuitBreaker;
        this.rateLimiter = builder.rateLimiter;
        this.timeLimiter = builder.timeLimiter;
        this.bulkhead = builder.bulkhead;
        this.adaptiveLimiter = builder.adaptiveLimiter;
        this.adaptiveLimiterClock = builder.adaptiveLimiterClock;
        EnumSet<Stage> present = EnumSet.noneOf(Stage.class);
        addIf(present, fallback, Stage.FALLBACK);
        addIf(present, staleCache, Stage.STALE_CACHE);
        addIf(present, retry, Stage.RETRY);
        addIf(present, circuitBreaker, Stage.CIRCUIT_BREAKER);
        addIf(present, rateLimiter, Stage.RATE_LIMITER);
        addIf(present, timeLimiter, Stage.TIME_LIMITER);
        addIf(present, bulkhead, Stage.BULKHEAD);
        addIf(present, adaptiveLimiter, Stage.ADAPTIVE_LIMITER);
        this.stages = Collections.unmodifiableList(new ArrayList<>(present));
    }

    private static void addIf(EnumSet<Stage> present, Object policy, Stage stage) {
        if (policy != null) {
            present.add(stage);
        }
    }

    /**
     * Returns the stages of this pipeline in the order they run, outermost first.
     *
     * @return an unmodifiable list, empty for a pipeline without stages
     */
    public List<Stage> stages() {
        return stages;
    }

    /**
     * Returns {@code call} decorated with every stage of this pipeline. The chain is built now,
     * once: calling the result adds no allocation of its own.
     *
     * @param call the call
     * @return the decorated supplier
     * @throws IllegalStateException if the pipeline has a time limiter (it limits only asynchronous
     *     calls: use {@link #decorateCompletionStage(ScheduledExecutorService, Supplier)})
     */
    public Supplier<T> decorateSupplier(Supplier<? extends T> call) {
        Objects.requireNonNull(call, "call");
        requireSynchronous();
        // A Supplier only produces T, so seeing a Supplier<? extends T> as a Supplier<T> is safe.
        @SuppressWarnings("unchecked")
        Supplier<T> chain = (Supplier<T>) call;
        if (adaptiveLimiter != null) {
            chain = SyncStages.adaptiveLimiter(adaptiveLimiter, adaptiveLimiterClock, chain);
        }
        if (bulkhead != null) {
            chain = SyncStages.bulkhead(bulkhead, chain);
        }
        if (rateLimiter != null) {
            chain = SyncStages.rateLimiter(rateLimiter, chain);
        }
        if (circuitBreaker != null) {
            chain = SyncStages.circuitBreaker(circuitBreaker, chain);
        }
        if (retry != null) {
            chain = SyncStages.retry(retry, chain);
        }
        if (staleCache != null) {
            chain = staleCache.decorateSupplier(chain);
        }
        if (fallback != null) {
            chain = SyncStages.fallback(fallback, fallbackFunction, chain);
        }
        return chain;
    }

    /**
     * Runs {@code call} through every stage of this pipeline (building the chain for this call;
     * keep {@link #decorateSupplier(Supplier)}'s result on hot paths).
     *
     * @param call the call
     * @return the call's result, or the stale cache's or fallback's answer
     * @throws RuntimeException what is left of the failure once the stages gave up (for example
     *     {@code CallNotPermittedException}, {@code BulkheadFullException} or the last failure)
     * @throws IllegalStateException if the pipeline has a time limiter
     */
    public T executeSupplier(Supplier<? extends T> call) {
        return decorateSupplier(call).get();
    }

    /**
     * Returns {@code call} decorated with every stage of this pipeline; the chain is built now, once.
     * Checked exceptions reach the policies' predicates unchanged.
     *
     * @param call the call
     * @return the decorated callable
     * @throws IllegalStateException if the pipeline has a time limiter
     */
    public Callable<T> decorateCallable(Callable<? extends T> call) {
        Objects.requireNonNull(call, "call");
        requireSynchronous();
        // A Callable only produces T, so seeing a Callable<? extends T> as a Callable<T> is safe.
        @SuppressWarnings("unchecked")
        Callable<T> chain = (Callable<T>) call;
        if (adaptiveLimiter != null) {
            chain = SyncStages.adaptiveLimiter(adaptiveLimiter, adaptiveLimiterClock, chain);
        }
        if (bulkhead != null) {
            chain = SyncStages.bulkhead(bulkhead, chain);
        }
        if (rateLimiter != null) {
            chain = SyncStages.rateLimiter(rateLimiter, chain);
        }
        if (circuitBreaker != null) {
            chain = SyncStages.circuitBreaker(circuitBreaker, chain);
        }
        if (retry != null) {
            chain = SyncStages.retry(retry, chain);
        }
        if (staleCache != null) {
            chain = staleCache.decorateCallable(chain);
        }
        if (fallback != null) {
            chain = SyncStages.fallback(fallback, fallbackFunction, chain);
        }
        return chain;
    }

    /**
     * Runs {@code call} through every stage of this pipeline.
     *
     * @param call the call
     * @return the call's result, or the stale cache's or fallback's answer
     * @throws Exception what is left of the failure once the stages gave up
     * @throws IllegalStateException if the pipeline has a time limiter
     */
    public T executeCallable(Callable<? extends T> call) throws Exception {
        return decorateCallable(call).call();
    }

    /**
     * Returns {@code function} decorated with every stage of this pipeline. Each application builds
     * the chain around its argument (a few small objects per call). With a stale cache, every
     * argument is cached under the pipeline's one key: to cache per argument, call
     * {@code cache.get(argument, pipeline.decorateSupplier(...))} outside a pipeline without a
     * stale cache stage.
     *
     * @param function the call
     * @param <A> the argument type
     * @return the decorated function
     * @throws IllegalStateException if the pipeline has a time limiter
     */
    public <A> Function<A, T> decorateFunction(Function<? super A, ? extends T> function) {
        Objects.requireNonNull(function, "function");
        requireSynchronous();
        return argument -> decorateSupplier(() -> function.apply(argument)).get();
    }

    /**
     * Returns an asynchronous call decorated with every stage of this pipeline; the chain is built
     * now, once. Nothing blocks except a bulkhead configured to wait, which waits for a permit on
     * the calling thread as {@link Bulkhead#executeCompletionStage} does; a rate limiter configured
     * to wait books its permit and starts the call on {@code scheduler} when the permit's time
     * comes. Retries and timeouts are scheduled on {@code scheduler}. Rejections and
     * a {@code call} that throws give a failed stage, never an exception from {@code get()}.
     *
     * @param scheduler where retries, timeouts and rate-limited starts are scheduled
     * @param call starts the call
     * @return the decorated supplier
     */
    public Supplier<CompletionStage<T>> decorateCompletionStage(ScheduledExecutorService scheduler,
            Supplier<? extends CompletionStage<T>> call) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(call, "call");
        // A Supplier only produces stages, so seeing it as a Supplier<CompletionStage<T>> is safe.
        @SuppressWarnings("unchecked")
        Supplier<CompletionStage<T>> chain = (Supplier<CompletionStage<T>>) call;
        if (adaptiveLimiter != null) {
            chain = AsyncStages.adaptiveLimiter(adaptiveLimiter, adaptiveLimiterClock, chain);
        }
        if (bulkhead != null) {
            chain = AsyncStages.bulkhead(bulkhead, chain);
        }
        if (timeLimiter != null) {
            chain = AsyncStages.timeLimiter(timeLimiter, scheduler, chain);
        }
        if (rateLimiter != null) {
            chain = AsyncStages.rateLimiter(rateLimiter, scheduler, chain);
        }
        if (circuitBreaker != null) {
            chain = AsyncStages.circuitBreaker(circuitBreaker, chain);
        }
        if (retry != null) {
            chain = AsyncStages.retry(retry, scheduler, chain);
        }
        if (staleCache != null) {
            chain = staleCache.decorateCompletionStage(chain);
        }
        if (fallback != null) {
            chain = AsyncStages.fallback(fallback, fallbackFunction, chain);
        }
        return chain;
    }

    /**
     * Starts an asynchronous call through every stage of this pipeline; see
     * {@link #decorateCompletionStage(ScheduledExecutorService, Supplier)}.
     *
     * @param scheduler where retries, timeouts and rate-limited starts are scheduled
     * @param call starts the call
     * @return a stage with the call's result, the stale cache's or fallback's answer, or what is left
     *     of the failure
     */
    public CompletionStage<T> executeCompletionStage(ScheduledExecutorService scheduler,
            Supplier<? extends CompletionStage<T>> call) {
        return decorateCompletionStage(scheduler, call).get();
    }

    private void requireSynchronous() {
        if (timeLimiter != null) {
            throw new IllegalStateException("time limiter '" + timeLimiter.name()
                    + "' limits only asynchronous calls: use decorateCompletionStage, or build a pipeline "
                    + "without timeLimiter for synchronous calls");
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Pipeline[");
        String separator = "";
        for (Stage stage : stages) {
            text.append(separator).append(stage).append(" '").append(policyName(stage)).append('\'');
            separator = ", ";
        }
        return text.append(']').toString();
    }

    private String policyName(Stage stage) {
        switch (stage) {
            case FALLBACK:
                return fallback.name();
            case STALE_CACHE:
                return staleCache.name();
            case RETRY:
                return retry.name();
            case CIRCUIT_BREAKER:
                return circuitBreaker.name();
            case RATE_LIMITER:
                return rateLimiter.name();
            case TIME_LIMITER:
                return timeLimiter.name();
            case BULKHEAD:
                return bulkhead.name();
            case ADAPTIVE_LIMITER:
                return adaptiveLimiter.name();
            default:
                throw new AssertionError(stage);
        }
    }

    /**
     * Collects the stages of a {@link Pipeline}. Each stage may be set once; the order of the calls
     * does not matter (the pipeline runs its stages in the documented order). Not thread-safe; a
     * builder may build several pipelines.
     *
     * @param <T> the result type of the calls
     */
    public static final class Builder<T> {

        private Fallback fallback;
        private Function<? super Throwable, ? extends T> fallbackFunction;
        private StaleStage<?, T> staleCache;
        private Retry retry;
        private CircuitBreaker circuitBreaker;
        private RateLimiter rateLimiter;
        private TimeLimiter timeLimiter;
        private Bulkhead bulkhead;
        private AdaptiveLimiter adaptiveLimiter;
        private TimeSource adaptiveLimiterClock;

        Builder() {
        }

        /**
         * Sets the fallback stage: a handled failure or result is replaced by {@code function}'s value.
         *
         * @param fallback the policy (which failures are handled; events and metrics)
         * @param function computes the replacement from the failure; thread-safe
         * @return this builder
         * @throws IllegalStateException if a fallback is already set
         */
        public Builder<T> fallback(Fallback fallback, Function<? super Throwable, ? extends T> function) {
            Objects.requireNonNull(fallback, "fallback");
            Objects.requireNonNull(function, "function");
            requireUnset(this.fallback, "fallback");
            this.fallback = fallback;
            this.fallbackFunction = function;
            return this;
        }

        /**
         * Sets the stale cache stage: every call of the pipeline is cached under {@code key}, answered
         * from the cache while fresh, and answered with the stale value when it fails with a failure
         * the cache's {@code serveStaleOn} accepts (for example a breaker's
         * {@code CallNotPermittedException}). The pipeline returns the value; the cache's events and
         * metrics say when it was stale.
         *
         * @param cache the cache
         * @param key the key the calls are cached under
         * @param <K> the key type
         * @return this builder
         * @throws IllegalStateException if a stale cache is already set
         */
        public <K> Builder<T> staleCache(StaleCache<K, T> cache, K key) {
            Objects.requireNonNull(cache, "cache");
            Objects.requireNonNull(key, "key");
            requireUnset(this.staleCache, "staleCache");
            this.staleCache = new StaleStage<>(cache, key);
            return this;
        }

        /**
         * Sets the retry stage.
         *
         * @param retry the retry
         * @return this builder
         * @throws IllegalStateException if a retry is already set
         */
        public Builder<T> retry(Retry retry) {
            Objects.requireNonNull(retry, "retry");
            requireUnset(this.retry, "retry");
            this.retry = retry;
            return this;
        }

        /**
         * Sets the circuit breaker stage.
         *
         * @param circuitBreaker the breaker
         * @return this builder
         * @throws IllegalStateException if a circuit breaker is already set
         */
        public Builder<T> circuitBreaker(CircuitBreaker circuitBreaker) {
            Objects.requireNonNull(circuitBreaker, "circuitBreaker");
            requireUnset(this.circuitBreaker, "circuitBreaker");
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        /**
         * Sets the rate limiter stage: each attempt takes one permit.
         *
         * @param rateLimiter the rate limiter
         * @return this builder
         * @throws IllegalStateException if a rate limiter is already set
         */
        public Builder<T> rateLimiter(RateLimiter rateLimiter) {
            Objects.requireNonNull(rateLimiter, "rateLimiter");
            requireUnset(this.rateLimiter, "rateLimiter");
            this.rateLimiter = rateLimiter;
            return this;
        }

        /**
         * Sets the time limiter stage. It limits only asynchronous calls: a pipeline with a time
         * limiter refuses to decorate synchronous ones.
         *
         * @param timeLimiter the time limiter
         * @return this builder
         * @throws IllegalStateException if a time limiter is already set
         */
        public Builder<T> timeLimiter(TimeLimiter timeLimiter) {
            Objects.requireNonNull(timeLimiter, "timeLimiter");
            requireUnset(this.timeLimiter, "timeLimiter");
            this.timeLimiter = timeLimiter;
            return this;
        }

        /**
         * Sets the bulkhead stage.
         *
         * @param bulkhead the bulkhead
         * @return this builder
         * @throws IllegalStateException if a bulkhead is already set
         */
        public Builder<T> bulkhead(Bulkhead bulkhead) {
            Objects.requireNonNull(bulkhead, "bulkhead");
            requireUnset(this.bulkhead, "bulkhead");
            this.bulkhead = bulkhead;
            return this;
        }

        /**
         * Sets the adaptive limiter stage. The pipeline measures each admitted call's latency on
         * {@code timeSource} (give the limiter's own clock) and reports it, or a drop for a timeout.
         *
         * @param adaptiveLimiter the limiter
         * @param timeSource the clock that measures call latencies
         * @return this builder
         * @throws IllegalStateException if an adaptive limiter is already set
         */
        public Builder<T> adaptiveLimiter(AdaptiveLimiter adaptiveLimiter, TimeSource timeSource) {
            Objects.requireNonNull(adaptiveLimiter, "adaptiveLimiter");
            Objects.requireNonNull(timeSource, "timeSource");
            requireUnset(this.adaptiveLimiter, "adaptiveLimiter");
            this.adaptiveLimiter = adaptiveLimiter;
            this.adaptiveLimiterClock = timeSource;
            return this;
        }

        /**
         * Builds the pipeline. A pipeline without stages is allowed and passes calls through.
         *
         * @return a new pipeline
         */
        public Pipeline<T> build() {
            return new Pipeline<>(this);
        }

        private static void requireUnset(Object current, String stage) {
            if (current != null) {
                throw new IllegalStateException(stage + " is already set: a pipeline has at most one of each stage");
            }
        }
    }
}
