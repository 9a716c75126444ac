package dev.nines.benchmarks;

import dev.nines.core.time.TimeSource;
import dev.nines.slo.SloGroup;
import dev.nines.slo.SloTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Record and query cost per tracker of an {@code SloGroup} (one 30-day SLO per route) as the
 * number of members grows: 10, 1,000 and 10,000 routes, each call to a route picked at random
 * from a fixed sequence.
 *
 * <ul>
 *   <li>{@code recordGood}: {@code group.tracker(route).recordGood()} (a map lookup, a clock read
 *       and a {@code LongAdder} add), against the same record on one tracker held in a field
 *       ({@code tracker}), which is the floor a group can approach;</li>
 *   <li>{@code burnRate1h}: {@code group.tracker(route).burnRate(1h)}, against the same query on
 *       the single tracker.</li>
 * </ul>
 * Every tracker has run for 30 days (the clock is the system clock shifted, so that records read a
 * real clock): queries read the hour, minute and 5-minute tiers. A query's cost does not depend on
 * the traffic recorded: it reads two kept totals per bound. 10,000 members retain about 1.3 GB.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SloGroupBenchmark {

    /** The system clock plus an offset that setup moves forward. */
    static final class ShiftedClock implements TimeSource {
        private final TimeSource system = TimeSource.system();
        volatile long offsetMillis;

        @Override
        public long nanoTime() {
            return system.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.ofEpochMilli(currentTimeMillis());
        }

        @Override
        public long currentTimeMillis() {
            return system.currentTimeMillis() + offsetMillis;
        }
    }

    /** A group of {@code members} routes that has run for 30 days, and one tracker alone. */
    @State(Scope.Benchmark)
    public static class Fleet {
        /** The number of members. */
        @Param({"10", "1000", "10000"})
        public int members;

        SloGroup group;
        SloTracker single;
        String[] routes;
        int[] sequence;

        /** Creates the members, records into each, then moves the clock 30 days and records again. */
        @Setup(Level.Trial)
        public void fill() {
            ShiftedClock clock = new ShiftedClock();
            group = SloGroup.create(SloBenchmark.slo(), "route", members, clock);
            single = SloTracker.create(SloBenchmark.slo(), clock);
            routes = new String[members];
            for (int i = 0; i < members; i++) {
                routes[i] = "/route/" + i;
                group.tracker(routes[i]).record(1_000, 1);
            }
            single.record(1_000, 1);
            clock.offsetMillis = Duration.ofDays(30).toMillis();
            for (String route : routes) {
                group.tracker(route).record(1_000, 1);
            }
            single.record(1_000, 1);
            SplittableRandom random = new SplittableRandom(17);
            sequence = new int[1 << 16];
            for (int i = 0; i < sequence.length; i++) {
                sequence[i] = random.nextInt(members);
            }
        }
    }

    /** Each thread's position in the route sequence. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance(int[] sequence) {
            next = (next + 1) & (sequence.length - 1);
            return sequence[next];
        }
    }

    /** Nines: record into the member of a random route. */
    @Benchmark
    public void nines_recordGood(Fleet fleet, Cursor cursor) {
        fleet.group.tracker(fleet.routes[cursor.advance(fleet.sequence)]).recordGood();
    }

    /** One tracker in a field, the same work minus the lookup. */
    @Benchmark
    public int tracker_recordGood(Fleet fleet, Cursor cursor) {
        int route = cursor.advance(fleet.sequence);
        fleet.single.recordGood();
        return route;
    }

    /** Nines: the 1-hour burn rate of the member of a random route. */
    @Benchmark
    public double nines_burnRate1h(Fleet fleet, Cursor cursor) {
        return fleet.group.tracker(fleet.routes[cursor.advance(fleet.sequence)]).burnRate(Duration.ofHours(1));
    }

    /** One tracker in a field, the same query. */
    @Benchmark
    public double tracker_burnRate1h(Fleet fleet, Cursor cursor) {
        cursor.advance(fleet.sequence);
        return fleet.single.burnRate(Duration.ofHours(1));
    }
}
