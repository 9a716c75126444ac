package dev.nines.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.pipeline.Resilience;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A composed call on the success path, retry around circuit breaker around bulkhead, each
 * library's own composition built once: Nines {@code Resilience.pipeline()} vs resilience4j's
 * nested decorators vs {@code Failsafe.with(retry, breaker, bulkhead)}.
 *
 * <p>Two floors run beside them. {@code clocks} is the call between two readings of the system
 * clock: a breaker that counts slow calls exactly must read the clock when a call starts and when
 * it ends, so no exact composition can beat it. {@code floor} adds what an exact bulkhead must
 * also do: take a permit from one shared count by compare-and-set and give it back, on a counter
 * alone on its cache lines. The ratio of resilience4j to a floor is the most any exact
 * composition can reach against resilience4j.
 *
 * <p>The {@code NoSlowCalls} cases configure each breaker so that no call can count as slow:
 * Nines with {@code slowCallDetectionEnabled(false)}, so its pipeline reads no clock; resilience4j,
 * which cannot turn slow-call detection off, with a slow-call duration threshold no call reaches
 * ({@code Long.MAX_VALUE} ns), and its decorator still reads the clock twice. Their floor,
 * {@code permits}, is the shared permit count alone, without clock readings.
 *
 * <p>{@code stripedFloor} is an experiment for two threads: {@code floor} with each thread's permit
 * count on cache lines of its own, the most a bulkhead with per-thread permit stripes could save.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBenchmark {

    private static final Integer RESULT = 42;
    private static final int WINDOW = 100;
    private static final int MAX_CONCURRENT = 25;

    // Fields, like a caller's suppliers: every call passes the same non-capturing instance.
    @SuppressWarnings("UnnecessaryLambda")
    private final Supplier<Integer> call = () -> RESULT;

    @SuppressWarnings("UnnecessaryLambda")
    private final CheckedSupplier<Integer> checkedCall = () -> RESULT;

    /** The shared permit count of {@code floor}, alone on its cache lines (index 32 of 64 ints). */
    private static final int PERMITS = 32;

    private final TimeSource clock = TimeSource.system();
    private final AtomicIntegerArray permits = new AtomicIntegerArray(2 * PERMITS);
    private final Supplier<Integer> nines;
    private final Supplier<Integer> ninesNoSlowCalls;
    private final Supplier<Integer> resilience4j;
    private final Supplier<Integer> resilience4jNoSlowCalls;
    private final FailsafeExecutor<Integer> failsafe;

    /** Builds the three compositions. */
    public PipelineBenchmark() {
        nines = nines(true);
        ninesNoSlowCalls = nines(false);
        resilience4j = resilience4j(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom());
        resilience4jNoSlowCalls = resilience4j(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofNanos(Long.MAX_VALUE)));

        failsafe = Failsafe.with(
                RetryPolicy.<Integer>ofDefaults(),
                dev.failsafe.CircuitBreaker.<Integer>builder()
                        .withFailureThreshold(WINDOW / 2, WINDOW)
                        .build(),
                dev.failsafe.Bulkhead.<Integer>of(MAX_CONCURRENT));
        permits.set(PERMITS, MAX_CONCURRENT);
    }

    private Supplier<Integer> nines(boolean slowCallDetection) {
        TimeSource time = TimeSource.system();
        return Resilience.<Integer>pipeline()
                .retry(Retry.of("bench", RetryConfig.ofDefaults(), time))
                .circuitBreaker(CircuitBreaker.of(
                        "bench",
                        CircuitBreakerConfig.builder()
                                .slidingWindow(WINDOW, WINDOW, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                                .slowCallDetectionEnabled(slowCallDetection)
                                .build(),
                        time))
                .bulkhead(Bulkhead.of(
                        "bench",
                        BulkheadConfig.builder()
                                .maxConcurrentCalls(MAX_CONCURRENT)
                                .maxWaitDuration(Duration.ZERO)
                                .build(),
                        time))
                .build()
                .decorateSupplier(call);
    }

    private Supplier<Integer> resilience4j(
            io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.Builder breakerConfig) {
        io.github.resilience4j.retry.Retry retry = io.github.resilience4j.retry.Retry.ofDefaults("bench");
        io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
                io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
                        "bench",
                        breakerConfig
                                .slidingWindow(
                                        WINDOW,
                                        WINDOW,
                                        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType
                                                .COUNT_BASED)
                                .build());
        io.github.resilience4j.bulkhead.Bulkhead bulkhead = io.github.resilience4j.bulkhead.Bulkhead.of(
                "bench",
                io.github.resilience4j.bulkhead.BulkheadConfig.custom()
                        .maxConcurrentCalls(MAX_CONCURRENT)
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        return io.github.resilience4j.retry.Retry.decorateSupplier(
                retry,
                io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
                        breaker, io.github.resilience4j.bulkhead.Bulkhead.decorateSupplier(bulkhead, call)));
    }

    private Integer permits() {
        int free;
        do {
            free = permits.get(PERMITS);
            if (free == 0) {
                throw new IllegalStateException("no permit");
            }
        } while (!permits.compareAndSet(PERMITS, free, free - 1));
        try {
            return call.get();
        } finally {
            permits.getAndIncrement(PERMITS);
        }
    }

    private Integer clocks(Blackhole sink) {
        long start = clock.nanoTime();
        Integer result = call.get();
        sink.consume(clock.nanoTime() - start);
        return result;
    }

    private Integer floor(Blackhole sink) {
        int free;
        do {
            free = permits.get(PERMITS);
            if (free == 0) {
                throw new IllegalStateException("no permit");
            }
        } while (!permits.compareAndSet(PERMITS, free, free - 1));
        try {
            return clocks(sink);
        } finally {
            permits.getAndIncrement(PERMITS);
        }
    }

    /** Nines: retry + breaker + bulkhead. */
    @Benchmark
    public Integer nines_retryBreakerBulkhead() {
        return nines.get();
    }

    /** resilience4j: retry + breaker + bulkhead. */
    @Benchmark
    public Integer resilience4j_retryBreakerBulkhead() {
        return resilience4j.get();
    }

    /** Failsafe: retry + breaker + bulkhead. */
    @Benchmark
    public Integer failsafe_retryBreakerBulkhead() {
        return failsafe.get(checkedCall);
    }

    /**
     * Floor: the call between two clock readings.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    public Integer clocks_retryBreakerBulkhead(Blackhole sink) {
        return clocks(sink);
    }

    /**
     * Floor: a permit from one shared count, and the call between two clock readings.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    public Integer floor_retryBreakerBulkhead(Blackhole sink) {
        return floor(sink);
    }

    /** Which stripe of {@link #stripes} a benchmark thread uses: its own, alone on its cache lines. */
    @State(Scope.Thread)
    public static class Stripe {
        private static final java.util.concurrent.atomic.AtomicInteger NEXT =
                new java.util.concurrent.atomic.AtomicInteger();

        /** The thread's index into {@link #stripes}. */
        final int index = PERMITS * (1 + 2 * (NEXT.getAndIncrement() & 3));

        /** Creates a stripe for one benchmark thread. */
        public Stripe() {}
    }

    private final AtomicIntegerArray stripes = stripes();

    private static AtomicIntegerArray stripes() {
        AtomicIntegerArray array = new AtomicIntegerArray(PERMITS * 10);
        for (int i = 0; i < 4; i++) {
            array.set(PERMITS * (1 + 2 * i), MAX_CONCURRENT);
        }
        return array;
    }

    /**
     * Experiment on two threads: {@code floor} with a permit count per thread on its own cache lines.
     *
     * @param stripe the thread's stripe
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    @Threads(2)
    public Integer stripedFloor_retryBreakerBulkhead2(Stripe stripe, Blackhole sink) {
        int i = stripe.index;
        int free;
        do {
            free = stripes.get(i);
            if (free == 0) {
                throw new IllegalStateException("no permit");
            }
        } while (!stripes.compareAndSet(i, free, free - 1));
        try {
            return clocks(sink);
        } finally {
            stripes.getAndIncrement(i);
        }
    }

    /** Nines, breaker without slow-call detection: the pipeline reads no clock. */
    @Benchmark
    public Integer nines_retryBreakerBulkheadNoSlowCalls() {
        return ninesNoSlowCalls.get();
    }

    /** resilience4j, breaker whose slow-call threshold no call reaches (it still reads the clock). */
    @Benchmark
    public Integer resilience4j_retryBreakerBulkheadNoSlowCalls() {
        return resilience4jNoSlowCalls.get();
    }

    /**
     * Floor without clocks: a permit from one shared count.
     *
     * @return the call's result
     */
    @Benchmark
    public Integer permits_retryBreakerBulkheadNoSlowCalls() {
        return permits();
    }

    /** Nines without slow-call detection on two threads. */
    @Benchmark
    @Threads(2)
    public Integer nines_retryBreakerBulkheadNoSlowCalls2() {
        return ninesNoSlowCalls.get();
    }

    /** resilience4j without slow calls on two threads. */
    @Benchmark
    @Threads(2)
    public Integer resilience4j_retryBreakerBulkheadNoSlowCalls2() {
        return resilience4jNoSlowCalls.get();
    }

    /**
     * Floor without clocks on two threads: a permit from one shared count.
     *
     * @return the call's result
     */
    @Benchmark
    @Threads(2)
    public Integer permits_retryBreakerBulkheadNoSlowCalls2() {
        return permits();
    }

    /** Nines on two contending threads. */
    @Benchmark
    @Threads(2)
    public Integer nines_retryBreakerBulkhead2() {
        return nines.get();
    }

    /** resilience4j on two contending threads. */
    @Benchmark
    @Threads(2)
    public Integer resilience4j_retryBreakerBulkhead2() {
        return resilience4j.get();
    }

    /**
     * Floor on two threads: the call between two clock readings.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    @Threads(2)
    public Integer clocks_retryBreakerBulkhead2(Blackhole sink) {
        return clocks(sink);
    }

    /**
     * Floor on two threads: a permit from one shared count, and the call between two clock readings.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    @Threads(2)
    public Integer floor_retryBreakerBulkhead2(Blackhole sink) {
        return floor(sink);
    }

    /** Failsafe on two contending threads. */
    @Benchmark
    @Threads(2)
    public Integer failsafe_retryBreakerBulkhead2() {
        return failsafe.get(checkedCall);
    }
}
