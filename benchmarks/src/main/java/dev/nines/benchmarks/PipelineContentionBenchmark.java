package dev.nines.benchmarks;

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
 * The composed pipeline of {@link PipelineBenchmark} taken apart, to say where its two-thread cost
 * goes: the bulkhead alone against the exact-permit floor, and the retry and breaker without a
 * bulkhead against the two clock readings they need.
 *
 * <ul>
 *   <li>{@code bulkhead}: a Nines bulkhead's permit taken and given back around two clock readings,
 *       against {@code floor}, the same around the cheapest exact permit (a read and a
 *       compare-and-set to take it, an atomic increment to give it back, on a count alone on its
 *       cache lines).</li>
 *   <li>{@code retryBreaker}: a pipeline of the default retry and breaker (count window of 100, slow
 *       calls detected), which writes no shared memory on a first-attempt success except the retry's
 *       success counter, against {@code clocks}, the call between two clock readings.</li>
 * </ul>
 *
 * <p>If a case scales from one thread to two as its peer does, its part adds no contention. Only a
 * machine where both benchmark threads run at once can show it: under load they rarely do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineContentionBenchmark {

    private static final Integer RESULT = 42;
    private static final int WINDOW = 100;
    private static final int MAX_CONCURRENT = 25;

    /** The floor's permit count, alone on its cache lines (index 32 of 65 ints). */
    private static final int PERMITS = 32;

    // A field, like a caller's supplier: every call passes the same non-capturing instance.
    @SuppressWarnings("UnnecessaryLambda")
    private final Supplier<Integer> call = () -> RESULT;

    private final TimeSource clock = TimeSource.system();
    private final AtomicIntegerArray permits = new AtomicIntegerArray(2 * PERMITS + 1);
    private final Bulkhead bulkhead = Bulkhead.of(
            "bench",
            BulkheadConfig.builder()
                    .maxConcurrentCalls(MAX_CONCURRENT)
                    .maxWaitDuration(Duration.ZERO)
                    .build(),
            clock);
    private final Supplier<Integer> retryBreaker = Resilience.<Integer>pipeline()
            .retry(Retry.of("bench", RetryConfig.ofDefaults(), clock))
            .circuitBreaker(CircuitBreaker.of(
                    "bench",
                    CircuitBreakerConfig.builder()
                            .slidingWindow(WINDOW, WINDOW, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                            .build(),
                    clock))
            .build()
            .decorateSupplier(call);

    /** Fills the floor's permit count. */
    public PipelineContentionBenchmark() {
        permits.set(PERMITS, MAX_CONCURRENT);
    }

    private Integer clocks(Blackhole sink) {
        long start = clock.nanoTime();
        Integer result = call.get();
        sink.consume(clock.nanoTime() - start);
        return result;
    }

    private Integer bulkhead(Blackhole sink) {
        bulkhead.acquirePermission();
        try {
            return clocks(sink);
        } finally {
            bulkhead.onComplete();
        }
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

    /**
     * Nines' bulkhead around two clock readings.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    public Integer nines_bulkhead(Blackhole sink) {
        return bulkhead(sink);
    }

    /**
     * Floor: the cheapest exact permit around two clock readings.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    public Integer floor_bulkhead(Blackhole sink) {
        return floor(sink);
    }

    /**
     * Nines' bulkhead around two clock readings, two threads.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    @Threads(2)
    public Integer nines_bulkhead2(Blackhole sink) {
        return bulkhead(sink);
    }

    /**
     * Floor on two threads.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    @Threads(2)
    public Integer floor_bulkhead2(Blackhole sink) {
        return floor(sink);
    }

    /**
     * Nines: retry + breaker, no bulkhead.
     *
     * @return the call's result
     */
    @Benchmark
    public Integer nines_retryBreaker() {
        return retryBreaker.get();
    }

    /**
     * Floor: the call between two clock readings.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    public Integer clocks_retryBreaker(Blackhole sink) {
        return clocks(sink);
    }

    /**
     * Nines: retry + breaker, no bulkhead, two threads.
     *
     * @return the call's result
     */
    @Benchmark
    @Threads(2)
    public Integer nines_retryBreaker2() {
        return retryBreaker.get();
    }

    /**
     * Floor on two threads: the call between two clock readings.
     *
     * @param sink takes the duration
     * @return the call's result
     */
    @Benchmark
    @Threads(2)
    public Integer clocks_retryBreaker2(Blackhole sink) {
        return clocks(sink);
    }
}
