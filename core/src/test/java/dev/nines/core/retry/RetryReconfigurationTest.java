package dev.nines.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.pipeline.Pipeline;
import dev.nines.core.pipeline.Resilience;
import dev.nines.core.testing.WhileReconfiguring;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of a retry: new calls use it, counters and an unchanged budget are kept. */
class RetryReconfigurationTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Duration> waits = new ArrayList<>();
    private final Sleeper sleeper = nanos -> {
        waits.add(Duration.ofNanos(nanos));
        time.advanceNanos(nanos);
    };

    private static Supplier<String> alwaysFailing(AtomicInteger calls) {
        return () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("down");
        };
    }

    @Test
    void handlesAndPipelinesBuiltBeforeSeeTheNewAttemptsAndWaits() {
        Retry retry = Retry.of(
                "api",
                RetryConfig.builder()
                        .maxAttempts(2)
                        .waitDuration(Duration.ofMillis(10))
                        .build(),
                time,
                sleeper);
        Pipeline<String> pipeline = Resilience.<String>pipeline().retry(retry).build();
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> decorated = retry.decorateSupplier(alwaysFailing(calls));

        retry.reconfigure(retry.config().toBuilder()
                .maxAttempts(4)
                .waitDuration(Duration.ofMillis(50))
                .build());

        assertThatThrownBy(decorated::get).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(4);
        assertThatThrownBy(() -> pipeline.executeSupplier(alwaysFailing(calls)))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(8);
        assertThat(waits).containsOnly(Duration.ofMillis(50)).hasSize(6);
    }

    @Test
    void countersAreKeptAndTheChangeIsAnnounced() {
        Retry retry = Retry.of(
                "api",
                RetryConfig.builder().maxAttempts(2).waitDuration(Duration.ZERO).build(),
                time,
                sleeper);
        assertThatThrownBy(() -> retry.executeSupplier(alwaysFailing(new AtomicInteger())));
        List<RetryEvent> events = new ArrayList<>();
        retry.onEvent(events::add);
        RetryConfig before = retry.config();
        RetryConfig after = before.toBuilder().maxAttempts(3).build();

        assertThat(retry.reconfigure(after)).isSameAs(before);

        assertThat(retry.metrics().numberOfFailedCallsWithRetryAttempt()).isOne();
        assertThat(retry.metrics().numberOfRetryAttempts()).isOne();
        assertThat(events).containsExactly(new RetryEvent.ConfigurationChanged("api", before, after, false));
        assertThat(retry.configurationChanges()).isOne();
    }

    @Test
    void theSameBudgetConfigurationKeepsTheBudgetAndAnotherStartsAnEmptyOne() {
        RetryBudgetConfig budgetConfig = RetryBudgetConfig.builder()
                .retryRatio(0.0)
                .minRetriesPerSecond(1)
                .build();
        Retry retry = Retry.of(
                "api",
                RetryConfig.builder()
                        .maxAttempts(2)
                        .waitDuration(Duration.ZERO)
                        .retryBudget(budgetConfig)
                        .build(),
                time,
                sleeper);
        assertThatThrownBy(() -> retry.executeSupplier(alwaysFailing(new AtomicInteger())));
        RetryBudget budget = retry.budget().orElseThrow();
        assertThat(budget.retriesInWindow()).isOne();

        retry.reconfigure(retry.config().toBuilder().maxAttempts(5).build());
        assertThat(retry.budget()).containsSame(budget);

        List<RetryEvent> events = new ArrayList<>();
        retry.onEvent(events::add);
        retry.reconfigure(retry.config().toBuilder()
                .retryBudget(budgetConfig.toBuilder().build())
                .build());
        assertThat(retry.budget()).isPresent().get().isNotSameAs(budget);
        assertThat(retry.budget().orElseThrow().retriesInWindow()).isZero();
        assertThat(events)
                .singleElement()
                .isInstanceOfSatisfying(
                        RetryEvent.ConfigurationChanged.class,
                        e -> assertThat(e.budgetReset()).isTrue());

        retry.reconfigure(retry.config().toBuilder().withoutRetryBudget().build());
        assertThat(retry.budget()).isEmpty();
    }

    @Test
    void theRegistryReconfiguresByName() {
        RetryRegistry registry = RetryRegistry.of(RetryConfig.ofDefaults(), time, sleeper);
        Retry held = registry.retry("api");
        List<RetryEvent> heard = new ArrayList<>();
        registry.onEvent(heard::add);

        registry.reconfigure("api", RetryConfig.builder().maxAttempts(7).build());

        assertThat(held.config().maxAttempts()).isEqualTo(7);
        assertThat(heard).singleElement().isInstanceOf(RetryEvent.ConfigurationChanged.class);
    }

    /** Calls run while the configuration flips: every call is counted exactly once, in one outcome. */
    @Property(tries = 10)
    void aReconfigurationNeverLosesACountedCall(
            @ForAll @IntRange(min = 2, max = 3) int callers, @ForAll @IntRange(min = 200, max = 1_500) int perCaller)
            throws InterruptedException {
        RetryConfig two =
                RetryConfig.builder().maxAttempts(2).waitDuration(Duration.ZERO).build();
        RetryConfig three = two.toBuilder().maxAttempts(3).build();
        Retry retry = Retry.of("stress", two, ManualTimeSource.at(Instant.EPOCH), nanos -> {});
        boolean[] flip = {false};
        WhileReconfiguring.run(
                callers,
                perCaller,
                () -> {
                    AtomicInteger attempts = new AtomicInteger();
                    assertThat(retry.executeSupplier(() -> {
                                if (attempts.incrementAndGet() < 2) {
                                    throw new IllegalStateException("first attempt");
                                }
                                return "ok";
                            }))
                            .as("every configuration allows a second attempt")
                            .isEqualTo("ok");
                },
                () -> {
                    retry.reconfigure(flip[0] ? two : three);
                    flip[0] = !flip[0];
                });

        Retry.Metrics m = retry.metrics();
        assertThat(m.numberOfSuccessfulCallsWithRetryAttempt()).isEqualTo((long) callers * perCaller);
        assertThat(m.numberOfRetryAttempts()).isEqualTo((long) callers * perCaller);
    }
}
