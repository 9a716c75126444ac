package dev.nines.benchmarks;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.nines.core.time.TimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Circuit breaker hot paths with a count-based window of 100 calls and a 50% failure threshold:
 * Nines vs resilience4j {@code CircuitBreaker} vs Failsafe {@code CircuitBreaker}.
 *
 * <ul>
 *   <li>{@code closedSuccess}: permission + success record in CLOSED, on one and two threads;</li>
 *   <li>{@code closedQuarterFailures}: the same with every fourth call recorded as a failure (25%, so
 *       the breaker stays CLOSED while its window keeps changing);</li>
 *   <li>{@code openRejection}: the permission check of a breaker held open.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CircuitBreakerBenchmark {

    private static final long DURATION_NANOS = 1_000_000L;
    // One stackless failure shared by every call: the benchmark measures the breaker, not exception allocation.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    private static final IOException FAILURE = new IOException("benchmark failure");

    private static final int WINDOW = 100;

    /** Breakers shared by all benchmark threads, CLOSED. */
    @State(Scope.Benchmark)
    public static class Closed {
        final CircuitBreaker nines = CircuitBreaker.of(
                "bench",
                CircuitBreakerConfig.builder()
                        .failureRateThreshold(50)
                        .slidingWindow(WINDOW, WINDOW, SlidingWindowType.COUNT_BASED)
                        .build(),
                TimeSource.system());
        final io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4j =
                io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
                        "bench",
                        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                                .failureRateThreshold(50)
                                .slidingWindow(
                                        WINDOW,
                                        WINDOW,
                                        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType
                                                .COUNT_BASED)
                                .build());
        final dev.failsafe.CircuitBreaker<Object> failsafe = dev.failsafe.CircuitBreaker.builder()
                .withFailureThreshold(WINDOW / 2, WINDOW)
                .withDelay(FAILSAFE_DELAY)
                .build();
    }

    /** Breakers held OPEN. */
    @State(Scope.Benchmark)
    public static class Open extends Closed {
        public Open() {
            nines.transitionToForcedOpenState();
            resilience4j.transitionToForcedOpenState();
            failsafe.open();
        }
    }

    /** resilience4j with its LOCK_FREE window, the better of its two strategies under contention. */
    @State(Scope.Benchmark)
    public static class LockFree {
        final io.github.resilience4j.circuitbreaker.CircuitBreaker resilience4j =
                io.github.resilience4j.circuitbreaker.CircuitBreaker.of(
                        "bench",
                        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                                .failureRateThreshold(50)
                                .slidingWindow(
                                        WINDOW,
                                        WINDOW,
                                        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType
                                                .COUNT_BASED,
                                        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig
                                                .SlidingWindowSynchronizationStrategy.LOCK_FREE)
                                .build());
    }

    /** The floor: one shared counter incremented per call. */
    @State(Scope.Benchmark)
    public static class Floor {
        final AtomicLong counter = new AtomicLong();
    }

    /** A per-thread call counter for the failure mix. */
    @State(Scope.Thread)
    public static class Calls {
        int count;

        boolean nextFails() {
            return (++count & 3) == 0;
        }
    }

    /** Nines: permission + success. */
    @Benchmark
    public boolean nines_closedSuccess(Closed s) {
        boolean permitted = s.nines.tryAcquirePermission();
        if (permitted) {
            s.nines.onSuccess(DURATION_NANOS);
        }
        return permitted;
    }

    /** resilience4j: permission + success. */
    @Benchmark
    public boolean resilience4j_closedSuccess(Closed s) {
        boolean permitted = s.resilience4j.tryAcquirePermission();
        if (permitted) {
            s.resilience4j.onSuccess(DURATION_NANOS, TimeUnit.NANOSECONDS);
        }
        return permitted;
    }

    /** Failsafe: permission + success. */
    @Benchmark
    public boolean failsafe_closedSuccess(Closed s) {
        boolean permitted = s.failsafe.tryAcquirePermit();
        if (permitted) {
            s.failsafe.recordSuccess();
        }
        return permitted;
    }

    /** Nines on two contending threads. */
    @Benchmark
    @Threads(2)
    public boolean nines_closedSuccess2(Closed s) {
        return nines_closedSuccess(s);
    }

    /** resilience4j on two contending threads. */
    @Benchmark
    @Threads(2)
    public boolean resilience4j_closedSuccess2(Closed s) {
        return resilience4j_closedSuccess(s);
    }

    /** Failsafe on two contending threads. */
    @Benchmark
    @Threads(2)
    public boolean failsafe_closedSuccess2(Closed s) {
        return failsafe_closedSuccess(s);
    }

    /** Nines: one call in four fails. */
    @Benchmark
    public boolean nines_closedQuarterFailures(Closed s, Calls calls) {
        boolean permitted = s.nines.tryAcquirePermission();
        if (permitted) {
            if (calls.nextFails()) {
                s.nines.onError(DURATION_NANOS, FAILURE);
            } else {
                s.nines.onSuccess(DURATION_NANOS);
            }
        }
        return permitted;
    }

    /** resilience4j: one call in four fails. */
    @Benchmark
    public boolean resilience4j_closedQuarterFailures(Closed s, Calls calls) {
        boolean permitted = s.resilience4j.tryAcquirePermission();
        if (permitted) {
            if (calls.nextFails()) {
                s.resilience4j.onError(DURATION_NANOS, TimeUnit.NANOSECONDS, FAILURE);
            } else {
                s.resilience4j.onSuccess(DURATION_NANOS, TimeUnit.NANOSECONDS);
            }
        }
        return permitted;
    }

    /** Failsafe: one call in four fails. */
    @Benchmark
    public boolean failsafe_closedQuarterFailures(Closed s, Calls calls) {
        boolean permitted = s.failsafe.tryAcquirePermit();
        if (permitted) {
            if (calls.nextFails()) {
                s.failsafe.recordFailure();
            } else {
                s.failsafe.recordSuccess();
            }
        }
        return permitted;
    }

    /** Nines on two threads, one call in four failing: the window's counts change on every call. */
    @Benchmark
    @Threads(2)
    public boolean nines_closedQuarterFailures2(Closed s, Calls calls) {
        return nines_closedQuarterFailures(s, calls);
    }

    /** resilience4j (SYNCHRONIZED window, its default) on two threads, one call in four failing. */
    @Benchmark
    @Threads(2)
    public boolean resilience4j_closedQuarterFailures2(Closed s, Calls calls) {
        return resilience4j_closedQuarterFailures(s, calls);
    }

    /** resilience4j with its LOCK_FREE window on two threads, one call in four failing. */
    @Benchmark
    @Threads(2)
    public boolean resilience4jLockFree_closedQuarterFailures2(LockFree s, Calls calls) {
        boolean permitted = s.resilience4j.tryAcquirePermission();
        if (permitted) {
            if (calls.nextFails()) {
                s.resilience4j.onError(DURATION_NANOS, TimeUnit.NANOSECONDS, FAILURE);
            } else {
                s.resilience4j.onSuccess(DURATION_NANOS, TimeUnit.NANOSECONDS);
            }
        }
        return permitted;
    }

    /** The floor for any exact shared window: one {@code AtomicLong.incrementAndGet} per call, two threads. */
    @Benchmark
    @Threads(2)
    public long floor_closedQuarterFailures2(Floor s) {
        return s.counter.incrementAndGet();
    }

    /** Nines: rejected by an open breaker. */
    @Benchmark
    public boolean nines_openRejection(Open s) {
        return s.nines.tryAcquirePermission();
    }

    /** resilience4j: rejected by an open breaker. */
    @Benchmark
    public boolean resilience4j_openRejection(Open s) {
        return s.resilience4j.tryAcquirePermission();
    }

    /** Failsafe: rejected by an open breaker. */
    @Benchmark
    public boolean failsafe_openRejection(Open s) {
        return s.failsafe.tryAcquirePermit();
    }

    // Keeps the failure's stack trace out of the measurement.
    static {
        FAILURE.setStackTrace(new StackTraceElement[0]);
    }

    /** The Failsafe breaker's open delay, long enough never to half-open during a run. */
    static final Duration FAILSAFE_DELAY = Duration.ofHours(1);
}
