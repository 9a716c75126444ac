package dev.nines.benchmarks;

import dev.nines.core.health.HealthCheckConfig;
import dev.nines.core.health.HealthGroupConfig;
import dev.nines.core.health.HealthGroupResult;
import dev.nines.core.health.HealthRegistry;
import dev.nines.core.health.HealthResult;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Readiness evaluation of a group of eight background checks whose results are served from cache
 * (what a load balancer's probe costs the service). No peer: no other JVM library has this.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HealthBenchmark {

    private static final int CHECKS = 8;

    private ScheduledExecutorService scheduler;
    private ExecutorService checkPool;
    private HealthRegistry health;

    /** Builds the registry and waits until every background check has run once. */
    @Setup(Level.Trial)
    public void setUp() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        checkPool = Executors.newFixedThreadPool(2);
        HealthRegistry.Builder builder = HealthRegistry.builder(TimeSource.system(), scheduler, checkPool);
        HealthCheckConfig background =
                HealthCheckConfig.builder().period(Duration.ofHours(1)).build();
        for (int i = 0; i < CHECKS; i++) {
            builder.register("dependency-" + i, HealthResult::up, background);
        }
        health = builder.build();
        TimeSource clock = TimeSource.system();
        long deadline = clock.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!health.evaluate(HealthGroupConfig.READINESS).status().equals(HealthStatus.UP)) {

            if (clock.nanoTime() - deadline > 0) {
                throw new IllegalStateException("background checks did not report UP within 30 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Stops the scheduler and the check pool. */
    @TearDown(Level.Trial)
    public void tearDown() {
        health.close();
        scheduler.shutdownNow();
        checkPool.shutdownNow();
    }

    /** Nines: evaluate the readiness group from cached results. */
    @Benchmark
    public HealthGroupResult nines_readinessCached() {
        return health.evaluate(HealthGroupConfig.READINESS);
    }
}
