package dev.nines.benchmarks;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.incident.IncidentRecorder;
import dev.nines.slo.incident.IncidentSignal;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What an {@code IncidentRecorder} costs while no incident is open, the common case.
 *
 * <ul>
 *   <li>{@code recordWhenCalm}: a recovery or note signal that finds nothing open (counted and kept
 *       as unattached); its {@code floor} takes and releases an uncontended {@link ReentrantLock}
 *       and increments a counter;</li>
 *   <li>{@code breakerCall}: one permitted, successful call through a closed breaker with the
 *       recorder subscribed ({@code nines}), and without ({@code unsubscribed}): the breaker then
 *       builds an event per call, which the recorder drops after a type check.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IncidentRecorderBenchmark {

    /** A recorder with nothing open, a calm signal, and two breakers. */
    @State(Scope.Benchmark)
    public static class Calm {
        IncidentRecorder recorder;
        IncidentSignal recovered;
        CircuitBreaker plain;
        CircuitBreaker subscribed;
        final ReentrantLock lock = new ReentrantLock();
        long count;

        /** Builds them and checks that nothing opens. */
        @Setup
        public void setUp() {
            recorder = IncidentRecorder.builder(TimeSource.system()).build();
            recovered = IncidentSignal.builder(
                            IncidentSignal.Kind.BREAKER,
                            IncidentSignal.Effect.RECOVERED,
                            "payments",
                            Instant.parse("2026-03-02T09:00:00Z"))
                    .condition("breaker:psp")
                    .build();
            CircuitBreakerConfig config = CircuitBreakerConfig.ofDefaults();
            plain = CircuitBreaker.of("plain", config, TimeSource.system());
            subscribed = CircuitBreaker.of("subscribed", config, TimeSource.system());
            recorder.subscribe(subscribed, "payments");
            if (recorder.record(recovered).isPresent()) {
                throw new IllegalStateException("a calm signal opened an incident");
            }
        }
    }

    /**
     * Files a recovery with no incident open.
     *
     * @param s the state
     * @return the answer (empty)
     */
    @Benchmark
    public Optional<String> nines_recordWhenCalm(Calm s) {
        return s.recorder.record(s.recovered);
    }

    /**
     * The floor of {@code recordWhenCalm}: an uncontended lock and a counter.
     *
     * @param s the state
     * @return the count
     */
    @Benchmark
    public long floor_recordWhenCalm(Calm s) {
        s.lock.lock();
        try {
            return ++s.count;
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * One successful call through a closed breaker that the recorder listens to.
     *
     * @param s the state
     * @return whether the call was permitted
     */
    @Benchmark
    public boolean nines_breakerCall(Calm s) {
        boolean permitted = s.subscribed.tryAcquirePermission();
        s.subscribed.onSuccess(1_000);
        return permitted;
    }

    /**
     * The peer: one successful call through a closed breaker nobody listens to.
     *
     * @param s the state
     * @return whether the call was permitted
     */
    @Benchmark
    public boolean unsubscribed_breakerCall(Calm s) {
        boolean permitted = s.plain.tryAcquirePermission();
        s.plain.onSuccess(1_000);
        return permitted;
    }
}
