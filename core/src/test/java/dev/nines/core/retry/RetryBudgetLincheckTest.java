package dev.nines.core.retry;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Explores interleavings of the retry budget's CAS'd bucket rings with Lincheck's model checker, as
 * the breaker's windows and the rate limiter are: requests and retries counted while the clock moves
 * (by a bucket or by a whole window) must be linearizable against the budget run by one thread. It
 * found a retry refused on a request count read before another thread's request and the retry that
 * request allowed. (A writer that stalls for a whole window is tested deterministically in
 * {@link RetryBudgetTest}.)
 */
class RetryBudgetLincheckTest {

    @Test
    void requestsAndRetriesAreLinearizableWhileTheClockMoves() {
        new ModelCheckingOptions()
                .iterations(10)
                .invocationsPerIteration(150)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(2)
                .check(Scenario.class);
    }

    /** One retry per request over a window of 1 s (10 buckets of 100 ms), no reserve. */
    @Param(name = "buckets", gen = IntGen.class, conf = "1:10")
    public static class Scenario {
        private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        private final RetryBudget budget = RetryBudget.of(
                RetryBudgetConfig.builder()
                        .retryRatio(1.0)
                        .minRetriesPerSecond(0)
                        .window(Duration.ofSeconds(1))
                        .build(),
                time);

        /** Counts one request. */
        @Operation
        public void recordRequest() {
            budget.recordRequest();
        }

        /** Takes a retry if the budget allows. */
        @Operation
        public boolean tryAcquireRetry() {
            return budget.tryAcquireRetry();
        }

        /** The requests in the window. */
        @Operation
        public long requests() {
            return budget.requestsInWindow();
        }

        /** The retries in the window. */
        @Operation
        public long retries() {
            return budget.retriesInWindow();
        }

        /** Moves the clock on by 100 ms (one bucket) or by the whole window (10 buckets). */
        @Operation
        public void advance(@Param(name = "buckets") int buckets) {
            time.advance(Duration.ofMillis(buckets >= 5 ? 1000 : 100));
        }
    }
}
