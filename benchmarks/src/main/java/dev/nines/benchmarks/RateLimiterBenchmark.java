package dev.nines.benchmarks;

import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.ratelimit.RateLimiterConfig;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Rate limiter acquire of one permit from a bucket that never runs dry (10^9 permits per
 * second): Nines vs resilience4j {@code RateLimiter} vs Failsafe's bursty {@code RateLimiter}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RateLimiterBenchmark {

    private static final int PERMITS = 1_000_000_000;

    private final RateLimiter nines = RateLimiter.of(
            "bench",
            RateLimiterConfig.builder()
                    .limitForPeriod(PERMITS)
                    .burstCapacity(PERMITS)
                    .limitRefreshPeriod(Duration.ofSeconds(1))
                    .timeoutDuration(Duration.ZERO)
                    .build(),
            TimeSource.system());
    private final io.github.resilience4j.ratelimiter.RateLimiter resilience4j =
            io.github.resilience4j.ratelimiter.RateLimiter.of(
                    "bench",
                    io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
                            .limitForPeriod(PERMITS)
                            .limitRefreshPeriod(Duration.ofSeconds(1))
                            .timeoutDuration(Duration.ZERO)
                            .build());
    private final dev.failsafe.RateLimiter<Object> failsafe = dev.failsafe.RateLimiter.burstyBuilder(
                    PERMITS, Duration.ofSeconds(1))
            .build();

    /** Nines: take one permit. */
    @Benchmark
    public boolean nines_acquire() {
        return nines.tryAcquirePermission();
    }

    /** resilience4j: take one permit. */
    @Benchmark
    public boolean resilience4j_acquire() {
        return resilience4j.acquirePermission();
    }

    /** Failsafe: take one permit. */
    @Benchmark
    public boolean failsafe_acquire() {
        return failsafe.tryAcquirePermit();
    }

    /** Nines on two contending threads. */
    @Benchmark
    @Threads(2)
    public boolean nines_acquire2() {
        return nines.tryAcquirePermission();
    }

    /** resilience4j on two contending threads. */
    @Benchmark
    @Threads(2)
    public boolean resilience4j_acquire2() {
        return resilience4j.acquirePermission();
    }

    /** Failsafe on two contending threads. */
    @Benchmark
    @Threads(2)
    public boolean failsafe_acquire2() {
        return failsafe.tryAcquirePermit();
    }
}
