package dev.nines.benchmarks;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.time.TimeSource;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Retry on the success path (the call succeeds at once; 3 attempts allowed): Nines vs resilience4j
 * {@code Retry} vs Failsafe {@code RetryPolicy}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RetryBenchmark {

    private static final Integer RESULT = 42;
    // Fields, like a caller's suppliers: every call passes the same non-capturing instance.
    @SuppressWarnings("UnnecessaryLambda")
    private final Supplier<Integer> call = () -> RESULT;

    @SuppressWarnings("UnnecessaryLambda")
    private final CheckedSupplier<Integer> checkedCall = () -> RESULT;

    private final Retry nines = Retry.of("bench", RetryConfig.ofDefaults(), TimeSource.system());
    private final io.github.resilience4j.retry.Retry resilience4j =
            io.github.resilience4j.retry.Retry.ofDefaults("bench");
    private final FailsafeExecutor<Integer> failsafe = Failsafe.with(RetryPolicy.<Integer>ofDefaults());

    /** Nines: a call that succeeds first time. */
    @Benchmark
    public Integer nines_success() {
        return nines.executeSupplier(call);
    }

    /** resilience4j: a call that succeeds first time. */
    @Benchmark
    public Integer resilience4j_success() {
        return resilience4j.executeSupplier(call);
    }

    /** Failsafe: a call that succeeds first time. */
    @Benchmark
    public Integer failsafe_success() {
        return failsafe.get(checkedCall);
    }
}
