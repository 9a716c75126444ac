package dev.nines.core.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.adaptivelimit.AdaptiveLimiterConfig;
import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.FallbackConfig;
import dev.nines.core.pipeline.Pipeline;
import dev.nines.core.pipeline.Pipeline.Stage;
import dev.nines.core.pipeline.PipelineStage;
import dev.nines.core.pipeline.Resilience;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.timelimit.TimeLimiter;
import dev.nines.core.timelimit.TimeLimiterConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The chaos stage in a pipeline: its position, and what the policies around it see. */
class ChaosPipelineTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
    private final ManualScheduler scheduler = ManualScheduler.of(time);

    private ChaosPolicy chaos(String name, ChaosConfig config) {
        return ChaosPolicy.of(name, config, time, time::advanceNanos);
    }

    @Test
    void chaosIsTheInnermostPolicyJustOutsideTheCustomCallStagesAndSeveralRunInTheOrderAdded() {
        List<String> log = new ArrayList<>();
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .stage(Stage.CUSTOM_CALL, new Recording("call", log))
                .chaos(chaos(
                        "slow",
                        ChaosConfig.builder()
                                .behavior(() -> log.add("slow"))
                                .injectionRatio(1)
                                .build()))
                .chaos(chaos(
                        "flaky",
                        ChaosConfig.builder()
                                .behavior(() -> log.add("flaky"))
                                .injectionRatio(1)
                                .build()))
                .adaptiveLimiter(AdaptiveLimiter.of("limit", AdaptiveLimiterConfig.ofDefaults(), time))
                .bulkhead(Bulkhead.of("bulkhead", BulkheadConfig.ofDefaults(), time))
                .circuitBreaker(CircuitBreaker.of("breaker", CircuitBreakerConfig.ofDefaults(), time))
                .retry(Retry.of("retry", RetryConfig.ofDefaults(), time))
                .build();

        assertThat(pipeline.stages())
                .containsExactly(
                        Stage.RETRY,
                        Stage.CIRCUIT_BREAKER,
                        Stage.BULKHEAD,
                        Stage.ADAPTIVE_LIMITER,
                        Stage.CHAOS,
                        Stage.CHAOS,
                        Stage.CUSTOM_CALL);
        assertThat(pipeline.toString()).contains("CHAOS 'slow', CHAOS 'flaky', CUSTOM_CALL 'call'");
        assertThat(pipeline.executeSupplier(() -> "ok")).isEqualTo("ok");
        assertThat(log).containsExactly("slow", "flaky", "call");
    }

    @Test
    void anInjectedFaultNeverReachesTheCustomCallStage() {
        List<String> log = new ArrayList<>();
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .stage(Stage.CUSTOM_CALL, new Recording("call", log))
                .chaos(chaos(
                        "outage",
                        ChaosConfig.builder().fault().injectionRatio(1).build()))
                .build();

        assertThatThrownBy(() -> pipeline.executeSupplier(() -> "ok")).isInstanceOf(InjectedFaultException.class);
        assertThat(log).isEmpty();
    }

    @Test
    void theRetryRetriesAnInjectedFaultAndTheBreakerCountsEachAttempt() {
        ChaosPolicy outage = chaos(
                "outage",
                ChaosConfig.builder()
                        .fault(() -> new IllegalStateException("injected"))
                        .injectionRatio(0.5)
                        .randomSource(ScriptedRandom.of(0.1, 0.2, 0.9))
                        .build());
        CircuitBreaker breaker = CircuitBreaker.of("breaker", CircuitBreakerConfig.ofDefaults(), time);
        Retry retry = Retry.of(
                "retry",
                RetryConfig.builder().maxAttempts(3).waitDuration(Duration.ZERO).build(),
                time,
                time::advanceNanos);
        AtomicInteger calls = new AtomicInteger();
        Pipeline<Integer> pipeline = Resilience.<Integer>pipeline()
                .retry(retry)
                .circuitBreaker(breaker)
                .chaos(outage)
                .build();

        assertThat(pipeline.executeSupplier(calls::incrementAndGet)).isEqualTo(1);
        assertThat(outage.metrics().numberOfInjections()).isEqualTo(2);
        assertThat(breaker.metrics().numberOfFailedCalls()).isEqualTo(2);
        assertThat(breaker.metrics().numberOfSuccessfulCalls()).isEqualTo(1);
        assertThat(retry.metrics().numberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
    }

    @Test
    void theTimeLimiterTimesOutInjectedLatencyAndTheFallbackSeesTheTimeout() {
        ChaosPolicy slow = chaos(
                "slow",
                ChaosConfig.builder()
                        .latency(Duration.ofSeconds(5))
                        .injectionRatio(1)
                        .build());
        AtomicInteger calls = new AtomicInteger();
        List<Throwable> handled = new ArrayList<>();
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .fallback(Fallback.of("fallback", FallbackConfig.ofDefaults(), time), failure -> {
                    handled.add(failure);
                    return "fallback";
                })
                .timeLimiter(TimeLimiter.of(
                        "time",
                        TimeLimiterConfig.builder()
                                .timeoutDuration(Duration.ofSeconds(1))
                                .build(),
                        time))
                .chaos(slow)
                .build();

        CompletionStage<String> answer = pipeline.executeCompletionStage(scheduler, () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture("real");
        });
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(answer.toCompletableFuture().join()).isEqualTo("fallback");
        assertThat(handled).singleElement().isInstanceOf(TimeoutException.class);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(calls).as("the cancelled latency never starts the call").hasValue(0);
    }

    @Test
    void aDecoratedSupplierAllocatesNothingPerCallWhenChaosIsDisabledOrDoesNotChooseTheCall() {
        ChaosPolicy disabled =
                chaos("disabled", ChaosConfig.builder().fault().enabled(false).build());
        ChaosPolicy notChosen = chaos(
                "not-chosen",
                ChaosConfig.builder()
                        .fault()
                        .injectionRatio(0.01)
                        .randomSource(() -> 0.5)
                        .build());
        Pipeline<String> pipeline = Resilience.<String>pipeline()
                .circuitBreaker(CircuitBreaker.of("hot", CircuitBreakerConfig.ofDefaults(), time))
                .chaos(disabled)
                .chaos(notChosen)
                .build();
        Supplier<String> call = pipeline.decorateSupplier(() -> "ok");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100_000; i++) {
            call.get();
        }

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            call.get();
        }
        long bytesPerCall = (threads.getCurrentThreadAllocatedBytes() - before) / 100_000;

        assertThat(bytesPerCall).isZero();
        assertThat(notChosen.metrics().numberOfInjections()).isZero();
    }

    /** A custom stage that logs its name on every call. */
    private record Recording(String name, List<String> log) implements PipelineStage<String> {
        @Override
        public Supplier<String> decorateSupplier(Supplier<String> next) {
            return () -> {
                log.add(name);
                return next.get();
            };
        }

        @Override
        public Callable<String> decorateCallable(Callable<String> next) {
            return () -> {
                log.add(name);
                return next.call();
            };
        }

        @Override
        public Supplier<CompletionStage<String>> decorateCompletionStage(
                ScheduledExecutorService scheduler, Supplier<CompletionStage<String>> next) {
            return () -> {
                log.add(name);
                return next.get();
            };
        }
    }
}
