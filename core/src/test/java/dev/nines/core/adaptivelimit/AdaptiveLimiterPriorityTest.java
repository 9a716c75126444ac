package dev.nines.core.adaptivelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.adaptivelimit.AdaptiveLimiterFullException.Reason;
import dev.nines.core.time.ManualTimeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Priority-aware shedding of {@link AdaptiveLimiter} ({@link AdaptiveLimiterConfig#priorityShares()}). */
class AdaptiveLimiterPriorityTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final ManualTimeSource time = ManualTimeSource.at(START);

    private AdaptiveLimiter limiter(int min, int initial, int max, double... shares) {
        return AdaptiveLimiter.of(
                "catalog",
                AdaptiveLimiterConfig.builder()
                        .minLimit(min)
                        .initialLimit(initial)
                        .maxLimit(max)
                        .algorithm(LimitAlgorithm.aimd().withBackoffRatio(0.5))
                        .priorityShares(shares)
                        .build(),
                time);
    }

    /** Admits calls of {@code priority} until one is rejected; returns how many were admitted. */
    private static int fill(AdaptiveLimiter limiter, int priority) {
        int admitted = 0;
        while (limiter.tryAcquirePermission(priority).isAcquired()) {
            admitted++;
        }
        return admitted;
    }

    @Test
    void eachPriorityUsesUpToItsShareOfTheLimit() {
        // Limit 10, shares 1 / 0.8 / 0.5: priority 2 is shed from 5 calls in flight, 1 from 8, 0 from 10.
        AdaptiveLimiter limiter = limiter(1, 10, 10, 1.0, 0.8, 0.5);
        assertThat(fill(limiter, 2)).isEqualTo(5);
        assertThat(fill(limiter, 1)).isEqualTo(3);
        assertThat(fill(limiter, 2)).isZero();
        assertThat(fill(limiter, 0)).isEqualTo(2);
        assertThat(limiter.inflight()).isEqualTo(10);
    }

    @Test
    void asTheLimitTightensTheLowestPriorityIsShedFirst() {
        AdaptiveLimiter limiter = limiter(1, 10, 10, 1.0, 0.8, 0.5);
        AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission(0);
        permit.onDropped(); // AIMD halves the limit: 10 -> 5
        assertThat(limiter.limit()).isEqualTo(5);
        // Thresholds now 5, 4 and 2.
        assertThat(fill(limiter, 2)).isEqualTo(2);
        assertThat(fill(limiter, 1)).isEqualTo(2);
        assertThat(fill(limiter, 0)).isEqualTo(1);
    }

    @Test
    void everyPriorityGetsAtLeastOneSlotWhileNothingIsInFlight() {
        AdaptiveLimiter limiter = limiter(1, 1, 1, 1.0, 0.1);
        assertThat(limiter.tryAcquirePermission(1).isAcquired()).isTrue();
        assertThat(limiter.tryAcquirePermission(0).isAcquired()).isFalse();
    }

    @Test
    void aShedCallIsRejectedForItsPriorityAndCounted() {
        AdaptiveLimiter limiter = limiter(1, 4, 4, 1.0, 0.5);
        List<AdaptiveLimiterEvent> events = new ArrayList<>();
        limiter.onEvent(events::add);
        fill(limiter, 1);
        assertThatThrownBy(() -> limiter.executeSupplier(1, () -> "x"))
                .isInstanceOfSatisfying(AdaptiveLimiterFullException.class, e -> {
                    assertThat(e.priority()).isEqualTo(1);
                    assertThat(e.reason()).isEqualTo(Reason.LIMIT_REACHED);
                })
                .hasMessage("AdaptiveLimiter 'catalog' reached its limit of 4 concurrent calls for priority 1");
        assertThat(limiter.executeSupplier(0, () -> "y")).isEqualTo("y");
        assertThat(limiter.rejectedCalls()).isEqualTo(2);
        assertThat(events)
                .containsExactly(
                        new AdaptiveLimiterEvent.CallRejected("catalog", 4, 1, Reason.LIMIT_REACHED, START),
                        new AdaptiveLimiterEvent.CallRejected("catalog", 4, 1, Reason.LIMIT_REACHED, START));
    }

    @Test
    void rejectsAPriorityWithoutAShare() {
        AdaptiveLimiter limiter = limiter(1, 4, 4, 1.0, 0.5);
        assertThatThrownBy(() -> limiter.tryAcquirePermission(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("priority must be in [0, 1] (priorityShares), was 2");
        assertThatThrownBy(() -> limiter.tryAcquirePermission(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("priority must be in [0, 1] (priorityShares), was -1");
    }

    @Test
    void aPriorityCallAllocatesNothing() {
        AdaptiveLimiter limiter = limiter(1, 10, 10, 1.0, 0.5);
        assertThat(bytesPerCall(() -> limiter.tryAcquirePermission(1).onSuccess(1_000)))
                .isZero();
        assertThat(bytesPerCall(() -> limiter.tryAcquirePermission(0).onIgnore()))
                .isZero();
    }

    /** Bytes the current thread allocates per run of {@code call}, measured over 100,000 runs after as many warm-up runs. */
    private static long bytesPerCall(Runnable call) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100_000; i++) {
            call.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            call.run();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / 100_000;
    }

    /**
     * Operations: {@code 0..3} acquire at that priority, {@code 4} ends a call with a fast success
     * (AIMD may raise the limit), {@code 5} ends a call as dropped (the limit halves), {@code 6}
     * ends a call without a sample.
     */
    @Property(tries = 500)
    void aLowerPriorityIsNeverAdmittedWhileAHigherOneWouldBeShed(
            @ForAll("shares") double[] shares,
            @ForAll @IntRange(min = 1, max = 40) int maxLimit,
            @ForAll("operations") List<Integer> operations) {
        AdaptiveLimiter limiter = limiter(1, maxLimit, maxLimit, shares);
        List<AdaptiveLimiter.Permit> held = new ArrayList<>();
        for (int op : operations) {
            if (op < 4) {
                int priority = Math.min(op, shares.length - 1);
                AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission(priority);
                if (permit.isAcquired()) {
                    held.add(permit);
                }
            } else if (!held.isEmpty()) {
                AdaptiveLimiter.Permit permit = held.remove(held.size() - 1);
                if (op == 4) {
                    permit.onSuccess(1_000);
                } else if (op == 5) {
                    permit.onDropped();
                } else {
                    permit.onIgnore();
                }
            }
            // In this state, find the highest priority that would be shed; every lower one must be too.
            int inflight = limiter.inflight();
            boolean shed = false;
            for (int priority = 0; priority < shares.length; priority++) {
                AdaptiveLimiter.Permit probe = limiter.tryAcquirePermission(priority);
                if (shed) {
                    assertThat(probe.isAcquired())
                            .as(
                                    "priority %d admitted after a higher one was shed, %d in flight, limit %d, shares %s",
                                    priority, inflight, limiter.limit(), Arrays.toString(shares))
                            .isFalse();
                }
                if (probe.isAcquired()) {
                    probe.onIgnore();
                } else {
                    shed = true;
                }
                assertThat(limiter.inflight()).isEqualTo(inflight);
            }
            assertThat(inflight).isLessThanOrEqualTo(limiter.limit() + held.size());
        }
        for (AdaptiveLimiter.Permit permit : held) {
            permit.onIgnore();
        }
        assertThat(limiter.inflight()).isZero();
    }

    @Provide
    Arbitrary<double[]> shares() {
        return Arbitraries.doubles().between(0.01, 1.0).list().ofMaxSize(3).map(list -> {
            double[] shares = new double[list.size() + 1];
            shares[0] = 1.0;
            double previous = 1.0;
            List<Double> sorted = new ArrayList<>(list);
            sorted.sort((a, b) -> Double.compare(b, a));
            for (int i = 0; i < sorted.size(); i++) {
                previous = Math.min(previous, sorted.get(i));
                shares[i + 1] = previous;
            }
            return shares;
        });
    }

    @Provide
    Arbitrary<List<Integer>> operations() {
        return Arbitraries.integers().between(0, 6).list().ofMaxSize(120);
    }
}
