package dev.nines.core.ratelimit;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Explores interleavings of the rate limiter's single CAS'd state with Lincheck's model checker:
 * taking, booking and counting permits while the clock moves must be linearizable against the
 * limiter run by one thread.
 */
class RateLimiterLincheckTest {

    @Test
    void permitsAreLinearizableWhileTheClockMoves() {
        new ModelCheckingOptions()
                .iterations(10)
                .invocationsPerIteration(150)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(2)
                .check(Scenario.class);
    }

    /** Two permits a period of 1 s, a burst of 3, bookings up to 2 s ahead. */
    @Param(name = "permits", gen = IntGen.class, conf = "1:2")
    public static class Scenario {
        private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        private final RateLimiter limiter = RateLimiter.of(
                "api",
                RateLimiterConfig.builder()
                        .limitForPeriod(2)
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .burstCapacity(3)
                        .timeoutDuration(Duration.ofSeconds(2))
                        .build(),
                time);

        /** Takes permits now or not at all. */
        @Operation
        public boolean tryAcquire(@Param(name = "permits") int permits) {
            return limiter.tryAcquirePermission(permits);
        }

        /** Books permits; the wait in nanoseconds, or -1. */
        @Operation
        public long reserve(@Param(name = "permits") int permits) {
            return limiter.reservePermission(permits);
        }

        /** The permits available now. */
        @Operation
        public long available() {
            return limiter.availablePermits();
        }

        /** Moves the clock half a period on. */
        @Operation
        public void advance() {
            time.advance(Duration.ofMillis(500));
        }
    }
}
