package dev.nines.core.hedge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.testing.WhileReconfiguring;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Live reconfiguration of a {@link Hedge}: what a change keeps, what it resets, and what it says. */
class HedgeReconfigurationTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = ManualScheduler.of(time);
    private final List<HedgeEvent> events = new ArrayList<>();

    private Hedge hedge(HedgeConfig config) {
        Hedge hedge = Hedge.of("quotes", config, time, Runnable::run, scheduler);
        hedge.onEvent(events::add);
        return hedge;
    }

    /** Hands out a new pending future per attempt and keeps them, in the order they started. */
    private static final class Attempts implements Supplier<CompletionStage<String>> {
        final List<CompletableFuture<String>> started = new ArrayList<>();

        @Override
        public synchronized CompletionStage<String> get() {
            CompletableFuture<String> attempt = new CompletableFuture<>();
            started.add(attempt);
            return attempt;
        }
    }

    private static Supplier<String> failingUntil(int attempt, AtomicInteger attempts) {
        return () -> {
            if (attempts.incrementAndGet() < attempt) {
                throw new IllegalStateException("attempt " + attempts.get());
            }
            return "attempt " + attempts.get();
        };
    }

    @Test
    void aDecoratorBuiltBeforeTheChangeUsesTheNewMaxAttemptsAndTheChangeIsAnnounced() {
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ofMillis(100), 2));
        AtomicInteger attempts = new AtomicInteger();
        Supplier<String> decorated = hedge.decorateSupplier(failingUntil(3, attempts));
        HedgeConfig before = hedge.config();
        HedgeConfig three = before.toBuilder().maxAttempts(3).build();

        assertThat(hedge.reconfigure(three)).isSameAs(before);

        assertThat(decorated.get()).isEqualTo("attempt 3");
        assertThat(hedge.config()).isSameAs(three);
        assertThat(hedge.configurationChanges()).isOne();
        assertThat(events.get(0)).isEqualTo(new HedgeEvent.ConfigurationChanged("quotes", before, three, false));
        assertThat(hedge.metrics().numberOfHedges()).isEqualTo(2);
    }

    @Test
    void aCallRunningFinishesUnderTheConfigurationItStartedWithAndTheNextOneUsesTheNewOne() {
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ofMillis(100), 2));
        Attempts running = new Attempts();
        CompletableFuture<String> first =
                hedge.executeCompletionStage(scheduler, running).toCompletableFuture();

        hedge.reconfigure(HedgeConfig.ofFixedDelay(Duration.ofMillis(10), 3));
        scheduler.advance(Duration.ofMillis(10));
        assertThat(running.started)
                .as("the old delay still applies to the running call")
                .hasSize(1);
        scheduler.advance(Duration.ofMillis(90));
        assertThat(running.started).hasSize(2);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(running.started).as("the old maxAttempts still bounds it").hasSize(2);
        running.started.get(1).complete("second");
        assertThat(first).isCompletedWithValue("second");

        Attempts next = new Attempts();
        CompletionStage<String> second = hedge.executeCompletionStage(scheduler, next);
        scheduler.advance(Duration.ofMillis(20));
        assertThat(next.started).as("the new delay and maxAttempts").hasSize(3);
        next.started.get(2).complete("third");
        assertThat(second.toCompletableFuture()).isCompletedWithValue("third");
    }

    @Test
    void theLatenciesMeasuredSurviveAQuantileChangeAndAreDroppedWithANewWindow() {
        HedgeConfig p95 = HedgeConfig.builder()
                .delayAtLatencyQuantile(0.95)
                .delay(Duration.ofMillis(500))
                .minimumNumberOfCalls(100)
                .latencyWindow(Duration.ofSeconds(10))
                .gate(HedgeGate.closed())
                .build();
        Hedge hedge = hedge(p95);
        for (int millis = 1; millis <= 100; millis++) {
            long latency = millis;
            hedge.executeSupplier(() -> time.advance(Duration.ofMillis(latency)));
        }
        time.advance(Duration.ofSeconds(1)); // past the cache of the computed delay
        assertThat(hedge.currentDelay().toMillis()).isBetween(95L, 101L);

        HedgeConfig p50 = p95.toBuilder().delayAtLatencyQuantile(0.5).build();
        hedge.reconfigure(p50);
        assertThat(hedge.currentDelay().toMillis())
                .as("the same 100 latencies, read at the new quantile at once")
                .isBetween(50L, 54L);
        assertThat(events).last().isEqualTo(new HedgeEvent.ConfigurationChanged("quotes", p95, p50, false));

        HedgeConfig wider =
                p50.toBuilder().latencyWindow(Duration.ofSeconds(20)).build();
        hedge.reconfigure(wider);
        assertThat(hedge.currentDelay())
                .as("an empty window: the initial delay")
                .isEqualTo(Duration.ofMillis(500));
        assertThat(events).last().isEqualTo(new HedgeEvent.ConfigurationChanged("quotes", p50, wider, true));

        HedgeConfig fixed = wider.toBuilder().fixedDelay().build();
        hedge.reconfigure(fixed);
        assertThat(events).last().isEqualTo(new HedgeEvent.ConfigurationChanged("quotes", wider, fixed, false));
        hedge.reconfigure(wider);
        assertThat(events)
                .as("back to a quantile after a fixed delay: an empty window")
                .last()
                .isEqualTo(new HedgeEvent.ConfigurationChanged("quotes", fixed, wider, true));
        assertThat(hedge.metrics().numberOfCalls()).as("counters are kept").isEqualTo(100);
    }

    @Test
    void aGateSetByAReconfigurationTurnsHedgingOffForTheNextCall() {
        Hedge hedge = hedge(HedgeConfig.ofFixedDelay(Duration.ZERO, 2));
        hedge.reconfigure(hedge.config().toBuilder().gate(HedgeGate.closed()).build());
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> hedge.executeSupplier(failingUntil(2, attempts)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(attempts).hasValue(1);
        assertThat(hedge.metrics().numberOfGatedCalls()).isOne();
    }

    @Test
    void theRegistryReconfiguresByNameAndItsListenersHearIt() {
        HedgeRegistry registry = HedgeRegistry.of(HedgeConfig.ofDefaults(), time, Runnable::run, scheduler);
        Hedge held = registry.hedge("quotes");
        List<HedgeEvent> heard = new ArrayList<>();
        registry.onEvent(heard::add);
        HedgeConfig three = HedgeConfig.ofFixedDelay(Duration.ofMillis(5), 3);

        registry.reconfigure("quotes", three);

        assertThat(held.config()).isSameAs(three);
        assertThat(heard).singleElement().isInstanceOf(HedgeEvent.ConfigurationChanged.class);
        assertThatThrownBy(() -> held.reconfigure(null)).isInstanceOf(NullPointerException.class);
        assertThat(held.configurationChanges()).isOne();
    }

    /**
     * Calls run while the configuration flips between two that share a latency window: every call
     * is counted exactly once with its hedge, and every attempt's latency stays in the window.
     */
    @Property(tries = 10)
    void aReconfigurationNeverLosesARecordedOutcome(
            @ForAll @IntRange(min = 2, max = 3) int callers, @ForAll @IntRange(min = 100, max = 1_000) int perCaller)
            throws InterruptedException {
        ManualTimeSource clock = ManualTimeSource.at(Instant.EPOCH);
        HedgeConfig two = HedgeConfig.builder()
                .maxAttempts(2)
                .delay(Duration.ofHours(1))
                .delayAtLatencyQuantile(0.5)
                .latencyWindow(Duration.ofMinutes(1))
                .build();
        HedgeConfig three =
                two.toBuilder().maxAttempts(3).delayAtLatencyQuantile(0.9).build();
        Hedge hedge = Hedge.of("stress", two, clock, Runnable::run, ManualScheduler.of(clock));
        // One call first, so that the window's phase is claimed before the threads race to record.
        hedge.executeSupplier(failingUntil(2, new AtomicInteger()));
        boolean[] flip = {false};
        WhileReconfiguring.run(
                callers,
                perCaller,
                () -> {
                    // The first attempt fails, so the second starts at once and wins, under either configuration.
                    assertThat(hedge.executeSupplier(failingUntil(2, new AtomicInteger())))
                            .isEqualTo("attempt 2");
                },
                () -> {
                    hedge.reconfigure(flip[0] ? two : three);
                    flip[0] = !flip[0];
                });

        long calls = (long) callers * perCaller + 1;
        Hedge.Metrics m = hedge.metrics();
        assertThat(m.numberOfCalls()).isEqualTo(calls);
        assertThat(m.numberOfHedgedCalls()).isEqualTo(calls);
        assertThat(m.numberOfHedges()).isEqualTo(calls);
        assertThat(m.numberOfCallsWonByHedge()).isEqualTo(calls);
        assertThat(m.numberOfFailedHedgedCalls()).isZero();
        LatencyRecorder window = Objects.requireNonNull(((HedgeImpl) hedge).recorder());
        long now = clock.nanoTime();
        assertThat(window.valueAtQuantile(0.5, 2 * calls, now))
                .as("two attempts per call, every latency still in the window")
                .isNotNegative();
        assertThat(window.valueAtQuantile(0.5, 2 * calls + 1, now)).isEqualTo(-1);
    }
}
