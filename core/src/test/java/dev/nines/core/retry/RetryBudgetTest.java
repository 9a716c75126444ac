package dev.nines.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));

    private RetryBudget budget(double ratio, int minPerSecond, Duration window) {
        return RetryBudget.of(
                RetryBudgetConfig.builder()
                        .retryRatio(ratio)
                        .minRetriesPerSecond(minPerSecond)
                        .window(window)
                        .build(),
                time);
    }

    @Test
    void allowsOneRetryPerTenRequestsAtRatioPointOne() {
        RetryBudget budget = budget(0.1, 0, Duration.ofSeconds(10));
        for (int i = 0; i < 9; i++) {
            budget.recordRequest();
        }
        assertThat(budget.tryAcquireRetry()).isFalse();

        budget.recordRequest();

        assertThat(budget.tryAcquireRetry()).isTrue();
        assertThat(budget.tryAcquireRetry()).isFalse();
        assertThat(budget.requestsInWindow()).isEqualTo(10);
        assertThat(budget.retriesInWindow()).isEqualTo(1);
    }

    @Test
    void minRetriesPerSecondIsAvailableWithoutTraffic() {
        // Finagle's reserve: minRetriesPerSec * ttl = 2 * 10 s = 20 retries per window.
        RetryBudget budget = budget(0.2, 2, Duration.ofSeconds(10));
        assertThat(budget.balance()).isEqualTo(20.0);

        int granted = 0;
        while (budget.tryAcquireRetry()) {
            granted++;
        }

        assertThat(granted).isEqualTo(20);
        assertThat(budget.balance()).isZero();
    }

    @Test
    void depositsAndWithdrawalsExpireAfterTheWindow() {
        RetryBudget budget = budget(1.0, 0, Duration.ofSeconds(10));
        budget.recordRequest();
        assertThat(budget.tryAcquireRetry()).isTrue();
        assertThat(budget.tryAcquireRetry()).isFalse();

        time.advance(Duration.ofSeconds(10));

        assertThat(budget.requestsInWindow()).isZero();
        assertThat(budget.retriesInWindow()).isZero();
        assertThat(budget.tryAcquireRetry()).isFalse();
        budget.recordRequest();
        assertThat(budget.tryAcquireRetry()).isTrue();
    }

    @Test
    void theWindowSlidesInTenths() {
        RetryBudget budget = budget(1.0, 0, Duration.ofSeconds(10));
        budget.recordRequest();
        time.advance(Duration.ofMillis(9_999));
        assertThat(budget.requestsInWindow()).isOne();
        time.advance(Duration.ofMillis(1));
        assertThat(budget.requestsInWindow()).isZero();
    }

    @Test
    void concurrentRetriesNeverOverdrawTheBudget() throws InterruptedException {
        RetryBudget budget = budget(0.2, 0, Duration.ofSeconds(10));
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch requestsDone = new CountDownLatch(threads);
        AtomicInteger granted = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 10_000; i++) {
                        budget.recordRequest();
                    }
                    requestsDone.countDown();
                    requestsDone.await();
                    for (int i = 0; i < 10_000; i++) {
                        if (budget.tryAcquireRetry()) {
                            granted.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(budget.requestsInWindow()).isEqualTo(40_000);
        assertThat(granted.get()).isEqualTo(8_000);
        assertThat(budget.retriesInWindow()).isEqualTo(8_000);
    }

    @Test
    void configValidationNamesFieldAndValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RetryBudgetConfig.builder().retryRatio(-0.1))
                .hasMessage("retryRatio must be in [0, 1000], was -0.1");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RetryBudgetConfig.builder().minRetriesPerSecond(-1))
                .hasMessage("minRetriesPerSecond must be at least 0, was -1");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RetryBudgetConfig.builder().window(Duration.ofHours(2)))
                .hasMessage("window must be in [PT0.01S, PT1H], was PT2H");
        RetryBudgetConfig config = RetryBudgetConfig.ofDefaults();
        assertThat(config.retryRatio()).isEqualTo(0.2);
        assertThat(config.minRetriesPerSecond()).isEqualTo(10);
        assertThat(config.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.toBuilder().retryRatio(0.5).build().window()).isEqualTo(Duration.ofSeconds(10));
    }

    /** Actions: 0 = request, 1 = retry, 2 = advance time by {@code value} ms. */
    record Action(int kind, int value) {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.just(new Action(0, 0))),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(new Action(1, 0))),
                net.jqwik.api.Tuple.of(
                        2, Arbitraries.integers().between(0, 3_000).map(ms -> new Action(2, ms))));
        return action.list().ofMaxSize(200);
    }

    @Property(tries = 1_000)
    void agreesWithAReferenceModelOfBucketedWindows(
            @ForAll("actions") List<Action> actions,
            @ForAll @DoubleRange(min = 0.0, max = 2.0) double ratio,
            @ForAll @IntRange(min = 0, max = 3) int minPerSecond) {
        ManualTimeSource clock = ManualTimeSource.at(Instant.EPOCH, 123_456_789L);
        RetryBudget budget = RetryBudget.of(
                RetryBudgetConfig.builder()
                        .retryRatio(ratio)
                        .minRetriesPerSecond(minPerSecond)
                        .window(Duration.ofSeconds(5))
                        .build(),
                clock);
        long bucketNanos = Duration.ofSeconds(5).toNanos() / 10;
        double reserve = minPerSecond * 5.0;
        List<Long> requestEpochs = new ArrayList<>();
        List<Long> retryEpochs = new ArrayList<>();
        for (Action action : actions) {
            long epoch = clock.elapsed().toNanos() / bucketNanos;
            long requests = requestEpochs.stream().filter(e -> e > epoch - 10).count();
            long retries = retryEpochs.stream().filter(e -> e > epoch - 10).count();
            switch (action.kind()) {
                case 0 -> {
                    budget.recordRequest();
                    requestEpochs.add(epoch);
                }
                case 1 -> {
                    boolean expected = retries + 1 <= ratio * requests + reserve;
                    assertThat(budget.tryAcquireRetry()).isEqualTo(expected);
                    if (expected) {
                        retryEpochs.add(epoch);
                        // The invariant: a granted retry leaves the window's retries within budget.
                        // (Later, the requests that paid for it may leave the window before it does.)
                        assertThat((double) budget.retriesInWindow())
                                .isLessThanOrEqualTo(ratio * budget.requestsInWindow() + reserve + 1e-9);
                    }
                }
                default -> clock.advance(Duration.ofMillis(action.value()));
            }
            long now = clock.elapsed().toNanos() / bucketNanos;
            long inWindowRequests =
                    requestEpochs.stream().filter(e -> e > now - 10).count();
            long inWindowRetries =
                    retryEpochs.stream().filter(e -> e > now - 10).count();
            assertThat(budget.requestsInWindow()).isEqualTo(inWindowRequests);
            assertThat(budget.retriesInWindow()).isEqualTo(inWindowRetries);
        }
    }

    @Test
    void aRetryThatStallsForAWholeWindowCountsInTheCurrentBucketAndKeepsTheNewerOne() {
        // A thread reads the clock, then stalls while the clock moves a whole window on and another
        // retry lands in the same slot (the window's buckets are reused every window). The stalled
        // retry used to stamp the slot with its stale epoch, wiping the newer retry.
        ManualTimeSource manual = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        AtomicBoolean stallNextRead = new AtomicBoolean();
        RetryBudget[] budget = new RetryBudget[1];
        TimeSource stalling = new TimeSource() {
            @Override
            public long nanoTime() {
                long now = manual.nanoTime();
                if (stallNextRead.getAndSet(false)) {
                    manual.advance(Duration.ofSeconds(1));
                    assertThat(budget[0].tryAcquireRetry()).isTrue();
                }
                return now;
            }

            @Override
            public Instant now() {
                return manual.now();
            }
        };
        budget[0] = RetryBudget.of(
                RetryBudgetConfig.builder()
                        .retryRatio(1.0)
                        .minRetriesPerSecond(2)
                        .window(Duration.ofSeconds(1))
                        .build(),
                stalling);

        stallNextRead.set(true);
        assertThat(budget[0].tryAcquireRetry()).isTrue();

        assertThat(budget[0].retriesInWindow()).isEqualTo(2);
        assertThat(budget[0].tryAcquireRetry())
                .as("a reserve of 2 a window, both taken")
                .isFalse();
    }

    @Test
    void aRequestThatStallsForAWholeWindowIsNotLostNorWipesTheNewerBucket() {
        ManualTimeSource manual = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
        AtomicBoolean stallNextRead = new AtomicBoolean();
        RetryBudget[] budget = new RetryBudget[1];
        TimeSource stalling = new TimeSource() {
            @Override
            public long nanoTime() {
                long now = manual.nanoTime();
                if (stallNextRead.getAndSet(false)) {
                    manual.advance(Duration.ofSeconds(1));
                    budget[0].recordRequest(); // same thread, so the same stripe as the stalled request
                }
                return now;
            }

            @Override
            public Instant now() {
                return manual.now();
            }
        };
        budget[0] = RetryBudget.of(
                RetryBudgetConfig.builder().window(Duration.ofSeconds(1)).build(), stalling);

        stallNextRead.set(true);
        budget[0].recordRequest();

        assertThat(budget[0].requestsInWindow()).isEqualTo(2);
    }
}
