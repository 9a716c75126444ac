package dev.nines.benchmarks;

import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadConfig;
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
 * Bulkhead acquire and release without waiting (25 concurrent calls allowed): Nines vs
 * resilience4j {@code SemaphoreBulkhead} vs Failsafe {@code Bulkhead}, on one and two threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BulkheadBenchmark {

    private static final int MAX_CONCURRENT = 25;

    private final Bulkhead nines = Bulkhead.of(
            "bench",
            BulkheadConfig.builder()
                    .maxConcurrentCalls(MAX_CONCURRENT)
                    .maxWaitDuration(Duration.ZERO)
                    .build(),
            TimeSource.system());
    private final io.github.resilience4j.bulkhead.Bulkhead resilience4j = io.github.resilience4j.bulkhead.Bulkhead.of(
            "bench",
            io.github.resilience4j.bulkhead.BulkheadConfig.custom()
                    .maxConcurrentCalls(MAX_CONCURRENT)
                    .maxWaitDuration(Duration.ZERO)
                    .build());
    private final dev.failsafe.Bulkhead<Object> failsafe = dev.failsafe.Bulkhead.of(MAX_CONCURRENT);

    /** Nines: try to acquire, then complete. */
    @Benchmark
    public boolean nines_acquireRelease() {
        boolean acquired = nines.tryAcquirePermission();
        if (acquired) {
            nines.onComplete();
        }
        return acquired;
    }

    /** resilience4j: try to acquire, then complete. */
    @Benchmark
    public boolean resilience4j_acquireRelease() {
        boolean acquired = resilience4j.tryAcquirePermission();
        if (acquired) {
            resilience4j.onComplete();
        }
        return acquired;
    }

    /** Failsafe: try to acquire, then release. */
    @Benchmark
    public boolean failsafe_acquireRelease() {
        boolean acquired = failsafe.tryAcquirePermit();
        if (acquired) {
            failsafe.releasePermit();
        }
        return acquired;
    }

    /** Nines on two contending threads. */
    @Benchmark
    @Threads(2)
    public boolean nines_acquireRelease2() {
        return nines_acquireRelease();
    }

    /** resilience4j on two contending threads. */
    @Benchmark
    @Threads(2)
    public boolean resilience4j_acquireRelease2() {
        return resilience4j_acquireRelease();
    }

    /** Failsafe on two contending threads. */
    @Benchmark
    @Threads(2)
    public boolean failsafe_acquireRelease2() {
        return failsafe_acquireRelease();
    }
}
