package dev.nines.core.hedge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.retry.RetryBudget;
import dev.nines.core.retry.RetryBudgetConfig;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The invariants of hedging, over random delays, latencies and outcomes, on a manual clock and
 * scheduler: a call never starts more than {@code maxAttempts} attempts; when its outcome is
 * delivered no attempt is still running (the losers were cancelled first); the winner is the
 * earliest acceptable outcome; and hedges never overdraw the budget.
 */
class HedgePropertiesTest {

    /** One planned attempt: how long it runs and whether its outcome is acceptable. */
    record Plan(int latencyMillis, boolean acceptable) {}

    @Provide
    Arbitrary<List<Plan>> plans() {
        Arbitrary<Plan> plan = Combinators.combine(
                        Arbitraries.integers().between(0, 300),
                        Arbitraries.integers().between(0, 3).map(i -> i != 0))
                .as(Plan::new);
        return plan.list().ofMinSize(16).ofMaxSize(16);
    }

    /** Starts attempts by the plan; each completes on the scheduler after its latency. */
    static final class PlannedAttempts implements Supplier<CompletionStage<String>> {
        final List<Plan> plans;
        final ManualScheduler scheduler;
        final ManualTimeSource time;
        final List<CompletableFuture<String>> started = new ArrayList<>();
        final List<Long> endsAt = new ArrayList<>();

        PlannedAttempts(List<Plan> plans, ManualScheduler scheduler, ManualTimeSource time) {
            this.plans = plans;
            this.scheduler = scheduler;
            this.time = time;
        }

        @Override
        public CompletionStage<String> get() {
            int index = started.size();
            Plan plan = plans.get(index);
            CompletableFuture<String> attempt = new CompletableFuture<>();
            started.add(attempt);
            endsAt.add(time.nanoTime() + TimeUnit.MILLISECONDS.toNanos(plan.latencyMillis()));
            var unused = scheduler.schedule(
                    () -> {
                        if (plan.acceptable()) {
                            attempt.complete("attempt-" + index);
                        } else {
                            attempt.completeExceptionally(new IllegalStateException("attempt-" + index));
                        }
                    },
                    plan.latencyMillis(),
                    TimeUnit.MILLISECONDS);
            return attempt;
        }
    }

    @Property(tries = 500)
    void hedgesNeverExceedMaxAttemptsAndNeverOutliveTheWinner(
            @ForAll @IntRange(min = 2, max = 6) int maxAttempts,
            @ForAll @IntRange(min = 0, max = 200) int delayMillis,
            @ForAll("plans") List<Plan> plans) {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        ManualScheduler scheduler = ManualScheduler.of(time);
        Hedge hedge = Hedge.of(
                "property",
                HedgeConfig.ofFixedDelay(Duration.ofMillis(delayMillis), maxAttempts),
                time,
                Runnable::run,
                scheduler);
        PlannedAttempts attempts = new PlannedAttempts(plans, scheduler, time);
        List<Boolean> runningAtOutcome = new ArrayList<>();
        long[] decidedAt = {-1};

        CompletableFuture<String> result =
                hedge.executeCompletionStage(scheduler, attempts).toCompletableFuture();
        CompletableFuture<String> unused = result.whenComplete((value, failure) -> {
            decidedAt[0] = time.nanoTime();
            for (CompletableFuture<String> attempt : attempts.started) {
                runningAtOutcome.add(!attempt.isDone());
            }
        });
        scheduler.advance(Duration.ofHours(1));

        assertThat(result).isDone();
        assertThat(attempts.started).hasSizeBetween(1, maxAttempts);
        assertThat(runningAtOutcome).as("no attempt outlives the outcome").doesNotContain(true);
        assertThat(scheduler.pending()).as("no timer outlives the outcome").isZero();
        int started = attempts.started.size();
        assertThat(hedge.metrics().numberOfHedges()).isEqualTo(started - 1);

        // The winner is the first acceptable attempt to end; if none was acceptable, all of them ran.
        long firstAcceptableEnd = Long.MAX_VALUE;
        for (int i = 0; i < started; i++) {
            if (plans.get(i).acceptable()) {
                firstAcceptableEnd = Math.min(firstAcceptableEnd, attempts.endsAt.get(i));
            }
        }
        if (firstAcceptableEnd == Long.MAX_VALUE) {
            assertThat(result).isCompletedExceptionally();
            assertThat(started).isEqualTo(maxAttempts);
        } else {
            String winner = result.join();
            int index = Integer.parseInt(winner.substring("attempt-".length()));
            assertThat(plans.get(index).acceptable()).isTrue();
            assertThat(attempts.endsAt.get(index)).isEqualTo(firstAcceptableEnd);
            assertThat(decidedAt[0]).isEqualTo(firstAcceptableEnd);
        }
    }

    @Property(tries = 200)
    void hedgesNeverOverdrawTheBudget(
            @ForAll @IntRange(min = 2, max = 6) int maxAttempts,
            @ForAll @IntRange(min = 1, max = 20) int calls,
            @ForAll @IntRange(min = 0, max = 5) int minRetriesPerSecond,
            @ForAll("plans") List<Plan> plans) {
        ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
        ManualScheduler scheduler = ManualScheduler.of(time);
        RetryBudget budget = RetryBudget.of(
                RetryBudgetConfig.builder()
                        .retryRatio(0.1)
                        .minRetriesPerSecond(minRetriesPerSecond)
                        .window(Duration.ofSeconds(10))
                        .build(),
                time);
        Hedge hedge = Hedge.of(
                "property",
                HedgeConfig.builder()
                        .maxAttempts(maxAttempts)
                        .delay(Duration.ofMillis(5))
                        .retryBudget(budget, true)
                        .build(),
                time,
                Runnable::run,
                scheduler);
        int attemptsStarted = 0;
        for (int call = 0; call < calls; call++) {
            PlannedAttempts attempts = new PlannedAttempts(plans, scheduler, time);
            hedge.executeCompletionStage(scheduler, attempts);
            scheduler.advance(Duration.ofMillis(400)); // every call ends within it: 5 x 5 ms + 300 ms
            attemptsStarted += attempts.started.size();
            assertThat(attempts.started).hasSizeLessThanOrEqualTo(maxAttempts);
        }
        // All calls fall within 8 s, inside one 10 s window: hedges <= 0.1 x requests + min x 10 s.
        double allowed = 0.1 * calls + minRetriesPerSecond * 10.0;
        assertThat((double) (attemptsStarted - calls)).isLessThanOrEqualTo(allowed + 1e-9);
        assertThat(hedge.metrics().numberOfHedges()).isEqualTo(attemptsStarted - calls);
    }
}
