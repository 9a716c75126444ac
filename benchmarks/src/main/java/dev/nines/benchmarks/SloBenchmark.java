package dev.nines.benchmarks;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.ErrorBudget;
import dev.nines.slo.Slo;
import dev.nines.slo.SloTracker;
import dev.nines.slo.SloWindow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * SLO tracker recording and queries.
 *
 * <ul>
 *   <li>{@code recordGood}: one good event, the tracker reading the clock per event, against the
 *       floor (a bare {@link LongAdder#increment()}) and a Micrometer {@code Counter.increment()};</li>
 *   <li>{@code recordGoodPerTick}: the same with {@code Timestamping.PER_TICK}, where the
 *       application's scheduler closes buckets and recording skips the clock read;</li>
 *   <li>{@code errorBudget}, {@code burnRate1h}: queries on a 30-day window full of traffic
 *       (one bucket of events every 10 s for 30 days).</li>
 * </ul>
 * Goal: recording within 3x of the floor (ratio at least 0.33), 0 B/op.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SloBenchmark {

    static Slo slo() {
        return Slo.builder("checkout")
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .build();
    }

    /** Recorders shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class Recorders {
        final SloTracker perEvent = SloTracker.create(slo(), TimeSource.system());
        final SloTracker perTick = SloTracker.create(slo(), TimeSource.system(), SloTracker.Timestamping.PER_TICK);
        final LongAdder floor = new LongAdder();
        final Counter micrometer = Counter.builder("requests").register(new SimpleMeterRegistry());
    }

    /** A tracker holding 30 days of traffic, on a manual clock at the window's end. */
    @State(Scope.Benchmark)
    public static class Full {
        SloTracker tracker;

        /** Records 30 days of traffic, one bucket every 10 s, with a bad hour every few days. */
        @Setup
        public void fill() {
            ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
            tracker = SloTracker.create(slo(), time);
            long steps = Duration.ofDays(30).toSeconds() / 10;
            for (long i = 0; i < steps; i++) {
                boolean badHour = (i / 360) % 80 == 0;
                tracker.record(100, badHour ? 5 : 0);
                time.advance(Duration.ofSeconds(10));
            }
        }
    }

    /** Nines: record one good event (clock read per event). */
    @Benchmark
    public void nines_recordGood(Recorders r) {
        r.perEvent.recordGood();
    }

    /** Floor: a bare LongAdder increment. */
    @Benchmark
    public void floor_recordGood(Recorders r) {
        r.floor.increment();
    }

    /** Micrometer: a counter increment. */
    @Benchmark
    public void micrometer_recordGood(Recorders r) {
        r.micrometer.increment();
    }

    /** Nines on two contending threads. */
    @Benchmark
    @Threads(2)
    public void nines_recordGood2(Recorders r) {
        r.perEvent.recordGood();
    }

    /** Floor on two contending threads. */
    @Benchmark
    @Threads(2)
    public void floor_recordGood2(Recorders r) {
        r.floor.increment();
    }

    /** Micrometer on two contending threads. */
    @Benchmark
    @Threads(2)
    public void micrometer_recordGood2(Recorders r) {
        r.micrometer.increment();
    }

    /** Nines: record one good event, buckets closed by tick(). */
    @Benchmark
    public void nines_recordGoodPerTick(Recorders r) {
        r.perTick.recordGood();
    }

    /** Floor, for the per-tick comparison. */
    @Benchmark
    public void floor_recordGoodPerTick(Recorders r) {
        r.floor.increment();
    }

    /** Micrometer, for the per-tick comparison. */
    @Benchmark
    public void micrometer_recordGoodPerTick(Recorders r) {
        r.micrometer.increment();
    }

    /** Nines: error budget of a full 30-day window. */
    @Benchmark
    public ErrorBudget nines_errorBudget(Full f) {
        return f.tracker.errorBudget();
    }

    /** Nines: burn rate over the last hour of a full 30-day window. */
    @Benchmark
    public double nines_burnRate1h(Full f) {
        return f.tracker.burnRate(Duration.ofHours(1));
    }
}
