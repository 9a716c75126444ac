package dev.nines.core.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChaosPolicyTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);
    private final ManualScheduler scheduler = ManualScheduler.of(time);
    private final List<ChaosEvent> events = new ArrayList<>();

    private ChaosPolicy policy(ChaosConfig config) {
        ChaosPolicy policy = ChaosPolicy.of("payments", config, time, time::advanceNanos);
        policy.onEvent(events::add);
        return policy;
    }

    private static ChaosConfig.Builder faults(double ratio, double... script) {
        return ChaosConfig.builder().fault().injectionRatio(ratio).randomSource(ScriptedRandom.of(script));
    }

    // ---- choosing the calls ----------------------------------------------------------------------

    @Test
    void injectsExactlyTheCallsWhoseRandomDrawIsBelowTheRatio() {
        ChaosPolicy chaos = policy(faults(0.1, 0.05, 0.5, 0.0999, 0.1, 0.95).build());
        AtomicInteger calls = new AtomicInteger();
        List<Boolean> injected = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            try {
                chaos.executeSupplier(calls::incrementAndGet);
                injected.add(false);
            } catch (InjectedFaultException e) {
                injected.add(true);
            }
        }

        assertThat(injected).containsExactly(true, false, true, false, false);
        assertThat(calls).hasValue(3);
        assertThat(chaos.metrics()).isEqualTo(new ChaosPolicy.Metrics(true, 2, 0, 0));
    }

    @Test
    void aRatioOfZeroNeverInjectsAndOneAlwaysDoes() {
        ChaosPolicy never = policy(faults(0, 0.0, 0.5).build());
        ChaosPolicy always = policy(faults(1, 0.0, 0.999999).build());

        for (int i = 0; i < 10; i++) {
            assertThat(never.executeSupplier(() -> "real")).isEqualTo("real");
            assertThatThrownBy(() -> always.executeSupplier(() -> "real")).isInstanceOf(InjectedFaultException.class);
        }
        assertThat(never.metrics().numberOfInjections()).isZero();
        assertThat(always.metrics().numberOfInjections()).isEqualTo(10);
    }

    @Test
    void aDisabledPolicyNeverInjectsAndDrawsNoRandomValue() {
        ScriptedRandom random = ScriptedRandom.of(0.0);
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .fault()
                .injectionRatio(1)
                .enabled(false)
                .randomSource(random)
                .build());

        assertThat(chaos.executeSupplier(() -> "real")).isEqualTo("real");
        assertThat(chaos.isEnabled()).isFalse();
        assertThat(random.draws()).isZero();

        chaos.enable();
        assertThatThrownBy(() -> chaos.executeSupplier(() -> "real")).isInstanceOf(InjectedFaultException.class);
        chaos.disable();
        assertThat(chaos.executeSupplier(() -> "real")).isEqualTo("real");
        assertThat(random.draws()).isEqualTo(1);
        assertThat(events)
                .containsExactly(
                        new ChaosEvent.Switched("payments", true, false),
                        events.get(1),
                        new ChaosEvent.Switched("payments", false, false));
        assertThat(events.get(1)).isInstanceOf(ChaosEvent.FaultInjected.class);
    }

    @Test
    void switchingToTheStateItIsInPublishesNothing() {
        ChaosPolicy chaos = policy(faults(1, 0.0).build());
        chaos.enable();
        chaos.disable();
        chaos.disable();

        assertThat(events).containsExactly(new ChaosEvent.Switched("payments", false, false));
    }

    @Test
    void callsOutsideTheScopeAreNeverInjectedAndDrawNoRandomValue() {
        AtomicBoolean internalTenant = new AtomicBoolean(false);
        ScriptedRandom random = ScriptedRandom.of(0.0);
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .fault()
                .injectionRatio(1)
                .scope(internalTenant::get)
                .randomSource(random)
                .build());

        assertThat(chaos.executeSupplier(() -> "external")).isEqualTo("external");
        assertThat(random.draws()).isZero();
        internalTenant.set(true);
        assertThatThrownBy(() -> chaos.executeSupplier(() -> "internal")).isInstanceOf(InjectedFaultException.class);
        assertThat(random.draws()).isEqualTo(1);
    }

    // ---- faults ------------------------------------------------------------------------------------

    @Test
    void theDefaultFaultIsThrownInsteadOfTheCallAndNamesThePolicy() {
        ChaosPolicy chaos = policy(faults(1, 0.0).build());
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> chaos.executeRunnable(calls::incrementAndGet))
                .isInstanceOfSatisfying(InjectedFaultException.class, fault -> {
                    assertThat(fault.chaosPolicyName()).isEqualTo("payments");
                    assertThat(fault).hasMessage("fault injected by chaos policy 'payments'");
                    assertThat(InjectedFault.isInjected(fault)).isTrue();
                });
        assertThat(calls).hasValue(0);
    }

    @Test
    void aGeneratedFaultKeepsItsTypeAndCarriesTheLabelAsASuppressedException() {
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .fault(() -> new IllegalStateException("payments unreachable"))
                .injectionRatio(1)
                .build());

        assertThatThrownBy(() -> chaos.executeSupplier(() -> "real"))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("payments unreachable")
                .satisfies(fault -> {
                    assertThat(InjectedFault.isInjected(fault)).isTrue();
                    assertThat(InjectedFault.find(fault).orElseThrow().chaosPolicyName())
                            .isEqualTo("payments");
                    assertThat(fault.getSuppressed()).hasSize(1);
                    assertThat(fault.getSuppressed()[0])
                            .hasMessage("injected by chaos policy 'payments'")
                            .isInstanceOf(InjectedFault.class);
                });
    }

    @Test
    void aCheckedFaultIsThrownAsItIsByCallablesAndWrappedBySuppliers() {
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .fault(() -> new IOException("disk gone"))
                .injectionRatio(1)
                .build());

        assertThatThrownBy(() -> chaos.executeCallable(() -> "real"))
                .isExactlyInstanceOf(IOException.class)
                .satisfies(fault -> assertThat(InjectedFault.isInjected(fault)).isTrue());
        assertThatThrownBy(() -> chaos.executeSupplier(() -> "real"))
                .isExactlyInstanceOf(InjectedFaultException.class)
                .hasCauseExactlyInstanceOf(IOException.class)
                .satisfies(fault ->
                        assertThat(InjectedFault.isInjected(fault.getCause())).isTrue());
    }

    @Test
    void aFaultThatRefusesSuppressedExceptionsIsWrappedSoThatItIsStillLabelled() {
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .fault(() -> new Unsuppressible("no suppression"))
                .injectionRatio(1)
                .build());

        assertThatThrownBy(() -> chaos.executeSupplier(() -> "real"))
                .isExactlyInstanceOf(InjectedFaultException.class)
                .hasCauseExactlyInstanceOf(Unsuppressible.class)
                .hasMessageContaining("fault injected by chaos policy 'payments'");
    }

    @Test
    void aSharedFaultInstanceIsLabelledOnce() {
        IllegalStateException shared = new IllegalStateException("shared");
        ChaosPolicy chaos = policy(
                ChaosConfig.builder().fault(() -> shared).injectionRatio(1).build());

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> chaos.executeSupplier(() -> "real")).isSameAs(shared);
        }
        assertThat(shared.getSuppressed()).hasSize(1);
    }

    @Test
    void realFailuresPassUnchangedAndUnlabelled() {
        ChaosPolicy chaos = policy(faults(0.5, 0.9).build());
        IllegalStateException real = new IllegalStateException("real");

        assertThatThrownBy(() -> chaos.executeSupplier(() -> {
                    throw real;
                }))
                .isSameAs(real);
        assertThat(InjectedFault.isInjected(real)).isFalse();
        assertThat(real.getSuppressed()).isEmpty();
    }

    @Test
    void aRealFailureCausedByAnInjectedOneIsInjectedToo() {
        ChaosPolicy chaos = policy(faults(1, 0.0).build());
        RuntimeException wrapped = null;
        try {
            chaos.executeSupplier(() -> "real");
        } catch (InjectedFaultException fault) {
            wrapped = new RuntimeException("the service failed", new CompletionException(fault));
        }

        assertThat(InjectedFault.isInjected(wrapped)).isTrue();
        assertThat(InjectedFault.isInjected(null)).isFalse();
    }

    @Test
    void anAsynchronousFaultIsAFailedStageAndTheCallIsNotStarted() {
        ChaosPolicy chaos = policy(faults(1, 0.0).build());
        AtomicInteger calls = new AtomicInteger();

        CompletionStage<Integer> stage = chaos.executeCompletionStage(
                scheduler, () -> CompletableFuture.completedFuture(calls.incrementAndGet()));

        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> stage.toCompletableFuture().join()).hasCauseInstanceOf(InjectedFaultException.class);
        assertThat(calls).hasValue(0);
    }

    // ---- outcomes ----------------------------------------------------------------------------------

    @Test
    void anOutcomeIsReturnedInsteadOfTheCallAndPublishedAsInjected() throws Exception {
        ChaosPolicy chaos = policy(
                ChaosConfig.builder().outcome(() -> "made up").injectionRatio(1).build());
        AtomicInteger calls = new AtomicInteger();

        assertThat(chaos.<String>executeSupplier(() -> "real" + calls.incrementAndGet()))
                .isEqualTo("made up");
        assertThat(chaos.<String>executeCallable(() -> "real" + calls.incrementAndGet()))
                .isEqualTo("made up");
        chaos.executeRunnable(calls::incrementAndGet);
        CompletionStage<String> stage = chaos.executeCompletionStage(
                scheduler, () -> CompletableFuture.completedFuture("real" + calls.incrementAndGet()));

        assertThat(stage.toCompletableFuture().join()).isEqualTo("made up");
        assertThat(calls).hasValue(0);
        assertThat(events)
                .hasSize(4)
                .allSatisfy(event -> assertThat(event).isEqualTo(new ChaosEvent.OutcomeInjected("payments", "made up")))
                .allMatch(ChaosEvent::injected);
    }

    @Test
    void anOutcomeTypeThatImplementsInjectedFaultIsRecognisable() {
        record FakeResponse(int status) implements InjectedFault {
            @Override
            public String chaosPolicyName() {
                return "payments";
            }
        }
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .outcome(() -> new FakeResponse(503))
                .injectionRatio(1)
                .build());

        Object response = chaos.executeSupplier(() -> "real");

        assertThat(InjectedFault.isInjectedResult(response)).isTrue();
        assertThat(InjectedFault.isInjectedResult("real")).isFalse();
    }

    // ---- latency -----------------------------------------------------------------------------------

    @Test
    void latencyWaitsOnTheInjectedClockThenMakesTheCall() {
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .latency(Duration.ofMillis(200))
                .injectionRatio(0.5)
                .randomSource(ScriptedRandom.of(0.1, 0.9))
                .build());
        List<Long> startedAt = new ArrayList<>();

        chaos.executeRunnable(() -> startedAt.add(time.nanoTime()));
        chaos.executeRunnable(() -> startedAt.add(time.nanoTime()));

        assertThat(startedAt)
                .containsExactly(
                        Duration.ofMillis(200).toNanos(), Duration.ofMillis(200).toNanos());
        assertThat(chaos.metrics())
                .isEqualTo(new ChaosPolicy.Metrics(
                        true, 1, 0, Duration.ofMillis(200).toNanos()));
        assertThat(events).containsExactly(new ChaosEvent.LatencyInjected("payments", Duration.ofMillis(200)));
    }

    @Test
    void asynchronousLatencyStartsTheCallOnTheSchedulerOnceItHasPassed() {
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .latency(Duration.ofSeconds(2))
                .injectionRatio(1)
                .build());
        AtomicInteger calls = new AtomicInteger();

        CompletionStage<Integer> stage = chaos.executeCompletionStage(
                scheduler, () -> CompletableFuture.completedFuture(calls.incrementAndGet()));
        scheduler.advance(Duration.ofMillis(1999));
        assertThat(calls).hasValue(0);
        assertThat(stage.toCompletableFuture()).isNotDone();

        scheduler.advance(Duration.ofMillis(1));
        assertThat(stage.toCompletableFuture().join()).isEqualTo(1);
    }

    @Test
    void cancellingTheStageDuringTheLatencyCancelsTheStart() {
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .latency(Duration.ofSeconds(2))
                .injectionRatio(1)
                .build());
        AtomicInteger calls = new AtomicInteger();

        CompletionStage<Integer> stage = chaos.executeCompletionStage(
                scheduler, () -> CompletableFuture.completedFuture(calls.incrementAndGet()));
        stage.toCompletableFuture().cancel(false);
        scheduler.advance(Duration.ofSeconds(3));

        assertThat(calls).hasValue(0);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void anInterruptDuringSynchronousLatencyIsKeptAndTheCallIsMade() {
        ChaosPolicy chaos = ChaosPolicy.of(
                "payments",
                ChaosConfig.builder()
                        .latency(Duration.ofSeconds(1))
                        .injectionRatio(1)
                        .build(),
                time,
                nanos -> {
                    throw new InterruptedException("stop");
                });

        assertThat(chaos.executeSupplier(() -> "made")).isEqualTo("made");
        assertThat(Thread.interrupted()).isTrue();
    }

    // ---- behaviours --------------------------------------------------------------------------------

    @Test
    void aBehaviourRunsBeforeTheCall() {
        List<String> log = new ArrayList<>();
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .behavior(() -> log.add("cache cleared"))
                .injectionRatio(1)
                .build());

        chaos.executeRunnable(() -> log.add("call"));
        CompletionStage<String> stage = chaos.executeCompletionStage(scheduler, () -> {
            log.add("async call");
            return CompletableFuture.completedFuture("done");
        });

        assertThat(stage.toCompletableFuture().join()).isEqualTo("done");
        assertThat(log).containsExactly("cache cleared", "call", "cache cleared", "async call");
        assertThat(events).containsExactly(new ChaosEvent.BehaviorInjected("payments"), events.get(1));
    }

    @Test
    void aBehaviourThatThrowsFailsTheCallWithALabelledFault() {
        ChaosPolicy chaos = policy(ChaosConfig.builder()
                .behavior(() -> {
                    throw new IllegalStateException("pool closed");
                })
                .injectionRatio(1)
                .build());
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> chaos.executeRunnable(calls::incrementAndGet))
                .hasMessage("pool closed")
                .satisfies(fault -> assertThat(InjectedFault.isInjected(fault)).isTrue());
        assertThat(calls).hasValue(0);
    }

    // ---- guards ------------------------------------------------------------------------------------

    @Test
    void aGuardIsAskedBeforeEachInjectionAndARefusedCallRunsAsIfNotChosen() {
        ChaosPolicy chaos = policy(faults(1, 0.0).enabled(false).build());
        AtomicLong left = new AtomicLong(2);
        chaos.enable(() -> left.getAndDecrement() > 0);
        AtomicInteger calls = new AtomicInteger();
        int injected = 0;

        for (int i = 0; i < 5; i++) {
            try {
                chaos.executeSupplier(calls::incrementAndGet);
            } catch (InjectedFaultException e) {
                injected++;
            }
        }

        assertThat(chaos.isGuarded()).isTrue();
        assertThat(injected).isEqualTo(2);
        assertThat(calls).hasValue(3);
        assertThat(chaos.metrics()).isEqualTo(new ChaosPolicy.Metrics(true, 2, 3, 0));
        assertThat(events.get(0)).isEqualTo(new ChaosEvent.Switched("payments", true, true));
    }

    @Test
    void aGuardMayDisableThePolicyFromInsideItsDecision() {
        ChaosPolicy chaos = policy(faults(1, 0.0).build());
        AtomicInteger granted = new AtomicInteger();
        chaos.enable(() -> {
            if (granted.incrementAndGet() == 3) {
                chaos.disable();
            }
            return true;
        });
        int injected = 0;

        for (int i = 0; i < 10; i++) {
            try {
                chaos.executeSupplier(() -> "real");
            } catch (InjectedFaultException e) {
                injected++;
            }
        }

        assertThat(injected).isEqualTo(3);
        assertThat(chaos.isEnabled()).isFalse();
        assertThat(chaos.isGuarded()).isFalse();
    }

    @Test
    void concurrentCallsLoseNoInjectionAndNeverPassTheGuard() throws InterruptedException {
        ChaosPolicy chaos = ChaosPolicy.of(
                "contended", ChaosConfig.builder().fault().injectionRatio(1).build(), time, time::advanceNanos);
        AtomicLong left = new AtomicLong(10_000);
        chaos.enable(() -> left.getAndDecrement() > 0);
        int threads = 4;
        int callsPerThread = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger injected = new AtomicInteger();
        AtomicInteger real = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < callsPerThread; i++) {
                    try {
                        chaos.executeRunnable(real::incrementAndGet);
                    } catch (InjectedFaultException e) {
                        injected.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(injected).hasValue(10_000);
        assertThat(real).hasValue(threads * callsPerThread - 10_000);
        assertThat(chaos.metrics().numberOfInjections()).isEqualTo(10_000);
        assertThat(chaos.metrics().numberOfRefusedInjections()).isEqualTo(threads * callsPerThread - 10_000L);
    }

    // ---- registry ----------------------------------------------------------------------------------

    @Test
    void aRegistryCreatesEachPolicyOnceAndItsListenersHearEveryInjection() {
        ChaosRegistry registry =
                ChaosRegistry.of(ChaosConfig.builder().fault().injectionRatio(1).build(), time, time::advanceNanos);
        List<ChaosEvent> heard = new ArrayList<>();
        registry.onEvent(heard::add);
        registry.addConfiguration(
                "slow",
                ChaosConfig.builder()
                        .latency(Duration.ofSeconds(1))
                        .injectionRatio(1)
                        .build());

        ChaosPolicy payments = registry.chaosPolicy("payments");
        ChaosPolicy search = registry.chaosPolicy("search", "slow");

        assertThat(registry.chaosPolicy("payments")).isSameAs(payments);
        assertThatThrownBy(() -> payments.executeSupplier(() -> "x")).isInstanceOf(InjectedFaultException.class);
        assertThat(search.executeSupplier(() -> "x")).isEqualTo("x");
        assertThat(heard).extracting(ChaosEvent::chaosPolicyName).containsExactly("payments", "search");
        assertThat(heard).allMatch(ChaosEvent::injected);
        assertThatThrownBy(() -> registry.chaosPolicy("x", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("configName");
    }

    @Test
    void aBlankNameIsRefused() {
        ChaosConfig config = ChaosConfig.builder().fault().build();

        assertThatThrownBy(() -> ChaosPolicy.of(" ", config, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \" \"");
    }

    /** An exception that refuses suppressed exceptions. */
    static final class Unsuppressible extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsuppressible(String message) {
            super(message, null, false, true);
        }
    }
}
