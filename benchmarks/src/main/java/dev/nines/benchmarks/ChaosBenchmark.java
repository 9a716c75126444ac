package dev.nines.benchmarks;

import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.chaos.InjectedFaultException;
import dev.nines.core.time.TimeSource;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The overhead of fault injection ({@code ChaosPolicy}) in the same run as its floors:
 *
 * <ul>
 *   <li>{@code disabled}: a policy switched off (one volatile read per call), against the bare
 *       call;</li>
 *   <li>{@code onePercent}: a policy injecting a fault into 1% of the calls (switch, scope, one
 *       {@code ThreadLocalRandom} draw per call, and one fault per hundred calls, thrown and
 *       caught), against the bare call and against {@code handRolled}, the least any injection
 *       can cost: an inline {@code if (random < 0.01) throw fault}. The fault is one prebuilt
 *       {@link InjectedFaultException}, so the JVM builds no stack trace; a generator that builds a
 *       new exception per injection adds that on the injected calls only;</li>
 *   <li>{@code onePercentOutcome}: the same at 1% with a made-up result instead of a fault, so
 *       that no exception is thrown: the policy's own cost per call.</li>
 * </ul>
 *
 * No JVM library ships fault injection as a policy in a pipeline (Polly's chaos strategies are
 * .NET; resilience4j and Failsafe have none), so the peers are these floors. Goal: 0 B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChaosBenchmark {

    private static final Integer RESULT = 42;
    private static final Integer MADE_UP = -1;
    // One fault shared by every injection: the benchmark measures the policy, not exception allocation.
    @SuppressWarnings("StaticAssignmentOfThrowable")
    private static final InjectedFaultException FAULT = new InjectedFaultException("one-percent", "injected");

    // A field, like a caller's supplier: every call passes the same non-capturing instance.
    @SuppressWarnings("UnnecessaryLambda")
    private final Supplier<Integer> call = () -> RESULT;

    private final ChaosPolicy disabled = ChaosPolicy.of(
            "disabled", ChaosConfig.builder().fault().enabled(false).build(), TimeSource.system());
    private final ChaosPolicy onePercent = ChaosPolicy.of(
            "one-percent",
            ChaosConfig.builder().fault(() -> FAULT).injectionRatio(0.01).build(),
            TimeSource.system());
    private final ChaosPolicy onePercentOutcome = ChaosPolicy.of(
            "one-percent-outcome",
            ChaosConfig.builder().outcome(() -> MADE_UP).injectionRatio(0.01).build(),
            TimeSource.system());

    /** Nines: a call through a disabled chaos policy. */
    @Benchmark
    public Integer nines_disabled() {
        return disabled.executeSupplier(call);
    }

    /** The bare call, for the disabled comparison. */
    @Benchmark
    public Integer bare_disabled() {
        return call.get();
    }

    /** Nines: a call through a chaos policy that injects a fault into 1% of the calls. */
    @Benchmark
    public Integer nines_onePercent() {
        try {
            return onePercent.executeSupplier(call);
        } catch (InjectedFaultException injected) {
            return -1;
        }
    }

    /** The bare call, for the 1% comparison. */
    @Benchmark
    public Integer bare_onePercent() {
        return call.get();
    }

    /** Hand-rolled injection of the same fault at the same rate: the floor of any injector. */
    @Benchmark
    public Integer handRolled_onePercent() {
        try {
            if (ThreadLocalRandom.current().nextDouble() < 0.01) {
                throw FAULT;
            }
            return call.get();
        } catch (InjectedFaultException injected) {
            return -1;
        }
    }

    /** Nines: a call through a chaos policy that returns a made-up result for 1% of the calls. */
    @Benchmark
    public Integer nines_onePercentOutcome() {
        return onePercentOutcome.executeSupplier(call);
    }

    /** The bare call, for the 1% outcome comparison. */
    @Benchmark
    public Integer bare_onePercentOutcome() {
        return call.get();
    }

    /** Hand-rolled injection of a made-up result at 1%. */
    @Benchmark
    public Integer handRolled_onePercentOutcome() {
        if (ThreadLocalRandom.current().nextDouble() < 0.01) {
            return MADE_UP;
        }
        return call.get();
    }
}
