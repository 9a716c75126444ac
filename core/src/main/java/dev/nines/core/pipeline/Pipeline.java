package dev.nines.core.pipeline;

import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.StaleCache;
import dev.nines.core.hedge.Hedge;
import dev.nines.core.policy.AttemptGuard;
import dev.nines.core.policy.CallPolicy;
import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.retry.Retry;
import dev.nines.core.time.TimeSource;
import dev.nines.core.timelimit.TimeLimiter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A stack of resilience policies around calls that return {@code T}, built by
 * {@link Resilience#pipeline()}. Stages may be added to the builder in any order; they always run
 * in this order, outermost first (see {@link Stage}):
 *
 * <pre>
 * fallback → stale cache → retry → circuit breaker → hedge → rate limiter → time limiter → bulkhead → adaptive limiter → chaos → call
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
 *       configuration ignores them: {@code ignoreExceptions(CallRejectedException.class)} ignores
 *       every rejection in one line (do so when local saturation must not open it).</li>
 *   <li><b>Hedge</b> is inside the circuit breaker and the retry, and outside the limiters and the
 *       time limiter. The breaker sees one hedged call as one call with the winner's outcome and
 *       latency, so the losers the hedge cancels are never counted as failures of the dependency,
 *       and an open breaker rejects the call before any hedge starts. The retry sees a hedged
 *       call as one attempt with the winner's outcome (the last outcome if no attempt was
 *       acceptable) and retries it as it would any attempt; share the retry's budget
 *       with the hedge ({@code HedgeConfig.Builder.retryBudget(retry.budget().orElseThrow(), false)})
 *       so that hedges and retries draw on one budget. Every hedge takes its own rate-limiter
 *       token, bulkhead permit and adaptive-limiter slot, and has its own timeout, because each is
 *       real extra load on the dependency. Synchronous hedged attempts run on the hedge's executor,
 *       so the stages inside it run there too.</li>
 *   <li><b>Rate limiter</b> is outside the time limiter so that waiting for a token does not eat
 *       into the call's timeout.</li>
 *   <li><b>Time limiter</b> (asynchronous calls only) is outside the bulkhead: it times and cancels
 *       the call itself, and the bulkhead permit of a timed-out call is returned when that call
 *       really ends, so the bulkhead counts what actually runs.</li>
 *   <li><b>Bulkhead</b> is innermost, so a permit is held only while the call runs, not while a
 *       retry waits out its backoff or the rate limiter waits for a token.</li>
 *   <li><b>Adaptive limiter</b> sits alongside the bulkhead, just inside it, so that its latency
 *       samples are the dependency's own latency rather than time spent waiting for a bulkhead
 *       permit. A failure that is a {@code TimeoutException} or {@code CancellationException}
 *       (a call cancelled by the time limiter) reports a drop, so the limit backs off; other
 *       failures report nothing about capacity.</li>
 *   <li><b>Chaos</b> (fault injection, {@link ChaosPolicy}) is the innermost policy, standing in for
 *       the dependency, as Polly places its chaos strategies after the others: every policy
 *       outside it sees an injected fault, outcome or delay exactly as it would a real one (the
 *       retry retries it, the breaker counts it, each hedged attempt is injected on its own and the
 *       hedge may win with another, the time limiter times out injected latency, the bulkhead and
 *       adaptive limiter hold their permit through it and measure it), which is what an
 *       experiment tests. It is outside {@link Stage#CUSTOM_CALL}, so custom stages around the
 *       call itself (a dependency's own trace span or client metrics) see only real calls. Several
 *       chaos policies may share the position (latency and a fault, say); they run in the order
 *       added, outermost first.</li>
 * </ul>
 *
 * <p>The order is fixed: there is no override, because each position above is what makes the
 * policies count and release correctly. To run policies in another order, nest pipelines: a
 * decorated supplier of one pipeline is an ordinary call for another.
 *
 * <p><b>A chain of stages.</b> Each policy brings its own stage (its {@code decorate*} family,
 * see {@link CallPolicy}); the pipeline is a loop over its stages in the order above. Framework
 * authors add stages of their own through {@link PipelineStage} at three documented positions:
 * {@link Stage#CUSTOM_OUTER} (outside the fallback: once per call, seeing the final outcome),
 * {@link Stage#CUSTOM_ATTEMPT} (just inside the retry: once per attempt of the retry, so once for
 * all the hedges of that attempt) and
 * {@link Stage#CUSTOM_CALL} (innermost: around the call itself, once every permit is granted).
 *
 * <p><b>One clock reading per attempt.</b> In synchronous calls the breaker, rate limiter,
 * bulkhead and adaptive limiter take part as {@link AttemptGuard}s: consecutive guards on the same
 * clock share one start reading (taken once every permit is granted, just before the call) and one
 * end reading, so the breaker and the adaptive limiter measure the same duration, the
 * dependency's own, without waits for tokens or permits. When no guard needs the duration
 * ({@link AttemptGuard#needsDuration()}: a breaker without slow-call detection and without event
 * listeners, a bulkhead, a rate limiter) the attempt reads no clock at all and the guards are told a
 * duration of 0. Asynchronous calls run each policy's own
 * {@code decorateCompletionStage}.
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

    /**
     * The positions of a pipeline's stages, in the order they run, outermost first. This enum is
     * the one list of the order: a new policy takes its place here.
     */
    public enum Stage {
        /** Custom {@link PipelineStage}s outside everything: once per call, with its final outcome. */
        CUSTOM_OUTER(true),
        /** A {@link Fallback} and its fallback function. */
        FALLBACK(false),
        /** A {@link StaleCache} with the key the pipeline's calls are cached under. */
        STALE_CACHE(false),
        /** A {@link Retry}. */
        RETRY(false),
        /** Custom {@link PipelineStage}s just inside the retry: once per attempt. */
        CUSTOM_ATTEMPT(true),
        /** A {@link CircuitBreaker}. */
        CIRCUIT_BREAKER(false),
        /** A {@link Hedge}: parallel attempts of a slow call, each through the stages inside it. */
        HEDGE(false),
        /** A {@link RateLimiter}, one permit per attempt. */
        RATE_LIMITER(false),
        /** A {@link TimeLimiter}; asynchronous calls only. */
        TIME_LIMITER(false),
        /** A {@link Bulkhead}. */
        BULKHEAD(false),
        /** An {@link AdaptiveLimiter}. */
        ADAPTIVE_LIMITER(false),
        /** {@link ChaosPolicy} fault injection; several may share the position. */
        CHAOS(false),
        /** Custom {@link PipelineStage}s around the call itself, once every permit is granted. */
        CUSTOM_CALL(true);

        private final boolean custom;

        Stage(boolean custom) {
            this.custom = custom;
        }

        /**
         * Returns whether this is a position for custom stages (several may share it).
         *
         * @return {@code true} for {@code CUSTOM_*}
         */
        public boolean isCustom() {
            return custom;
        }
    }

    /** One stage: its position, its name, how it wraps a call, and its guard if it is one. */
    private static final class Entry<T> {
        final Stage position;
        final String name;
        final PipelineStage<T> stage;
        final @Nullable AttemptGuard guard;
        final int sequence;

        Entry(Stage position, String name, PipelineStage<T> stage, @Nullable AttemptGuard guard, int sequence) {
            this.position = position;
            this.name = name;
            this.stage = stage;
            this.guard = guard;
            this.sequence = sequence;
        }
    }

    private final List<Entry<T>> entries;
    private final List<Stage> stages;

    private Pipeline(List<Entry<T>> entries) {
        List<Entry<T>> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.<Entry<T>, Stage>comparing(e -> e.position).thenComparingInt(e -> e.sequence));
        this.entries = List.copyOf(sorted);
        List<Stage> positions = new ArrayList<>();
        for (Entry<T> entry : sorted) {
            positions.add(entry.position);
        }
        this.stages = Collections.unmodifiableList(positions);
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
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry<T> entry = entries.get(i);
            if (entry.guard == null) {
                chain = entry.stage.decorateSupplier(chain);
            } else {
                int first = firstOfGuardRun(i);
                chain = guardedAttempt(first, i).decorateSupplier(chain);
                i = first;
            }
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
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry<T> entry = entries.get(i);
            if (entry.guard == null) {
                chain = entry.stage.decorateCallable(chain);
            } else {
                int first = firstOfGuardRun(i);
                chain = guardedAttempt(first, i).decorateCallable(chain);
                i = first;
            }
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
    public Supplier<CompletionStage<T>> decorateCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> call) {
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(call, "call");
        // A Supplier only produces stages, so seeing it as a Supplier<CompletionStage<T>> is safe.
        @SuppressWarnings("unchecked")
        Supplier<CompletionStage<T>> chain = (Supplier<CompletionStage<T>>) call;
        for (int i = entries.size() - 1; i >= 0; i--) {
            chain = entries.get(i).stage.decorateCompletionStage(scheduler, chain);
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
    public CompletionStage<T> executeCompletionStage(
            ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> call) {
        return decorateCompletionStage(scheduler, call).get();
    }

    /** Returns the index of the outermost guard of the run of guards on one clock that ends at {@code last}. */
    private int firstOfGuardRun(int last) {
        int first = last;
        TimeSource clock =
                Objects.requireNonNull(entries.get(last).guard, "guard").timeSource();
        while (first > 0) {
            AttemptGuard outer = entries.get(first - 1).guard;
            if (outer == null || outer.timeSource() != clock) {
                break;
            }
            first--;
        }
        return first;
    }

    private Stages.GuardedAttempt guardedAttempt(int first, int last) {
        AttemptGuard[] guards = new AttemptGuard[last - first + 1];
        for (int i = first; i <= last; i++) {
            guards[i - first] = entries.get(i).guard;
        }
        return new Stages.GuardedAttempt(guards);
    }

    private void requireSynchronous() {
        for (Entry<T> entry : entries) {
            if (entry.position == Stage.TIME_LIMITER) {
                throw new IllegalStateException("time limiter '" + entry.name
                        + "' limits only asynchronous calls: use decorateCompletionStage, or build a pipeline "
                        + "without timeLimiter for synchronous calls");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Pipeline[");
        String separator = "";
        for (Entry<T> entry : entries) {
            text.append(separator)
                    .append(entry.position)
                    .append(" '")
                    .append(entry.name)
                    .append('\'');
            separator = ", ";
        }
        return text.append(']').toString();
    }

    /**
     * Collects the stages of a {@link Pipeline}. Each policy stage may be set once; chaos stages and
     * custom stages may share a position and run in the order they were added, outermost first. The order of the
     * calls does not matter otherwise (the pipeline runs its stages in the documented order). Not
     * thread-safe; a builder may build several pipelines.
     *
     * @param <T> the result type of the calls
     */
    public static final class Builder<T> {

        private final List<Entry<T>> entries = new ArrayList<>();

        Builder() {}

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
            return add(Stage.FALLBACK, "fallback", fallback.name(), Stages.of(fallback, function), null);
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
            return add(Stage.STALE_CACHE, "staleCache", cache.name(), new StaleStage<>(cache, key), null);
        }

        /**
         * Sets the retry stage.
         *
         * @param retry the retry
         * @return this builder
         * @throws IllegalStateException if a retry is already set
         */
        public Builder<T> retry(Retry retry) {
            return policy(Stage.RETRY, "retry", retry, null);
        }

        /**
         * Sets the circuit breaker stage.
         *
         * @param circuitBreaker the breaker
         * @return this builder
         * @throws IllegalStateException if a circuit breaker is already set
         */
        public Builder<T> circuitBreaker(CircuitBreaker circuitBreaker) {
            return policy(Stage.CIRCUIT_BREAKER, "circuitBreaker", circuitBreaker, circuitBreaker);
        }

        /**
         * Sets the hedge stage: a call still running after the hedge's delay gets parallel attempts,
         * each through the stages inside the hedge (rate limiter, time limiter, bulkhead, adaptive
         * limiter); the breaker and the retry outside it see one call with the winner's outcome.
         *
         * @param hedge the hedge
         * @return this builder
         * @throws IllegalStateException if a hedge is already set
         */
        public Builder<T> hedge(Hedge hedge) {
            return policy(Stage.HEDGE, "hedge", hedge, null);
        }

        /**
         * Sets the rate limiter stage: each attempt takes one permit.
         *
         * @param rateLimiter the rate limiter
         * @return this builder
         * @throws IllegalStateException if a rate limiter is already set
         */
        public Builder<T> rateLimiter(RateLimiter rateLimiter) {
            return policy(Stage.RATE_LIMITER, "rateLimiter", rateLimiter, rateLimiter);
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
            return policy(Stage.TIME_LIMITER, "timeLimiter", timeLimiter, null);
        }

        /**
         * Sets the bulkhead stage.
         *
         * @param bulkhead the bulkhead
         * @return this builder
         * @throws IllegalStateException if a bulkhead is already set
         */
        public Builder<T> bulkhead(Bulkhead bulkhead) {
            return policy(Stage.BULKHEAD, "bulkhead", bulkhead, bulkhead);
        }

        /**
         * Sets the adaptive limiter stage. Each admitted call's latency is measured on the limiter's
         * own {@link AdaptiveLimiter#timeSource()} and reported, or a drop for a timeout.
         *
         * @param adaptiveLimiter the limiter
         * @return this builder
         * @throws IllegalStateException if an adaptive limiter is already set
         */
        public Builder<T> adaptiveLimiter(AdaptiveLimiter adaptiveLimiter) {
            return policy(Stage.ADAPTIVE_LIMITER, "adaptiveLimiter", adaptiveLimiter, adaptiveLimiter);
        }

        /**
         * Adds a fault-injection stage, innermost of the policies (see the class description for
         * why). Unlike the other policies, several chaos policies may be added; they run in the
         * order added, outermost first.
         *
         * @param chaos the chaos policy
         * @return this builder
         */
        public Builder<T> chaos(ChaosPolicy chaos) {
            Objects.requireNonNull(chaos, "chaos");
            entries.add(new Entry<>(Stage.CHAOS, chaos.name(), Stages.of(chaos), null, entries.size()));
            return this;
        }

        /**
         * Adds a custom stage at one of the custom positions ({@link Stage#CUSTOM_OUTER},
         * {@link Stage#CUSTOM_ATTEMPT}, {@link Stage#CUSTOM_CALL}). Several custom stages at one
         * position run in the order they were added, outermost first.
         *
         * @param position where the stage runs
         * @param stage the stage
         * @return this builder
         * @throws IllegalArgumentException if {@code position} is not a custom position
         */
        public Builder<T> stage(Stage position, PipelineStage<T> stage) {
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(stage, "stage");
            if (!position.isCustom()) {
                throw new IllegalArgumentException("position must be CUSTOM_OUTER, CUSTOM_ATTEMPT or CUSTOM_CALL, was "
                        + position + " (policies are set with their own builder methods)");
            }
            entries.add(new Entry<>(position, stage.name(), stage, null, entries.size()));
            return this;
        }

        /**
         * Builds the pipeline. A pipeline without stages is allowed and passes calls through.
         *
         * @return a new pipeline
         */
        public Pipeline<T> build() {
            return new Pipeline<>(entries);
        }

        private Builder<T> policy(
                Stage position, String field, CallPolicy<?, ?, ?> policy, @Nullable AttemptGuard guard) {
            Objects.requireNonNull(policy, field);
            return add(position, field, policy.name(), Stages.of(policy), guard);
        }

        private Builder<T> add(
                Stage position, String field, String name, PipelineStage<T> stage, @Nullable AttemptGuard guard) {
            for (Entry<T> entry : entries) {
                if (entry.position == position) {
                    throw new IllegalStateException(
                            field + " is already set: a pipeline has at most one of each stage");
                }
            }
            entries.add(new Entry<>(position, name, stage, guard, entries.size()));
            return this;
        }
    }
}
