package dev.nines.benchmarks;

import dev.nines.capacity.model.ErlangC;
import dev.nines.capacity.scaling.MetricProposal;
import dev.nines.capacity.scaling.MetricReading;
import dev.nines.capacity.scaling.MetricTarget;
import dev.nines.capacity.scaling.PodSample;
import dev.nines.capacity.scaling.ReplicaCalculator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Capacity model costs: Erlang C sizing (servers needed for 80% of requests to wait under 20 ms at
 * 5,000 req/s and 180 ms service time, about 900 servers) and one Kubernetes HPA replica
 * proposal over 100 pods.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CapacityBenchmark {

    private final ReplicaCalculator calculator = ReplicaCalculator.ofDefaults();
    private final MetricReading cpu = cpuReading(100);

    static MetricReading cpuReading(int pods) {
        List<PodSample> samples = new ArrayList<>();
        for (int i = 0; i < pods; i++) {
            samples.add(PodSample.ready("pod-" + i, 300 + (i % 7) * 40L, 500));
        }
        return new MetricReading.PodMetrics("cpu", MetricTarget.utilization(60), true, samples);
    }

    /** Nines: servers needed for a service level, by Erlang C. */
    @Benchmark
    public int nines_erlangCServersForServiceLevel() {
        return ErlangC.serversForServiceLevel(5_000, 0.180, 0.020, 0.80);
    }

    /** Nines: one HPA replica proposal over 100 pods. */
    @Benchmark
    public MetricProposal nines_replicaProposal100Pods() {
        return calculator.propose(100, cpu);
    }
}
