package dev.nines.core.health;

import static dev.nines.core.health.HealthStatus.DEGRADED;
import static dev.nines.core.health.HealthStatus.DOWN;
import static dev.nines.core.health.HealthStatus.OUT_OF_SERVICE;
import static dev.nines.core.health.HealthStatus.UNKNOWN;
import static dev.nines.core.health.HealthStatus.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualScheduler;
import dev.nines.core.time.ManualTimeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"), -5_000_000_000L);
    private final ManualScheduler scheduler = ManualScheduler.of(time);
    private final List<ExecutorService> pools = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHungChecksAndStopPools() {
        release.countDown();
        pools.forEach(ExecutorService::shutdownNow);
    }

    private HealthRegistry.Builder builder() {
        return HealthRegistry.builder(time, scheduler, Runnable::run);
    }

    private ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        pools.add(pool);
        return pool;
    }

    private static HealthCheck returning(HealthStatus status) {
        return () -> HealthResult.of(status);
    }

    private static HealthCheck mutable(AtomicReference<HealthStatus> status) {
        return () -> HealthResult.of(status.get());
    }

    private static HealthGroupConfig custom(String name, String... checks) {
        return HealthGroupConfig.builder(name).include(checks).build();
    }

    @Nested
    class Aggregation {

        @Test
        void groupStatusIsTheMostSevereMemberStatusInTheDefaultOrder() {
            HealthRegistry registry = builder()
                    .register("up", returning(UP))
                    .register("degraded", returning(DEGRADED))
                    .register("oos", returning(OUT_OF_SERVICE))
                    .register("down", returning(DOWN))
                    .register("unknown", returning(UNKNOWN))
                    .group(custom("all", "*"))
                    .group(custom("noDown", "*"))
                    .group(HealthGroupConfig.builder("noDown")
                            .include("*")
                            .exclude("down")
                            .build())
                    .group(custom("upDegraded", "up", "degraded"))
                    .group(custom("upUnknown", "up", "unknown"))
                    .group(custom("onlyUnknown", "unknown"))
                    .build();
            assertThat(registry.evaluate("all").status()).isEqualTo(DOWN);
            assertThat(registry.evaluate("noDown").status()).isEqualTo(OUT_OF_SERVICE);
            assertThat(registry.evaluate("upDegraded").status()).isEqualTo(DEGRADED);
            assertThat(registry.evaluate("upUnknown").status()).isEqualTo(UP);
            assertThat(registry.evaluate("onlyUnknown").status()).isEqualTo(UNKNOWN);
        }

        @Test
        void aConfiguredSeverityOrderChangesTheAggregate() {
            HealthRegistry registry = builder()
                    .severityOrder(List.of(UNKNOWN, DOWN, OUT_OF_SERVICE, DEGRADED, UP))
                    .register("up", returning(UP))
                    .register("down", returning(DOWN))
                    .register("unknown", returning(UNKNOWN))
                    .group(custom("g", "*"))
                    .build();
            assertThat(registry.evaluate("g").status()).isEqualTo(UNKNOWN);
            assertThat(registry.severityOrder()).containsExactly(UNKNOWN, DOWN, OUT_OF_SERVICE, DEGRADED, UP);
        }

        @Test
        void rejectsASeverityOrderThatDoesNotListEveryStatusOnce() {
            assertThatThrownBy(() -> builder().severityOrder(List.of(DOWN, UP, UP, DEGRADED, UNKNOWN)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "severityOrder must list every status exactly once, was [DOWN, UP, UP, DEGRADED, UNKNOWN] with UP twice");
        }

        @Test
        void aNonCriticalCheckCannotTakeAGroupBelowDegraded() {
            HealthCheckConfig nonCritical =
                    HealthCheckConfig.builder().critical(false).build();
            HealthRegistry registry = builder()
                    .register("cache", returning(DOWN), nonCritical)
                    .register("recommendations", returning(OUT_OF_SERVICE), nonCritical)
                    .register("db", returning(UP))
                    .build();
            HealthGroupResult ready = registry.evaluate(HealthGroupConfig.READINESS);
            assertThat(ready.status()).isEqualTo(DEGRADED);
            assertThat(ready.checks().get("cache").status()).isEqualTo(DOWN);
            assertThat(ready.checks().get("cache").details()).containsEntry("critical", false);
        }

        @Test
        void aCriticalCheckStillTakesTheGroupDownBesideNonCriticalOnes() {
            HealthRegistry registry = builder()
                    .register(
                            "cache",
                            returning(DOWN),
                            HealthCheckConfig.builder().critical(false).build())
                    .register("db", returning(DOWN))
                    .build();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DOWN);
        }

        @Test
        void groupResultListsItsMembersOnlyInNameOrder() {
            HealthRegistry registry = builder()
                    .register("b", returning(UP))
                    .register("a", returning(UP))
                    .register("c", returning(UP))
                    .group(HealthGroupConfig.builder("g")
                            .include("*")
                            .exclude("b")
                            .build())
                    .build();
            assertThat(registry.evaluate("g").checks()).containsOnlyKeys("a", "c");
            assertThat(registry.evaluate("g").checks().keySet()).containsExactly("a", "c");
        }
    }

    @Property(tries = 300)
    void groupStatusMatchesAReferenceAggregation(
            @ForAll @Size(min = 1, max = 8) List<@From("members") Member> members,
            @ForAll("orders") List<HealthStatus> order) {
        HealthRegistry.Builder builder =
                HealthRegistry.builder(time, scheduler, Runnable::run).severityOrder(order);
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            builder.register(
                    "c" + i,
                    returning(m.status),
                    HealthCheckConfig.builder()
                            .critical(m.critical)
                            .sharedDependency(m.shared)
                            .build());
        }
        // Reference: a capped member counts as DEGRADED when it is more severe than DEGRADED; the group
        // is the member that comes first in the order.
        HealthStatus expected = null;
        for (Member m : members) {
            HealthStatus s = m.status;
            if ((!m.critical || m.shared) && order.indexOf(s) < order.indexOf(DEGRADED)) {
                s = DEGRADED;
            }
            if (expected == null || order.indexOf(s) < order.indexOf(expected)) {
                expected = s;
            }
        }
        assertThat(builder.build().evaluate(HealthGroupConfig.READINESS).status())
                .isEqualTo(expected);
    }

    record Member(HealthStatus status, boolean critical, boolean shared) {}

    @Provide
    Arbitrary<Member> members() {
        return Combinators.combine(
                        Arbitraries.of(HealthStatus.standard()),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as(Member::new);
    }

    @Provide
    Arbitrary<List<HealthStatus>> orders() {
        return Arbitraries.oneOf(
                Arbitraries.just(HealthRegistry.DEFAULT_SEVERITY_ORDER), Arbitraries.shuffle(HealthStatus.standard()));
    }

    @Nested
    class EmptyGroups {

        @Test
        void emptyLivenessIsUpAndEmptyReadinessAndStartupAreDownAndEmptyCustomIsUnknown() {
            HealthRegistry registry = builder().group(custom("custom")).build();
            assertThat(registry.evaluate(HealthGroupConfig.LIVENESS).status()).isEqualTo(UP);
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DOWN);
            assertThat(registry.evaluate(HealthGroupConfig.STARTUP).status()).isEqualTo(DOWN);
            assertThat(registry.evaluate("custom").status()).isEqualTo(UNKNOWN);
        }

        @Test
        void emptyReadinessCanBeConfiguredUp() {
            HealthRegistry registry = builder()
                    .group(HealthGroupConfig.builder(HealthGroupConfig.READINESS)
                            .emptyStatus(UP)
                            .build())
                    .build();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
        }

        @Test
        void readinessIncludesEveryCheckByDefaultAndLivenessNone() {
            HealthRegistry registry = builder().register("db", returning(DOWN)).build();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).checks()).containsOnlyKeys("db");
            assertThat(registry.evaluate(HealthGroupConfig.LIVENESS).checks()).isEmpty();
            assertThat(registry.evaluate(HealthGroupConfig.LIVENESS).status()).isEqualTo(UP);
        }
    }

    @Nested
    class Configuration {

        @Test
        void aGroupThatNamesAMissingCheckFailsTheBuild() {
            HealthRegistry.Builder builder =
                    builder().register("db", returning(UP)).group(custom(HealthGroupConfig.LIVENESS, "db", "deadlock"));
            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("group 'liveness' names check 'deadlock', which is not registered");
        }

        @Test
        void aGroupThatExcludesAMissingCheckFailsTheBuild() {
            HealthRegistry.Builder builder = builder()
                    .group(HealthGroupConfig.builder("g")
                            .include("*")
                            .exclude("ghost")
                            .build());
            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("group 'g' names check 'ghost', which is not registered");
        }

        @Test
        void anUnknownConfigurationNameFailsTheBuild() {
            HealthRegistry.Builder builder = builder().register("db", returning(UP), "slow");
            assertThatThrownBy(builder::build)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("configName must name a configuration added to the registry, was \"slow\" (known: [])");
        }

        @Test
        void namedConfigurationsApplyToChecksRegisteredWithTheirName() {
            HealthCheckConfig slow =
                    HealthCheckConfig.builder().timeout(Duration.ofSeconds(30)).build();
            HealthRegistry registry = builder()
                    .addConfiguration("slow", slow)
                    .register("db", returning(UP), "slow")
                    .build();
            assertThat(registry.checkConfig("db")).contains(slow);
            registry.addConfiguration(
                    "fast",
                    HealthCheckConfig.builder().timeout(Duration.ofMillis(100)).build());
            registry.register("cache", returning(UP), "fast");
            assertThat(registry.checkConfig("cache").orElseThrow().timeout()).isEqualTo(Duration.ofMillis(100));
        }

        @Test
        void rejectsDuplicateNamesBlankNamesAndUnknownGroups() {
            assertThatThrownBy(() -> builder().register("db", returning(UP)).register("db", returning(UP)))
                    .hasMessage("check 'db' is already registered");
            HealthRegistry registry = builder().register("db", returning(UP)).build();
            assertThatThrownBy(() -> registry.register("db", returning(UP)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("check 'db' is already registered");
            assertThatThrownBy(() -> registry.register(" ", returning(UP)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("name must not be blank, was \" \"");
            assertThatThrownBy(() -> registry.evaluate("nope"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("group must be one of [liveness, readiness, startup], was nope");
        }

        @Test
        void checksRegisteredAtRuntimeJoinWildcardGroupsAndUnregisteredChecksLeave() {
            HealthRegistry registry = builder().build();
            registry.register("db", returning(DOWN));
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DOWN);
            assertThat(registry.unregister("db")).isTrue();
            assertThat(registry.unregister("db")).isFalse();
            assertThat(registry.checkNames()).isEmpty();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).checks()).isEmpty();
        }

        @Test
        void aCheckNamedByAGroupCannotBeUnregistered() {
            HealthRegistry registry = builder()
                    .register("loop", returning(UP))
                    .group(custom(HealthGroupConfig.LIVENESS, "loop"))
                    .build();
            assertThatThrownBy(() -> registry.unregister("loop"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("check 'loop' is named by group 'liveness' and cannot be unregistered");
        }

        @Test
        void closingCancelsScheduledChecksAndRejectsRegistrations() {
            HealthRegistry registry = builder()
                    .register(
                            "db",
                            returning(UP),
                            HealthCheckConfig.builder()
                                    .period(Duration.ofSeconds(10))
                                    .build())
                    .build();
            assertThat(scheduler.pending()).isEqualTo(1);
            registry.close();
            assertThat(scheduler.pending()).isZero();
            assertThatThrownBy(() -> registry.register("x", returning(UP))).isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Failures {

        @Test
        void aCheckThatThrowsIsDownWithTheExceptionRecorded() {
            IOException boom = new IOException("connection refused");
            HealthRegistry registry = builder()
                    .register("db", () -> {
                        throw boom;
                    })
                    .build();
            HealthResult db =
                    registry.evaluate(HealthGroupConfig.READINESS).checks().get("db");
            assertThat(db.status()).isEqualTo(DOWN);
            assertThat(db.error()).containsSame(boom);
            assertThat(db.reason()).contains(HealthResult.REASON_EXCEPTION);
            assertThat(db.message()).contains("java.io.IOException: connection refused");
            assertThat(db.details()).containsEntry("exception", "java.io.IOException");
        }

        @Test
        void aCheckThatThrowsAnErrorOrReturnsNullIsDown() {
            HealthRegistry registry = builder()
                    .register("assert", () -> {
                        throw new AssertionError("bad");
                    })
                    .register("null", () -> null)
                    .build();
            HealthGroupResult ready = registry.evaluate(HealthGroupConfig.READINESS);
            assertThat(ready.checks().get("assert").status()).isEqualTo(DOWN);
            assertThat(ready.checks().get("null").status()).isEqualTo(DOWN);
            assertThat(ready.checks().get("null").message()).contains("check returned null");
        }

        @Test
        void durationAndTimeOfCheckComeFromTheTimeSource() {
            HealthRegistry registry = builder()
                    .register("slow", () -> {
                        time.advance(Duration.ofMillis(250));
                        return HealthResult.up();
                    })
                    .build();
            Instant start = time.now();
            HealthResult slow =
                    registry.evaluate(HealthGroupConfig.READINESS).checks().get("slow");
            assertThat(slow.duration()).isEqualTo(Duration.ofMillis(250));
            assertThat(slow.checkedAt()).isEqualTo(start);
        }

        @Test
        void aCheckThatNeverReturnsIsDownWithReasonTimeoutOnceItsTimeoutElapses() throws Exception {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            HealthRegistry registry = HealthRegistry.builder(time, scheduler, pool(2))
                    .register(
                            "hung",
                            () -> {
                                entered.countDown();
                                try {
                                    release.await();
                                } catch (InterruptedException e) {
                                    interrupted.countDown();
                                    throw e;
                                }
                                return HealthResult.up();
                            },
                            HealthCheckConfig.builder()
                                    .timeout(Duration.ofSeconds(2))
                                    .build())
                    .build();
            CompletableFuture<HealthGroupResult> ready = registry.evaluateAsync(HealthGroupConfig.READINESS);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            scheduler.advance(Duration.ofMillis(1999));
            assertThat(ready).isNotDone();
            scheduler.advance(Duration.ofMillis(1));
            assertThat(ready).isDone();
            HealthResult hung = ready.join().checks().get("hung");
            assertThat(hung.status()).isEqualTo(DOWN);
            assertThat(hung.reason()).contains(HealthResult.REASON_TIMEOUT);
            assertThat(hung.duration()).isEqualTo(Duration.ofSeconds(2));
            assertThat(ready.join().status()).isEqualTo(DOWN);
            assertThat(interrupted.await(10, TimeUnit.SECONDS))
                    .as("the hung check was interrupted")
                    .isTrue();
        }

        @Test
        void aHungCheckIsNotStartedAgainWhileItsCodeHasNotReturned() throws Exception {
            CountDownLatch entered = new CountDownLatch(1);
            AtomicInteger runs = new AtomicInteger();
            HealthRegistry registry = HealthRegistry.builder(time, scheduler, pool(2))
                    .register(
                            "stubborn",
                            () -> {
                                runs.incrementAndGet();
                                entered.countDown();
                                while (true) {
                                    try {
                                        release.await(); // ignores interrupts: the worst kind of hung check
                                        return HealthResult.up();
                                    } catch (InterruptedException ignored) {
                                        // keep hanging
                                    }
                                }
                            },
                            HealthCheckConfig.builder()
                                    .timeout(Duration.ofSeconds(1))
                                    .build())
                    .build();
            CompletableFuture<HealthGroupResult> first = registry.evaluateAsync(HealthGroupConfig.READINESS);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            scheduler.advance(Duration.ofSeconds(1));
            assertThat(first.join().status()).isEqualTo(DOWN);

            time.advance(Duration.ofSeconds(5));
            CompletableFuture<HealthGroupResult> second = registry.evaluateAsync(HealthGroupConfig.READINESS);
            assertThat(second).isDone();
            HealthResult stubborn = second.join().checks().get("stubborn");
            assertThat(stubborn.reason()).contains(HealthResult.REASON_TIMEOUT);
            assertThat(stubborn.message()).contains("previous run has not returned after its timeout of PT1S");
            assertThat(stubborn.duration()).isEqualTo(Duration.ofSeconds(6));
            assertThat(runs).hasValue(1);
        }

        @Test
        void aRejectingExecutorMakesTheCheckDown() {
            HealthRegistry registry = HealthRegistry.builder(time, scheduler, command -> {
                        throw new java.util.concurrent.RejectedExecutionException("full");
                    })
                    .register("db", returning(UP))
                    .build();
            HealthResult db =
                    registry.evaluate(HealthGroupConfig.READINESS).checks().get("db");
            assertThat(db.status()).isEqualTo(DOWN);
            assertThat(db.reason()).contains("rejected");
            assertThat(scheduler.pending()).isZero();
        }
    }

    @Nested
    class Parallelism {

        @Test
        void groupChecksRunInParallelOnTheGivenExecutor() throws Exception {
            // Each check waits for the other to start: they can only both finish if they run at once.
            CountDownLatch bothStarted = new CountDownLatch(2);
            HealthCheck rendezvous = () -> {
                bothStarted.countDown();
                return bothStarted.await(10, TimeUnit.SECONDS) ? HealthResult.up() : HealthResult.down("alone");
            };
            List<String> threads = new CopyOnWriteArrayList<>();
            HealthRegistry registry = HealthRegistry.builder(time, scheduler, pool(2))
                    .register("a", rendezvous)
                    .register("b", rendezvous)
                    .register("where", () -> {
                        threads.add(Thread.currentThread().getName());
                        return HealthResult.up();
                    })
                    .build();
            HealthGroupResult ready =
                    registry.evaluateAsync(HealthGroupConfig.READINESS).get(20, TimeUnit.SECONDS);
            assertThat(ready.status()).isEqualTo(UP);
            assertThat(threads).singleElement().asString().startsWith("pool-");
        }

        @Test
        void aCheckNeverOverlapsItselfAndEveryRunIsCountedOnceUnderConcurrentEvaluations() throws Exception {
            int threads = 4;
            int evaluationsPerThread = 300;
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger runs = new AtomicInteger();
            HealthRegistry registry = HealthRegistry.builder(time, scheduler, pool(threads))
                    .register("db", () -> {
                        if (running.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        runs.incrementAndGet();
                        Thread.yield();
                        running.decrementAndGet();
                        return HealthResult.up();
                    })
                    .build();
            AtomicInteger completedEvents = new AtomicInteger();
            registry.onEvent(e -> {
                if (e instanceof HealthEvent.CheckCompleted) {
                    completedEvents.incrementAndGet();
                }
            });
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger up = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < evaluationsPerThread; i++) {
                            if (registry.evaluate(HealthGroupConfig.READINESS).status() == UP) {
                                up.incrementAndGet();
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
                worker.join(TimeUnit.SECONDS.toMillis(60));
            }
            assertThat(up).hasValue(threads * evaluationsPerThread);
            assertThat(overlaps).hasValue(0);
            assertThat(completedEvents).hasValue(runs.get());
            assertThat(runs.get()).isBetween(1, threads * evaluationsPerThread);
        }

        @Test
        void concurrentEvaluationsShareTheRunInFlight() throws Exception {
            CountDownLatch entered = new CountDownLatch(1);
            AtomicInteger runs = new AtomicInteger();
            HealthRegistry registry = HealthRegistry.builder(time, scheduler, pool(2))
                    .register("db", () -> {
                        runs.incrementAndGet();
                        entered.countDown();
                        release.await();
                        return HealthResult.up();
                    })
                    .group(custom("other", "db"))
                    .build();
            CompletableFuture<HealthGroupResult> first = registry.evaluateAsync(HealthGroupConfig.READINESS);
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<HealthGroupResult> second = registry.evaluateAsync("other");
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).checks().get("db"))
                    .isSameAs(second.get(10, TimeUnit.SECONDS).checks().get("db"));
            assertThat(runs).hasValue(1);
        }
    }

    @Nested
    class ScheduledChecks {

        private final HealthCheckConfig every10s =
                HealthCheckConfig.builder().period(Duration.ofSeconds(10)).build();

        @Test
        void evaluationServesTheCachedResultWithoutRunningTheCheck() {
            AtomicInteger runs = new AtomicInteger();
            HealthRegistry registry = builder()
                    .register(
                            "db",
                            () -> {
                                runs.incrementAndGet();
                                return HealthResult.up();
                            },
                            every10s)
                    .build();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS)
                            .checks()
                            .get("db")
                            .reason())
                    .contains(HealthResult.REASON_NOT_YET_RUN);
            scheduler.runDue();
            assertThat(runs).hasValue(1);
            for (int i = 0; i < 5; i++) {
                assertThat(registry.evaluate(HealthGroupConfig.READINESS).status())
                        .isEqualTo(UP);
            }
            assertThat(runs).hasValue(1);
            scheduler.advance(Duration.ofSeconds(10));
            assertThat(runs).hasValue(2);
        }

        @Test
        void aHealthyResultExpiresToDownAfterNMissedPeriodsUnderAStoppedScheduler() {
            HealthRegistry registry =
                    builder().register("db", returning(UP), every10s).build();
            scheduler.runDue();
            scheduler.stop();
            time.advance(Duration.ofSeconds(30));
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
            time.advanceNanos(1);
            HealthGroupResult ready = registry.evaluate(HealthGroupConfig.READINESS);
            assertThat(ready.status()).isEqualTo(DOWN);
            assertThat(ready.checks().get("db").reason()).contains(HealthResult.REASON_EXPIRED);
            assertThat(ready.checks().get("db").details()).containsEntry("lastStatus", "UP");
            assertThat(registry.lastResult("db").orElseThrow().status()).isEqualTo(DOWN);
        }

        @Test
        void anExpiredResultCanBeConfiguredUnknownAndAFreshRunRestoresIt() {
            AtomicReference<HealthStatus> status = new AtomicReference<>(UP);
            HealthRegistry registry = builder()
                    .register(
                            "db",
                            mutable(status),
                            every10s.toBuilder()
                                    .expireAfterMissedPeriods(2)
                                    .expiredStatus(UNKNOWN)
                                    .build())
                    .build();
            scheduler.runDue();
            time.advance(Duration.ofSeconds(21)); // scheduler not ticked: the checker is stuck
            assertThat(registry.lastResult("db").orElseThrow().status()).isEqualTo(UNKNOWN);
            scheduler.runDue(); // the two missed runs and the current one now happen
            assertThat(registry.lastResult("db").orElseThrow().status()).isEqualTo(UP);
        }

        @Test
        void aScheduledCheckThatNeverRanExpiresToo() {
            HealthRegistry registry =
                    builder().register("db", returning(UP), every10s).build();
            scheduler.stop();
            time.advance(Duration.ofSeconds(31));
            assertThat(registry.lastResult("db").orElseThrow().status()).isEqualTo(DOWN);
            assertThat(registry.lastResult("db").orElseThrow().reason()).contains(HealthResult.REASON_EXPIRED);
        }

        @Test
        void aStaleFailureStaysAFailure() {
            HealthRegistry registry = builder()
                    .register(
                            "db",
                            returning(OUT_OF_SERVICE),
                            every10s.toBuilder().expiredStatus(UNKNOWN).build())
                    .build();
            scheduler.runDue();
            time.advance(Duration.ofMinutes(5));
            assertThat(registry.lastResult("db").orElseThrow().status()).isEqualTo(OUT_OF_SERVICE);
        }

        @Test
        void scheduledRunsPassThroughThresholds() {
            AtomicReference<HealthStatus> status = new AtomicReference<>(UP);
            HealthRegistry registry = builder()
                    .register(
                            "db",
                            mutable(status),
                            every10s.toBuilder()
                                    .failureThreshold(3)
                                    .successThreshold(2)
                                    .build())
                    .build();
            scheduler.runDue();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UNKNOWN);
            scheduler.advance(Duration.ofSeconds(10));
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
            status.set(DOWN);
            scheduler.advance(Duration.ofSeconds(10));
            scheduler.advance(Duration.ofSeconds(10));
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
            scheduler.advance(Duration.ofSeconds(10));
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DOWN);
            status.set(UP);
            scheduler.advance(Duration.ofSeconds(10));
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DOWN);
            scheduler.advance(Duration.ofSeconds(10));
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
        }

        @Test
        void aScheduledCheckThatHangsTimesOutInsteadOfServingItsOldResult() {
            AtomicBoolean hang = new AtomicBoolean();
            List<Runnable> parked = new ArrayList<>();
            HealthRegistry registry = HealthRegistry.builder(time, scheduler, command -> {
                        if (hang.get()) {
                            parked.add(command); // never run: the check never returns
                        } else {
                            command.run();
                        }
                    })
                    .register(
                            "db",
                            returning(UP),
                            every10s.toBuilder().timeout(Duration.ofSeconds(3)).build())
                    .build();
            scheduler.runDue();
            hang.set(true);
            scheduler.advance(Duration.ofSeconds(10));
            assertThat(registry.lastResult("db").orElseThrow().status()).isEqualTo(UP);
            scheduler.advance(Duration.ofSeconds(3));
            assertThat(registry.lastResult("db").orElseThrow().reason()).contains(HealthResult.REASON_TIMEOUT);
            assertThat(parked).hasSize(1);
        }

        @Test
        void unregisteringCancelsTheSchedule() {
            AtomicInteger runs = new AtomicInteger();
            HealthRegistry registry = builder()
                    .register(
                            "db",
                            () -> {
                                runs.incrementAndGet();
                                return HealthResult.up();
                            },
                            every10s)
                    .build();
            scheduler.runDue();
            registry.unregister("db");
            scheduler.advance(Duration.ofMinutes(1));
            assertThat(runs).hasValue(1);
            assertThat(registry.lastResult("db")).isEmpty();
        }
    }

    @Nested
    class Thresholds {

        @Test
        void onDemandChecksFlipOnlyAfterConsecutiveResultsAsInKubernetes() {
            AtomicReference<HealthStatus> status = new AtomicReference<>(UP);
            HealthRegistry registry = builder()
                    .register(
                            "db",
                            mutable(status),
                            HealthCheckConfig.builder()
                                    .failureThreshold(2)
                                    .successThreshold(2)
                                    .build())
                    .build();
            // No verdict until the first run reaches its threshold.
            HealthResult first =
                    registry.evaluate(HealthGroupConfig.READINESS).checks().get("db");
            assertThat(first.status()).isEqualTo(UNKNOWN);
            assertThat(first.reason()).contains("pending");
            assertThat(first.message()).contains("no verdict yet: 1 of 2 consecutive successes");
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
            status.set(DOWN);
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
            status.set(UP);
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
            status.set(DOWN);
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DOWN);
        }
    }

    @Nested
    class StartupGating {

        private final AtomicReference<HealthStatus> startup = new AtomicReference<>(DOWN);

        private HealthRegistry gated() {
            // Kubernetes docs, "Protect slow starting containers with startup probes": failureThreshold 30
            // x periodSeconds 10 gives the application at most 5 minutes (300 s) to finish starting.
            return builder()
                    .startupGate(Duration.ofSeconds(10), 30)
                    .register("migrations", mutable(startup))
                    .register("db", returning(UP))
                    .register("loop", returning(UP))
                    .group(custom(HealthGroupConfig.STARTUP, "migrations"))
                    .group(custom(HealthGroupConfig.LIVENESS, "loop"))
                    .group(HealthGroupConfig.builder(HealthGroupConfig.READINESS)
                            .include("db")
                            .build())
                    .build();
        }

        @Test
        void livenessIsDownAndReadinessOutOfServiceUntilStartupSucceedsOnce() {
            HealthRegistry registry = gated();
            HealthGroupResult live = registry.evaluate(HealthGroupConfig.LIVENESS);
            assertThat(live.status()).isEqualTo(DOWN);
            assertThat(live.reason()).contains("startup has not completed");
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(OUT_OF_SERVICE);
            assertThat(registry.isStarted()).isFalse();
            assertThat(registry.lastStatus(HealthGroupConfig.STARTUP)).isEqualTo(DOWN);

            startup.set(UP);
            time.advance(Duration.ofSeconds(29));
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
            assertThat(registry.isStarted()).isTrue();

            startup.set(DOWN); // startup succeeded once: it no longer gates
            assertThat(registry.evaluate(HealthGroupConfig.LIVENESS).status()).isEqualTo(UP);
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
        }

        @Test
        void startupFailsForGoodOnceItsBudgetOfThresholdTimesPeriodIsSpent() {
            HealthRegistry registry = gated();
            time.advance(Duration.ofSeconds(300));
            assertThat(registry.evaluate(HealthGroupConfig.STARTUP).status()).isEqualTo(DOWN);
            assertThat(registry.evaluate(HealthGroupConfig.STARTUP).reason()).isEmpty();
            assertThat(registry.isStarted()).isFalse();
            time.advanceNanos(1);
            startup.set(UP); // too late
            HealthGroupResult result = registry.evaluate(HealthGroupConfig.STARTUP);
            assertThat(result.status()).isEqualTo(DOWN);
            assertThat(result.reason())
                    .contains("startup budget of PT5M (30 x PT10S) exhausted before startup succeeded");
            assertThat(registry.evaluate(HealthGroupConfig.LIVENESS).status()).isEqualTo(DOWN);
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(OUT_OF_SERVICE);
            assertThat(registry.isStarted()).isFalse();
        }

        @Test
        void startupThatSucceedsOnTheLastMomentOfItsBudgetCounts() {
            HealthRegistry registry = gated();
            time.advance(Duration.ofSeconds(300));
            startup.set(UP);
            assertThat(registry.evaluate(HealthGroupConfig.STARTUP).status()).isEqualTo(UP);
            assertThat(registry.isStarted()).isTrue();
        }

        @Test
        void withoutAGateNothingIsHeldBack() {
            HealthRegistry registry = builder().register("db", returning(UP)).build();
            assertThat(registry.isStarted()).isTrue();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
        }

        @Test
        void customGroupsAreNotGated() {
            HealthRegistry registry = builder()
                    .startupGate(Duration.ofSeconds(1), 1)
                    .register("db", returning(UP))
                    .group(custom("deps", "db"))
                    .build();
            assertThat(registry.evaluate("deps").status()).isEqualTo(UP);
        }
    }

    @Nested
    class CapabilityReadiness {

        @Test
        void readinessFollowsACircuitBreakersState() {
            CircuitBreaker breaker = CircuitBreaker.ofDefaults("payments");
            HealthRegistry registry = builder()
                    .register("payments", CapabilityChecks.circuitBreaker("payments", breaker::getState))
                    .build();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
            breaker.transitionToOpenState();
            HealthGroupResult open = registry.evaluate(HealthGroupConfig.READINESS);
            assertThat(open.status()).isEqualTo(OUT_OF_SERVICE);
            assertThat(open.checks().get("payments").message())
                    .contains("circuit breaker is OPEN: cannot serve payments now");
            assertThat(HttpStatusMapping.defaults().statusCode(open.status())).isEqualTo(503);
            breaker.transitionToHalfOpenState();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DEGRADED);
            breaker.transitionToClosedState();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(UP);
        }
    }

    @Nested
    class SharedDependencyGuard {

        @Test
        void aFailingSharedDependencyDegradesReadinessInsteadOfTakingItOutOfService() {
            HealthRegistry registry = builder()
                    .register(
                            "central-db",
                            returning(OUT_OF_SERVICE),
                            HealthCheckConfig.builder().sharedDependency(true).build())
                    .register("local-cache", returning(UP))
                    .build();
            HealthGroupResult ready = registry.evaluate(HealthGroupConfig.READINESS);
            assertThat(ready.status()).isEqualTo(DEGRADED);
            assertThat(HttpStatusMapping.defaults().statusCode(ready.status())).isEqualTo(200);
            assertThat(ready.checks().get("central-db").status()).isEqualTo(OUT_OF_SERVICE);
            assertThat(ready.checks().get("central-db").details())
                    .containsEntry("sharedDependency", true)
                    .containsEntry("failOpen", true);
        }

        @Test
        void withoutTheDeclarationTheSameFailureTakesReadinessOut() {
            HealthRegistry registry =
                    builder().register("central-db", returning(OUT_OF_SERVICE)).build();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(OUT_OF_SERVICE);
        }

        @Test
        void failsOpenOnlyWhileTheFleetWideConditionHolds() {
            AtomicBoolean fleetWide = new AtomicBoolean(false);
            HealthRegistry registry = builder()
                    .register(
                            "central-db",
                            returning(DOWN),
                            HealthCheckConfig.builder()
                                    .sharedDependency(true)
                                    .failOpenWhen(fleetWide::get)
                                    .build())
                    .build();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DOWN);
            fleetWide.set(true);
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DEGRADED);
        }

        @Test
        void aFailOpenConditionThatThrowsFailsOpen() {
            HealthRegistry registry = builder()
                    .register(
                            "central-db",
                            returning(DOWN),
                            HealthCheckConfig.builder()
                                    .sharedDependency(true)
                                    .failOpenWhen(() -> {
                                        throw new IllegalStateException("fleet view unavailable");
                                    })
                                    .build())
                    .build();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DEGRADED);
        }
    }

    @Nested
    class Events {

        @Test
        void publishesCheckAndGroupStatusChangesOnlyWhenTheStatusChanges() {
            AtomicReference<HealthStatus> status = new AtomicReference<>(UP);
            List<HealthEvent> events = new CopyOnWriteArrayList<>();
            HealthRegistry registry = builder().register("db", mutable(status)).build();
            registry.onEvent(events::add);
            registry.evaluate(HealthGroupConfig.READINESS);
            registry.evaluate(HealthGroupConfig.READINESS);
            status.set(DOWN);
            registry.evaluate(HealthGroupConfig.READINESS);
            assertThat(events)
                    .filteredOn(e -> !(e instanceof HealthEvent.CheckCompleted))
                    .extracting(Object::toString)
                    .hasSize(4);
            assertThat(events)
                    .filteredOn(HealthEvent.CheckStatusChanged.class::isInstance)
                    .map(e -> (HealthEvent.CheckStatusChanged) e)
                    .extracting(e -> e.from() + ">" + e.to())
                    .containsExactly("UNKNOWN>UP", "UP>DOWN");
            assertThat(events)
                    .filteredOn(HealthEvent.GroupStatusChanged.class::isInstance)
                    .map(e -> (HealthEvent.GroupStatusChanged) e)
                    .extracting(e -> e.name() + ":" + e.from() + ">" + e.to())
                    .containsExactly("readiness:UNKNOWN>UP", "readiness:UP>DOWN");
            assertThat(events)
                    .filteredOn(HealthEvent.CheckCompleted.class::isInstance)
                    .hasSize(3);
            assertThat(registry.lastStatus(HealthGroupConfig.READINESS)).isEqualTo(DOWN);
        }

        @Test
        void expiryOfACachedResultIsAStatusChange() {
            List<HealthEvent> events = new CopyOnWriteArrayList<>();
            HealthRegistry registry = builder()
                    .register(
                            "db",
                            returning(UP),
                            HealthCheckConfig.builder()
                                    .period(Duration.ofSeconds(1))
                                    .build())
                    .build();
            registry.onEvent(events::add);
            scheduler.runDue();
            time.advance(Duration.ofSeconds(4));
            registry.lastResult("db");
            assertThat(events)
                    .filteredOn(HealthEvent.CheckStatusChanged.class::isInstance)
                    .map(e -> (HealthEvent.CheckStatusChanged) e)
                    .extracting(e -> e.from() + ">" + e.to())
                    .containsExactly("UNKNOWN>UP", "UP>DOWN");
        }

        @Test
        void publishesRegistrations() {
            List<HealthEvent> events = new ArrayList<>();
            HealthRegistry registry = builder().build();
            registry.onEvent(events::add);
            registry.register("db", returning(UP));
            registry.unregister("db");
            assertThat(events)
                    .containsExactly(
                            new HealthEvent.CheckRegistered("db", HealthCheckConfig.ofDefaults()),
                            new HealthEvent.CheckUnregistered("db"));
        }
    }

    @Nested
    class SyntheticChecks {

        @Test
        void publishesEachOutcomeWithItsLatency() {
            AtomicBoolean fail = new AtomicBoolean();
            List<HealthEvent.SyntheticOutcome> outcomes = new ArrayList<>();
            HealthRegistry registry = builder()
                    .registerSynthetic(
                            "checkout",
                            () -> {
                                time.advance(Duration.ofMillis(120));
                                if (fail.get()) {
                                    throw new IllegalStateException("order not accepted");
                                }
                            },
                            HealthCheckConfig.builder()
                                    .period(Duration.ofMinutes(1))
                                    .build())
                    .build();
            registry.onEvent(e -> {
                if (e instanceof HealthEvent.SyntheticOutcome) {
                    outcomes.add((HealthEvent.SyntheticOutcome) e);
                }
            });
            scheduler.runDue();
            fail.set(true);
            scheduler.advance(Duration.ofMinutes(1));
            assertThat(outcomes).hasSize(2);
            assertThat(outcomes.get(0).success()).isTrue();
            assertThat(outcomes.get(0).latency()).isEqualTo(Duration.ofMillis(120));
            assertThat(outcomes.get(0).failure()).isEmpty();
            assertThat(outcomes.get(1).success()).isFalse();
            assertThat(outcomes.get(1).failure()).contains("java.lang.IllegalStateException: order not accepted");
            assertThat(registry.lastResult("checkout").orElseThrow().status()).isEqualTo(DOWN);
        }

        @Test
        void aSyntheticTransactionThatTimesOutIsAFailedOutcome() {
            List<HealthEvent.SyntheticOutcome> outcomes = new ArrayList<>();
            HealthRegistry registry = HealthRegistry.builder(
                            time, scheduler, command -> {}) // the transaction never returns
                    .registerSynthetic(
                            "checkout",
                            () -> {},
                            HealthCheckConfig.builder()
                                    .period(Duration.ofMinutes(1))
                                    .timeout(Duration.ofSeconds(5))
                                    .build())
                    .build();
            registry.onEvent(e -> {
                if (e instanceof HealthEvent.SyntheticOutcome) {
                    outcomes.add((HealthEvent.SyntheticOutcome) e);
                }
            });
            scheduler.runDue();
            scheduler.advance(Duration.ofSeconds(5));
            assertThat(outcomes).singleElement().satisfies(o -> {
                assertThat(o.success()).isFalse();
                assertThat(o.latency()).isEqualTo(Duration.ofSeconds(5));
            });
        }

        @Test
        void requiresAPeriod() {
            HealthRegistry registry = builder().build();
            assertThatThrownBy(() -> registry.registerSynthetic("x", () -> {}, HealthCheckConfig.ofDefaults()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("period must be positive for a synthetic check, was PT0S");
        }
    }

    @Nested
    class LivenessDependencies {

        private final HealthCheckConfig dependency =
                HealthCheckConfig.builder().dependency(true).build();
        private final HealthCheckConfig shared =
                HealthCheckConfig.builder().sharedDependency(true).build();
        private final HealthGroupConfig livenessOfEverything = HealthGroupConfig.builder(HealthGroupConfig.LIVENESS)
                .include(HealthGroupConfig.ALL)
                .build();

        @Test
        void aDependencyCheckNamedByTheLivenessGroupIsRejectedAtBuildTime() {
            assertThatThrownBy(() -> builder()
                            .register("db", returning(UP), dependency)
                            .group(custom(HealthGroupConfig.LIVENESS, "db"))
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                            "check 'db' is declared a dependency and the liveness group would contain it")
                    .hasMessageContaining("safeForLiveness(true)");
        }

        @Test
        void aSharedDependencyReachedThroughTheWildcardIsRejectedToo() {
            assertThatThrownBy(() -> builder()
                            .register("payments", returning(UP), shared)
                            .register("event-loop", returning(UP))
                            .group(livenessOfEverything)
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("check 'payments' is declared a shared dependency");
        }

        @Test
        void aDependencyExcludedFromLivenessOrMarkedSafeIsAccepted() {
            HealthRegistry excluded = builder()
                    .register("db", returning(DOWN), dependency)
                    .register("event-loop", returning(UP))
                    .group(HealthGroupConfig.builder(HealthGroupConfig.LIVENESS)
                            .include(HealthGroupConfig.ALL)
                            .exclude("db")
                            .build())
                    .build();
            assertThat(excluded.evaluate(HealthGroupConfig.LIVENESS).status()).isEqualTo(UP);
            assertThat(excluded.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DOWN);

            HealthRegistry safe = builder()
                    .register(
                            "local-pool",
                            returning(DOWN),
                            dependency.toBuilder().safeForLiveness(true).build())
                    .group(custom(HealthGroupConfig.LIVENESS, "local-pool"))
                    .build();
            assertThat(safe.evaluate(HealthGroupConfig.LIVENESS).status()).isEqualTo(DOWN);
        }

        @Test
        void registeringADependencyLaterThatLivenessWouldContainIsRejectedAndLeavesNothingBehind() {
            HealthRegistry registry = builder()
                    .register("event-loop", returning(UP))
                    .group(livenessOfEverything)
                    .build();
            assertThatThrownBy(() -> registry.register("db", returning(DOWN), dependency))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'db'");
            assertThat(registry.checkNames()).containsExactly("event-loop");
            assertThat(registry.evaluate(HealthGroupConfig.LIVENESS).status()).isEqualTo(UP);
            registry.register("cache", returning(UP), HealthCheckConfig.ofDefaults());
            assertThat(registry.checkNames()).containsExactly("cache", "event-loop");
        }

        @Test
        void dependenciesStayWelcomeInReadiness() {
            HealthRegistry registry =
                    builder().register("db", returning(DOWN), dependency).build();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DOWN);
            assertThat(registry.evaluate(HealthGroupConfig.LIVENESS).status()).isEqualTo(UP);
        }
    }

    @Nested
    class CustomStatuses {

        private final HealthStatus maintenance = HealthStatus.custom("MAINTENANCE", false);
        private final HealthStatus warming = HealthStatus.custom("WARMING", true);

        private HealthRegistry.Builder withCustomStatuses() {
            return builder()
                    .customStatus(maintenance, 503)
                    .customStatus(warming, 200)
                    .severityOrder(List.of(DOWN, maintenance, OUT_OF_SERVICE, DEGRADED, warming, UP, UNKNOWN));
        }

        @Test
        void aCustomStatusTakesItsPlaceInTheSeverityOrderAndItsHttpCode() {
            HealthRegistry registry = withCustomStatuses()
                    .register("a", returning(OUT_OF_SERVICE))
                    .register("b", returning(maintenance))
                    .register("c", returning(warming))
                    .build();
            HealthGroupResult ready = registry.evaluate(HealthGroupConfig.READINESS);
            assertThat(ready.status()).isEqualTo(maintenance);
            assertThat(registry.httpStatusMapping().statusCode(maintenance)).isEqualTo(503);
            assertThat(registry.httpStatusMapping().statusCode(warming)).isEqualTo(200);
            assertThat(HealthJson.render(ready)).startsWith("{\"status\":\"MAINTENANCE\"");

            HealthRegistry warmOnly = withCustomStatuses()
                    .register("a", returning(UP))
                    .register("c", returning(warming))
                    .build();
            assertThat(warmOnly.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(warming);
            assertThat(warmOnly.evaluate(HealthGroupConfig.READINESS).status().isHealthy())
                    .isTrue();
        }

        @Test
        void anUnknownCustomStatusIsNotDroppedButRanksDirectlyBelowDown() {
            HealthStatus mystery = HealthStatus.custom("MYSTERY", false);
            HealthRegistry registry = builder()
                    .register("a", returning(OUT_OF_SERVICE))
                    .register("b", returning(mystery))
                    .register("c", returning(UP))
                    .build();
            assertThat(registry.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(mystery);
            assertThat(registry.httpStatusMapping().statusCode(mystery)).isEqualTo(503);

            HealthRegistry withDown = builder()
                    .register("a", returning(DOWN))
                    .register("b", returning(mystery))
                    .build();
            assertThat(withDown.evaluate(HealthGroupConfig.READINESS).status()).isEqualTo(DOWN);
        }

        @Test
        void theOrderMustPlaceEveryDeclaredCustomStatusAndOnlyThose() {
            assertThatThrownBy(() -> builder().customStatus(maintenance, 503).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("severityOrder must place custom status MAINTENANCE");
            assertThatThrownBy(() -> builder()
                            .severityOrder(List.of(DOWN, maintenance, OUT_OF_SERVICE, DEGRADED, UP, UNKNOWN))
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("MAINTENANCE, which is not declared with customStatus");
            assertThatThrownBy(() -> builder().severityOrder(List.of(DOWN, OUT_OF_SERVICE, UP, UNKNOWN)))
                    .hasMessageStartingWith("severityOrder must list every standard status");
            assertThatThrownBy(
                            () -> builder().severityOrder(List.of(DOWN, DOWN, OUT_OF_SERVICE, DEGRADED, UP, UNKNOWN)))
                    .hasMessageContaining("DOWN twice");
            assertThatThrownBy(() -> builder().customStatus(UP, 200))
                    .hasMessage("status must be custom, was the standard UP");
            assertThatThrownBy(() -> builder().customStatus(maintenance, 99))
                    .hasMessage("httpCode must be in [100, 599], was 99 for MAINTENANCE");
            assertThatThrownBy(() -> builder()
                            .customStatus(maintenance, 503)
                            .customStatus(HealthStatus.custom("MAINTENANCE", true), 200))
                    .hasMessage("custom status MAINTENANCE is already declared");
        }

        @Test
        void customStatusCodesAreCheckedAndStandardOnesAreSingletons() {
            assertThatThrownBy(() -> HealthStatus.custom("up", true))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'up'");
            assertThatThrownBy(() -> HealthStatus.custom("DOWN", false))
                    .hasMessage("code must not name a standard status, was DOWN");
            assertThat(HealthStatus.valueOf("OUT_OF_SERVICE")).isSameAs(OUT_OF_SERVICE);
            assertThat(HealthStatus.custom("MAINTENANCE", false))
                    .isEqualTo(maintenance)
                    .hasToString("MAINTENANCE");
            assertThat(maintenance.isStandard()).isFalse();
            assertThat(UP.isStandard()).isTrue();
        }
    }
}
