package dev.nines.benchmarks;

import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.chaos.InjectedFaultException;
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
 * The overhead of fault injection ({@code ChaosPolicy}) against the bare call, in the same run:
 *
 * <ul>
 *   <li>{@code disabled}: a policy switched off (one volatile read per call);</li>
 *   <li>{@code onePercent}: a policy injecting a fault into 1% of the calls (switch, scope, one
 *       {@code ThreadLocalRandom} draw per call, and one injected fault per hundred calls, thrown
 *       and caught). The fault is one prebuilt {@link InjectedFaultException}, so what is measured
 *       is the policy, not the JVM building a stack trace; a generator that builds a new exception
 *       per injection adds that cost on the injected calls only.</li>
 * </ul>
 *
 * No JVM library ships fault injection as a policy in a pipeline (Polly's chaos strategies are
 * .NET; resilience4j and Failsafe have none), so the peer is the bare call. Goal: 0 B/op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChaosBenchmark {

    private static final Integer RESULT = 42;
    private static final InjectedFaultException FAULT = new InjectedFaultException("one-percent", "injected");
    private final Supplier<Integer> call = () -> RESULT;

    private final ChaosPolicy disabled = ChaosPolicy.of(
            "disabled", ChaosConfig.builder().fault().enabled(false).build(), TimeSource.system());
    private final ChaosPolicy onePercent = ChaosPolicy.of(
            "one-percent",
            ChaosConfig.builder().fault(() -> FAULT).injectionRatio(0.01).build(),
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
}
