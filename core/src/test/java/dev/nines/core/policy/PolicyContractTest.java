package dev.nines.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.adaptivelimit.AdaptiveLimiter;
import dev.nines.core.adaptivelimit.AdaptiveLimiterConfig;
import dev.nines.core.bulkhead.Bulkhead;
import dev.nines.core.bulkhead.BulkheadConfig;
import dev.nines.core.chaos.ChaosConfig;
import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.chaos.InjectedFaultException;
import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerConfig;
import dev.nines.core.event.EventListeners;
import dev.nines.core.fallback.Fallback;
import dev.nines.core.fallback.FallbackConfig;
import dev.nines.core.hedge.Hedge;
import dev.nines.core.hedge.HedgeConfig;
import dev.nines.core.ratelimit.RateLimiter;
import dev.nines.core.ratelimit.RateLimiterConfig;
import dev.nines.core.retry.Retry;
import dev.nines.core.retry.RetryConfig;
import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.timelimit.TimeLimiter;
import dev.nines.core.timelimit.TimeLimiterConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every policy keeps, run over all nine: circuit breaker, retry, bulkhead, rate
 * limiter, time limiter, adaptive limiter, hedge, chaos (fault injection) and fallback. A new
 * policy joins by adding one
 * {@link Subject} to {@link #policies()}.
 */
class PolicyContractTest {

    /** A failure the fallback subject handles; every other failure passes it unchanged. */
    static final class Handled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Handled() {
            super("handled");
        }
    }

    /** One policy under the contract, with what the contract cannot know about it. */
    abstract static class Subject {
        final String kind;
        final ManualTimeSource time = ManualTimeSource.at(java.time.Instant.EPOCH);
        final ManualScheduler scheduler = ManualScheduler.of(time);

        Subject(String kind) {
            this.kind = kind;
        }

        abstract Policy<?, ?, ?> policy();

        abstract Object config();

        abstract <T> T executeSupplier(Supplier<T> call);

        abstract <T> T executeCallable(Callable<T> call) throws Exception;

        abstract void executeRunnable(Runnable call);

        abstract <T> CompletionStage<T> executeCompletionStage(
                ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> call);

        abstract <T> Supplier<T> decorateSupplier(Supplier<T> call);

        abstract <T> Callable<T> decorateCallable(Callable<T> call);

        abstract Runnable decorateRunnable(Runnable call);

        abstract <T> Supplier<CompletionStage<T>> decorateCompletionStage(
                ScheduledExecutorService scheduler, Supplier<? extends CompletionStage<T>> call);

        /** Does something that publishes an event and changes the metrics. */
        abstract void exercise();

        /** Makes the next call rejected, for policies that reject; empty for those that never do. */
        Optional<Runnable> saturate() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return kind;
        }
    }

    /** A subject for the six policies that implement {@link CallPolicy}. */
    abstract static class CallSubject extends Subject {
        CallSubject(String kind) {
            super(kind);
        }

        abstract CallPolicy<?, ?, ?> call();

        @Override
        Policy<?, ?, ?> policy() {
            return call();
        }

        @Override
        Object config() {
            return call().config();
        }

        @Override
        <T> T executeSupplier(Supplier<T> c) {
            return call().executeSupplier(c);
        }

        @Override
        <T> T executeCallable(Callable<T> c) throws Exception {
            return call().executeCallable(c);
        }

        @Override
        void executeRunnable(Runnable c) {
            call().executeRunnable(c);
        }

        @Override
        <T> CompletionStage<T> executeCompletionStage(
                ScheduledExecutorService s, Supplier<? extends CompletionStage<T>> c) {
            return call().executeCompletionStage(s, c);
        }

        @Override
        <T> Supplier<T> decorateSupplier(Supplier<T> c) {
            return call().decorateSupplier(c);
        }

        @Override
        <T> Callable<T> decorateCallable(Callable<T> c) {
            return call().decorateCallable(c);
        }

        @Override
        Runnable decorateRunnable(Runnable c) {
            return call().decorateRunnable(c);
        }

        @Override
        <T> Supplier<CompletionStage<T>> decorateCompletionStage(
                ScheduledExecutorService s, Supplier<? extends CompletionStage<T>> c) {
            return call().decorateCompletionStage(s, c);
        }
    }

    static Stream<Subject> policies() {
        return Stream.of(
                new CallSubject("circuit breaker") {
                    final CircuitBreaker breaker = CircuitBreaker.of(
                            "contract",
                            CircuitBreakerConfig.builder()
                                    .ignoreExceptions(CallRejectedException.class)
                                    .build(),
                            time);

                    @Override
                    CallPolicy<?, ?, ?> call() {
                        return breaker;
                    }

                    @Override
                    void exercise() {
                        breaker.executeSupplier(() -> "recorded");
                    }

                    @Override
                    Optional<Runnable> saturate() {
                        return Optional.of(breaker::transitionToForcedOpenState);
                    }
                },
                new CallSubject("retry") {
                    final Retry retry = Retry.of(
                            "contract",
                            RetryConfig.builder()
                                    .maxAttempts(2)
                                    .waitDuration(Duration.ZERO)
                                    .build(),
                            time);

                    @Override
                    CallPolicy<?, ?, ?> call() {
                        return retry;
                    }

                    @Override
                    void exercise() {
                        AtomicInteger attempts = new AtomicInteger();
                        retry.executeSupplier(() -> {
                            if (attempts.incrementAndGet() == 1) {
                                throw new IllegalStateException("first attempt");
                            }
                            return "second";
                        });
                    }
                },
                new CallSubject("bulkhead") {
                    final Bulkhead bulkhead = Bulkhead.of(
                            "contract",
                            BulkheadConfig.builder()
                                    .maxConcurrentCalls(1)
                                    .maxWaitDuration(Duration.ZERO)
                                    .build(),
                            time);

                    @Override
                    CallPolicy<?, ?, ?> call() {
                        return bulkhead;
                    }

                    @Override
                    void exercise() {
                        bulkhead.acquirePermission();
                        assertThat(bulkhead.tryAcquirePermission()).isFalse();
                        bulkhead.onComplete();
                    }

                    @Override
                    Optional<Runnable> saturate() {
                        return Optional.of(bulkhead::acquirePermission);
                    }
                },
                new CallSubject("rate limiter") {
                    final RateLimiter limiter = RateLimiter.of(
                            "contract",
                            RateLimiterConfig.builder()
                                    .limitForPeriod(100)
                                    .limitRefreshPeriod(Duration.ofSeconds(1))
                                    .timeoutDuration(Duration.ZERO)
                                    .build(),
                            time);

                    @Override
                    CallPolicy<?, ?, ?> call() {
                        return limiter;
                    }

                    @Override
                    void exercise() {
                        assertThat(limiter.tryAcquirePermission()).isTrue();
                    }

                    @Override
                    Optional<Runnable> saturate() {
                        return Optional.of(() -> {
                            while (limiter.tryAcquirePermission()) {
                                // drain the bucket
                            }
                        });
                    }
                },
                new CallSubject("time limiter") {
                    final TimeLimiter limiter = TimeLimiter.of(
                            "contract",
                            TimeLimiterConfig.builder()
                                    .timeoutDuration(Duration.ofSeconds(1))
                                    .build(),
                            time);

                    @Override
                    CallPolicy<?, ?, ?> call() {
                        return limiter;
                    }

                    @Override
                    void exercise() {
                        assertThatThrownBy(() -> limiter.executeCallable(() -> {
                                    time.advance(Duration.ofSeconds(2));
                                    return "late";
                                }))
                                .isInstanceOf(java.util.concurrent.TimeoutException.class);
                    }
                },
                new CallSubject("adaptive limiter") {
                    final AdaptiveLimiter limiter = AdaptiveLimiter.of(
                            "contract",
                            AdaptiveLimiterConfig.builder()
                                    .minLimit(1)
                                    .initialLimit(1)
                                    .maxLimit(1)
                                    .build(),
                            time);

                    @Override
                    CallPolicy<?, ?, ?> call() {
                        return limiter;
                    }

                    @Override
                    void exercise() {
                        AdaptiveLimiter.Permit permit = limiter.tryAcquirePermission();
                        assertThat(limiter.tryAcquirePermission().isAcquired()).isFalse();
                        permit.onIgnore();
                    }

                    @Override
                    Optional<Runnable> saturate() {
                        return Optional.of(
                                () -> assertThat(limiter.tryAcquirePermission().isAcquired())
                                        .isTrue());
                    }
                },
                new CallSubject("hedge") {
                    final Hedge hedge = Hedge.of(
                            "contract",
                            HedgeConfig.ofFixedDelay(Duration.ofMillis(10), 2),
                            time,
                            Runnable::run,
                            scheduler);

                    @Override
                    CallPolicy<?, ?, ?> call() {
                        return hedge;
                    }

                    @Override
                    void exercise() {
                        AtomicInteger attempts = new AtomicInteger();
                        assertThat(hedge.executeSupplier(() -> {
                                    if (attempts.incrementAndGet() == 1) {
                                        throw new IllegalStateException("first attempt");
                                    }
                                    return "hedged";
                                }))
                                .isEqualTo("hedged");
                    }
                },
                new CallSubject("chaos") {
                    final ChaosPolicy chaos = ChaosPolicy.of(
                            "contract",
                            ChaosConfig.builder()
                                    .fault()
                                    .injectionRatio(1)
                                    .enabled(false)
                                    .build(),
                            time);

                    @Override
                    CallPolicy<?, ?, ?> call() {
                        return chaos;
                    }

                    @Override
                    void exercise() {
                        chaos.enable();
                        assertThatThrownBy(() -> chaos.executeSupplier(() -> "x"))
                                .isInstanceOf(InjectedFaultException.class);
                        chaos.disable();
                    }
                },
                new Subject("fallback") {
                    final Fallback fallback = Fallback.of(
                            "contract",
                            FallbackConfig.builder()
                                    .fallbackOnException(failure -> failure instanceof Handled)
                                    .build(),
                            time);

                    @Override
                    Policy<?, ?, ?> policy() {
                        return fallback;
                    }

                    @Override
                    Object config() {
                        return fallback.config();
                    }

                    @Override
                    <T> T executeSupplier(Supplier<T> c) {
                        return fallback.executeSupplier(c, failure -> null);
                    }

                    @Override
                    <T> T executeCallable(Callable<T> c) throws Exception {
                        return fallback.executeCallable(c, failure -> null);
                    }

                    @Override
                    void executeRunnable(Runnable c) {
                        fallback.executeRunnable(c, failure -> {});
                    }

                    @Override
                    <T> CompletionStage<T> executeCompletionStage(
                            ScheduledExecutorService s, Supplier<? extends CompletionStage<T>> c) {
                        return fallback.executeCompletionStage(c, failure -> null);
                    }

                    @Override
                    <T> Supplier<T> decorateSupplier(Supplier<T> c) {
                        return fallback.decorateSupplier(c, failure -> null);
                    }

                    @Override
                    <T> Callable<T> decorateCallable(Callable<T> c) {
                        return fallback.decorateCallable(c, failure -> null);
                    }

                    @Override
                    Runnable decorateRunnable(Runnable c) {
                        return fallback.decorateRunnable(c, failure -> {});
                    }

                    @Override
                    <T> Supplier<CompletionStage<T>> decorateCompletionStage(
                            ScheduledExecutorService s, Supplier<? extends CompletionStage<T>> c) {
                        return fallback.decorateCompletionStage(c, failure -> null);
                    }

                    @Override
                    void exercise() {
                        String answer = fallback.<String>executeSupplier(
                                () -> {
                                    throw new Handled();
                                },
                                failure -> "replaced");
                        assertThat(answer).isEqualTo("replaced");
                    }
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void answersItsNameConfigurationAndClock(Subject subject) {
        Policy<?, ?, ?> policy = subject.policy();
        assertThat(policy.name()).isEqualTo("contract");
        assertThat(policy.config()).isNotNull().isSameAs(subject.config());
        assertThat(policy.timeSource()).isSameAs(subject.time);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void metricsAreAnImmutableSnapshotRecord(Subject subject) {
        Record before = subject.policy().metrics();
        String beforeText = before.toString();
        assertThat(before.getClass().isRecord()).isTrue();
        assertThat(subject.policy().metrics()).isEqualTo(before).isNotSameAs(before);

        subject.exercise();

        assertThat(before.toString()).as("a snapshot does not change").isEqualTo(beforeText);
        assertThat(subject.policy().metrics())
                .as("a new snapshot sees the change")
                .isNotEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void listenersHearEventsUntilClosed(Subject subject) {
        List<Object> events = new ArrayList<>();
        EventListeners.Registration registration = subject.policy().onEvent(events::add);
        subject.exercise();
        assertThat(events).isNotEmpty();

        registration.close();
        int heard = events.size();
        subject.exercise();
        assertThat(events).hasSize(heard);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void executeFamilyReturnsResultsAndPassesFailuresUnchanged(Subject subject) throws Exception {
        assertThat(subject.<String>executeSupplier(() -> "supplied")).isEqualTo("supplied");
        assertThat(subject.<String>executeCallable(() -> "called")).isEqualTo("called");
        AtomicInteger runs = new AtomicInteger();
        subject.executeRunnable(runs::incrementAndGet);
        assertThat(runs).hasValue(1);

        IllegalArgumentException unchecked = new IllegalArgumentException("unchecked");
        assertThatThrownBy(() -> subject.executeSupplier(() -> {
                    throw unchecked;
                }))
                .isSameAs(unchecked);
        IOException checked = new IOException("checked");
        assertThatThrownBy(() -> subject.executeCallable(() -> {
                    throw checked;
                }))
                .isSameAs(checked);
        assertThatThrownBy(() -> subject.executeRunnable(() -> {
                    throw unchecked;
                }))
                .isSameAs(unchecked);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void completionStagesRelayTheOutcomeAndNeverThrow(Subject subject) {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletionStage<String> stage = subject.executeCompletionStage(subject.scheduler, () -> call);
        call.complete("later");
        subject.scheduler.runDue();
        assertThat(stage.toCompletableFuture().join()).isEqualTo("later");

        IllegalStateException thrown = new IllegalStateException("thrown by the supplier");
        CompletionStage<String> failed = subject.executeCompletionStage(subject.scheduler, () -> {
            throw thrown;
        });
        subject.scheduler.runDue();
        assertThat(failed.toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> failed.toCompletableFuture().join()).hasRootCause(thrown);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void decoratedCallsRunThePolicyOncePerInvocation(Subject subject) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Supplier<Integer> supplier = subject.decorateSupplier(calls::incrementAndGet);
        Callable<Integer> callable = subject.decorateCallable(calls::incrementAndGet);
        Runnable runnable = subject.decorateRunnable(calls::incrementAndGet);
        Supplier<CompletionStage<Integer>> async = subject.decorateCompletionStage(
                subject.scheduler, () -> CompletableFuture.completedFuture(calls.incrementAndGet()));
        assertThat(calls).as("decorating calls nothing").hasValue(0);

        assertThat(supplier.get()).isEqualTo(1);
        assertThat(callable.call()).isEqualTo(2);
        runnable.run();
        assertThat(calls).hasValue(3);
        CompletionStage<Integer> stage = async.get();
        subject.scheduler.runDue();
        assertThat(stage.toCompletableFuture().join()).isEqualTo(4);
        assertThat(supplier.get()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void rejectionsAreCallRejectedExceptionsNamingThePolicyAndSkipTheCall(Subject subject) {
        Optional<Runnable> saturate = subject.saturate();
        if (saturate.isEmpty()) {
            return;
        }
        saturate.get().run();
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> subject.executeSupplier(calls::incrementAndGet))
                .isInstanceOfSatisfying(
                        CallRejectedException.class,
                        rejected -> assertThat(rejected.policyName()).isEqualTo("contract"));
        CompletionStage<Integer> stage = subject.executeCompletionStage(
                subject.scheduler, () -> CompletableFuture.completedFuture(calls.incrementAndGet()));
        subject.scheduler.runDue();
        assertThatThrownBy(() -> stage.toCompletableFuture().join()).hasCauseInstanceOf(CallRejectedException.class);
        assertThat(calls).hasValue(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    @SuppressWarnings("unchecked")
    void aReconfigurationIsSeenByTheHandleCountedAndAnnounced(Subject subject) throws Exception {
        Policy<?, ?, ?> policy = subject.policy();
        assertThat(policy).as("every policy is reconfigurable").isInstanceOf(Reconfigurable.class);
        Reconfigurable<Object> reconfigurable = (Reconfigurable<Object>) policy;
        Object before = policy.config();
        // A rebuilt copy is another configuration object with the same values: a change.
        Object builder = before.getClass().getMethod("toBuilder").invoke(before);
        Object copy = builder.getClass().getMethod("build").invoke(builder);
        Supplier<String> decoratedBefore = subject.decorateSupplier(() -> "still works");
        List<Object> events = new ArrayList<>();
        policy.onEvent(events::add);

        assertThat(reconfigurable.reconfigure(copy)).isSameAs(before);

        assertThat(policy.config()).isSameAs(copy);
        assertThat(reconfigurable.configurationChanges()).isOne();
        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.getClass().getSimpleName()).isEqualTo("ConfigurationChanged"));
        assertThat(decoratedBefore.get()).isEqualTo("still works");

        reconfigurable.reconfigure(copy);
        assertThat(reconfigurable.configurationChanges())
                .as("the same object: no change")
                .isOne();
        assertThatThrownBy(() -> reconfigurable.reconfigure(null)).isInstanceOf(NullPointerException.class);
    }

    /**
     * No listener runs under a policy's lock: a listener of a configuration change that waits for
     * another thread to reconfigure the same policy would otherwise deadlock. The two changes are
     * still announced in the order they were applied (each event's old configuration is the
     * previous event's new one).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    @SuppressWarnings("unchecked")
    void aListenerMayWaitForAnotherThreadThatReconfiguresThePolicyAndChangesAreAnnouncedInOrder(Subject subject)
            throws Exception {
        Policy<?, ?, ?> policy = subject.policy();
        org.junit.jupiter.api.Assumptions.assumeTrue(policy instanceof Reconfigurable<?>);
        Reconfigurable<Object> reconfigurable = (Reconfigurable<Object>) policy;
        Object first = policy.config();
        Object second = rebuilt(first);
        Object third = rebuilt(first);
        List<Object> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            policy.onEvent(event -> {
                if (!event.getClass().getSimpleName().equals("ConfigurationChanged")) {
                    return;
                }
                changes.add(event);
                if (changes.size() == 1) {
                    try {
                        // Bounded only so that a regression fails instead of hanging the build.
                        other.submit(() -> reconfigurable.reconfigure(third))
                                .get(60, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception e) {
                        failure.set(e);
                    }
                }
            });
            reconfigurable.reconfigure(second);
        } finally {
            other.shutdownNow();
        }
        assertThat(failure.get()).as("the other thread's reconfigure").isNull();
        assertThat(policy.config()).isSameAs(third);
        assertThat(reconfigurable.configurationChanges()).isEqualTo(2);
        assertThat(changes).hasSize(2);
        assertThat(component(changes.get(0), "oldConfig")).isSameAs(first);
        assertThat(component(changes.get(0), "newConfig")).isSameAs(second);
        assertThat(component(changes.get(1), "oldConfig")).isSameAs(second);
        assertThat(component(changes.get(1), "newConfig")).isSameAs(third);
    }

    private static Object rebuilt(Object config) throws Exception {
        Object builder = config.getClass().getMethod("toBuilder").invoke(config);
        return builder.getClass().getMethod("build").invoke(builder);
    }

    private static Object component(Object event, String name) throws Exception {
        return event.getClass().getMethod(name).invoke(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void nullCallsAreRefusedByName(Subject subject) {
        assertThatThrownBy(() -> subject.executeSupplier(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> subject.executeCallable(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> subject.executeRunnable(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> subject.decorateSupplier(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> subject.policy().onEvent(null)).isInstanceOf(NullPointerException.class);
    }

    @org.junit.jupiter.api.Test
    void aBreakerIgnoresEveryRejectionInOneLineButStillCountsRealFailures() {
        ManualTimeSource time = ManualTimeSource.at(java.time.Instant.EPOCH);
        CircuitBreaker breaker = CircuitBreaker.of(
                "dependency",
                CircuitBreakerConfig.builder()
                        .slidingWindow(4, 4, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .failureRateThreshold(50)
                        .ignoreExceptions(CallRejectedException.class)
                        .build(),
                time);
        Bulkhead bulkhead = Bulkhead.of(
                "full",
                BulkheadConfig.builder()
                        .maxConcurrentCalls(1)
                        .maxWaitDuration(Duration.ZERO)
                        .build(),
                time);
        RateLimiter limiter = RateLimiter.of(
                "empty",
                RateLimiterConfig.builder()
                        .limitForPeriod(1)
                        .limitRefreshPeriod(Duration.ofHours(1))
                        .timeoutDuration(Duration.ZERO)
                        .build(),
                time);
        AdaptiveLimiter adaptive = AdaptiveLimiter.of(
                "at-limit",
                AdaptiveLimiterConfig.builder()
                        .minLimit(1)
                        .initialLimit(1)
                        .maxLimit(1)
                        .build(),
                time);
        bulkhead.acquirePermission();
        limiter.tryAcquirePermission();
        adaptive.tryAcquirePermission();

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> breaker.executeSupplier(() -> bulkhead.executeSupplier(() -> "x")))
                    .isInstanceOf(CallRejectedException.class);
            assertThatThrownBy(() -> breaker.executeSupplier(() -> limiter.executeSupplier(() -> "x")))
                    .isInstanceOf(CallRejectedException.class);
            assertThatThrownBy(() -> breaker.executeSupplier(() -> adaptive.executeSupplier(() -> "x")))
                    .isInstanceOf(CallRejectedException.class);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.metrics().numberOfBufferedCalls()).isZero();

        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> breaker.executeSupplier(() -> {
                        throw new IllegalStateException("the dependency failed");
                    }))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
