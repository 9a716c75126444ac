package dev.nines.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The warm-up ramp of {@link RateLimiter} ({@link RateLimiterConfig#warmupPeriod()}). */
class RateLimiterWarmupTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final ManualTimeSource time = ManualTimeSource.at(START);

    private RateLimiter limiter(int limit, int burst, int warmupSeconds, double coldFactor, Duration timeout) {
        return RateLimiter.of(
                "search",
                RateLimiterConfig.builder()
                        .limitForPeriod(limit)
                        .limitRefreshPeriod(SECOND)
                        .burstCapacity(burst)
                        .timeoutDuration(timeout)
                        .warmupPeriod(Duration.ofSeconds(warmupSeconds))
                        .coldFactor(coldFactor)
                        .build(),
                time);
    }

    /** Takes every permit the limiter grants now, one at a time. */
    private static int drain(RateLimiter limiter) {
        int granted = 0;
        while (limiter.tryAcquirePermission(1)) {
            granted++;
        }
        return granted;
    }

    /** Drains the limiter in each of {@code periods} periods, advancing one period after each. */
    private List<Integer> saturate(RateLimiter limiter, int periods) {
        List<Integer> grants = new ArrayList<>();
        for (int i = 0; i < periods; i++) {
            grants.add(drain(limiter));
            time.advance(SECOND);
        }
        return grants;
    }

    @Test
    void aColdLimiterRampsLinearlyFromAThirdOfItsRateToTheFullRateOverTheWarmupPeriod() {
        // 30 per second, cold factor 3, warm-up 10 s: the rate is 10 + 2x per second at x seconds, so
        // second k (1..10) supplies its integral from k-1 to k, 9 + 2k: 11, 13, ..., 29; then 30. The
        // cold bucket holds a third of the burst, 10, at second 0. The ramp supplies 10 x (10 + 30) / 2
        // = 200 permits in 10 s where a warm limiter supplies 300.
        RateLimiter limiter = limiter(30, 30, 10, 3.0, Duration.ZERO);

        List<Integer> grants = saturate(limiter, 13);

        assertThat(grants).containsExactly(10, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 30, 30);
        assertThat(grants.subList(1, 11).stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(200);
    }

    @Test
    void withoutAWarmupTheLimiterIsWarmFromTheStart() {
        RateLimiter limiter = limiter(30, 30, 0, 3.0, Duration.ZERO);
        assertThat(saturate(limiter, 3)).containsExactly(30, 30, 30);
    }

    @Test
    void coolsDownAfterAWholeWarmupPeriodWithoutRequestsAndRampsAgain() {
        RateLimiter limiter = limiter(30, 60, 10, 3.0, Duration.ZERO);
        saturate(limiter, 12);
        // Idle for 10 s: the bucket is full and nothing was taken for a whole warm-up period.
        time.advance(Duration.ofSeconds(10));
        assertThat(limiter.availablePermits()).isEqualTo(20);
        assertThat(saturate(limiter, 3)).containsExactly(20, 11, 13);
    }

    @Test
    void staysWarmAfterAnIdleSpellShorterThanTheWarmupPeriod() {
        RateLimiter limiter = limiter(30, 60, 10, 3.0, Duration.ZERO);
        saturate(limiter, 12);
        time.advance(Duration.ofSeconds(9));
        assertThat(saturate(limiter, 2)).containsExactly(60, 30);
    }

    @Test
    void reservationsWaitForThePeriodWhoseRampedSupplyCoversThem() {
        RateLimiter limiter = limiter(30, 30, 10, 3.0, Duration.ofSeconds(10));
        assertThat(drain(limiter)).isEqualTo(10);
        // Second 1 supplies 11 and second 2 another 13 (see the first test).
        assertThat(limiter.reservePermission(11)).isEqualTo(SECOND.toNanos());
        assertThat(limiter.reservePermission(13)).isEqualTo(2 * SECOND.toNanos());
        assertThat(limiter.reservePermission(1)).isEqualTo(3 * SECOND.toNanos());
        // Second 3 supplies 15, one of them booked above.
        time.advance(Duration.ofSeconds(3));
        assertThat(limiter.availablePermits()).isEqualTo(14);
    }

    @Test
    void aColdLimiterRefusesMorePermitsThanItsColdBucketHolds() {
        RateLimiter limiter = limiter(30, 30, 10, 3.0, Duration.ZERO);
        assertThat(limiter.tryAcquirePermission(11)).isFalse();
        assertThat(limiter.tryAcquirePermission(10)).isTrue();
    }

    @Test
    void configRejectsABadWarmupOrColdFactorNamingTheFieldAndValue() {
        RateLimiterConfig.Builder builder = RateLimiterConfig.builder().limitRefreshPeriod(SECOND);
        assertThatThrownBy(() -> builder.coldFactor(0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("coldFactor must be finite and at least 1, was 0.5");
        assertThatThrownBy(() -> builder.coldFactor(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coldFactor")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> builder.warmupPeriod(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmupPeriod")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> builder.warmupPeriod(Duration.ofMillis(500)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warmupPeriod must be zero or between one and 1000000 limitRefreshPeriods (PT1S), "
                        + "was PT0.5S");
        assertThatThrownBy(() ->
                        builder.warmupPeriod(Duration.ofSeconds(1_000_001)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT277H46M41S");
        RateLimiterConfig config =
                builder.warmupPeriod(Duration.ofSeconds(5)).coldFactor(2).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().coldFactor(3).build()).isNotEqualTo(config);
        assertThat(config.toString()).contains("warmupPeriod=PT5S", "coldFactor=2.0");
    }

    @Test
    void takingAPermitFromAWarmingLimiterAllocatesNothing() {
        RateLimiter limiter = RateLimiter.of(
                "search",
                RateLimiterConfig.builder()
                        .limitForPeriod(1_000_000)
                        .burstCapacity(1_000_000)
                        .warmupPeriod(Duration.ofSeconds(10))
                        .build(),
                time);
        assertThat(bytesPerCall(() -> {
                    limiter.tryAcquirePermission(1);
                    time.advanceNanos(1_000);
                }))
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

    @Property(tries = 300)
    void aSaturatedColdLimiterFollowsTheLinearRampWithinOnePermit(
            @ForAll @IntRange(min = 1, max = 1_000) int limit,
            @ForAll @IntRange(min = 0, max = 3) int extraBursts,
            @ForAll @IntRange(min = 1, max = 120) int warmupPeriods,
            @ForAll @DoubleRange(min = 1.0, max = 10.0) double coldFactor) {
        int burst = limit * (1 + extraBursts);
        RateLimiter limiter = limiter(limit, burst, warmupPeriods, coldFactor, Duration.ZERO);
        double cold = limit / coldFactor;
        // ceil(burst / coldFactor), where a result a few ulps above a whole number counts as that number.
        double coldShare = (double) burst / coldFactor;
        long coldBucket = Math.max(1, (long) Math.ceil(coldShare - 8 * Math.ulp(coldShare)));

        List<Integer> grants = saturate(limiter, warmupPeriods + 5);

        // The documented curve: rate(x) = cold + (limit - cold) * min(x, P) / P permits per period;
        // by period k a saturating caller has the cold bucket plus the rate's integral up to k.
        long total = 0;
        for (int k = 0; k < grants.size(); k++) {
            total += grants.get(k);
            double y = Math.min(k, warmupPeriods);
            double integral = cold * y + (limit - cold) * y * y / (2.0 * warmupPeriods) + (double) limit * (k - y);
            assertThat((double) total - coldBucket)
                    .as("permits by period %d", k)
                    .isBetween(integral - 1.0, integral + 1e-6);
            if (k > 0) {
                assertThat(grants.get(k)).isLessThanOrEqualTo(limit);
                assertThat(grants.get(k))
                        .isGreaterThanOrEqualTo(grants.get(k - 1) - 1 - (k == 1 ? (int) coldBucket : 0));
            }
            if (k > warmupPeriods) {
                assertThat(grants.get(k)).isEqualTo(limit);
            }
        }
    }
}
