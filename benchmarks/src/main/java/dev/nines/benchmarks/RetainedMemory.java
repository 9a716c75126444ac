package dev.nines.benchmarks;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloGroup;
import dev.nines.slo.SloTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained memory of the long-lived Nines objects, measured with JOL by walking each object's
 * graph: a CLOSED circuit breaker with resilience4j's default window (100 calls), 30-day SLO
 * trackers full of traffic, and a member of an SLO group. Goal (issue 17): a tracker of counts, and
 * a group member, at most 160 KiB. (resilience4j's breaker cannot be
 * measured this way: its configuration holds lambdas, whose hidden classes JOL cannot walk.)
 *
 * <p>The time source is excluded from each graph: it is shared by every component.
 */
public final class RetainedMemory {

    /** The figure that issue 17 bounds to 160 KiB. */
    static final String COUNTS = "Nines SloTracker, availability SLI, 30-day window full";

    /** Bytes per member of an SLO group, 30-day window. */
    static final String MEMBER = "Nines SloGroup member (of 100), availability SLI, 30-day window full";

    /** One measured object. */
    record Figure(String what, long bytes) {}

    static {
        // Lets JOL read fields of records and hidden classes without an agent (JDK 17+).
        System.setProperty("jol.magicFieldOffset", "true");
    }

    private RetainedMemory() {}

    /**
     * Prints the figures.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        for (Figure figure : measure()) {
            System.out.printf(Locale.ROOT, "%-60s %,12d bytes%n", figure.what(), figure.bytes());
        }
    }

    static List<Figure> measure() {
        ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        long clock = GraphLayout.parseInstance(time).totalSize();
        List<Figure> figures = new ArrayList<>();

        CircuitBreaker breaker = CircuitBreaker.of("payments", CircuitBreakerConfig.ofDefaults(), time);
        for (int i = 0; i < 100; i++) {
            breaker.tryAcquirePermission();
            breaker.onSuccess(1_000_000);
        }
        figures.add(new Figure("Nines CircuitBreaker, defaults, window full", size(breaker) - clock));

        SloTracker counts = SloTracker.create(SloBenchmark.slo(), time);
        Slo latencySlo = SloBenchmark.slo().toBuilder()
                .sli(Sli.latency(Duration.ofMillis(300)))
                .build();
        SloTracker latency = SloTracker.create(latencySlo, time);
        long steps = Duration.ofDays(30).toSeconds() / 10;
        for (long i = 0; i < steps; i++) {
            counts.record(5_000 + i % 7, i % 3);
            for (int call = 0; call < 5; call++) {
                latency.recordLatency(2_000_000L + ((i * 5 + call) % 997) * 1_000_000L);
            }
            time.advance(Duration.ofSeconds(10));
        }
        figures.add(new Figure(COUNTS, size(counts) - clock));
        figures.add(new Figure("Nines SloTracker, latency SLI, 30-day window full", size(latency) - clock));

        // An SLO group of 100 routes, each with traffic every hour for 30 days: bytes per member.
        SloGroup group = SloGroup.create(SloBenchmark.slo(), "route", 1_000, time);
        long empty = size(group);
        int members = 100;
        for (int hour = 0; hour < 30 * 24; hour++) {
            for (int route = 0; route < members; route++) {
                group.tracker("/route/" + route).record(1_000, hour % 5);
            }
            time.advance(Duration.ofHours(1));
        }
        figures.add(new Figure(MEMBER, (size(group) - empty) / members));
        return figures;
    }

    private static long size(Object root) {
        return GraphLayout.parseInstance(root).totalSize();
    }
}
