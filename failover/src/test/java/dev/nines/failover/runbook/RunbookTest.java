package dev.nines.failover.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditRecord;
import dev.nines.failover.audit.AuditType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunbookTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.parse("2026-01-01T00:00:00Z"));
    private final AuditLog audit = AuditLog.create(time);
    private final List<String> log = new ArrayList<>();

    private Step done(String name) {
        return Step.of(name, () -> {
                    log.add(name);
                    return StepStatus.DONE;
                })
                .withUndo(() -> log.add("undo " + name));
    }

    @Test
    void runsStepsInOrderAndAuditsEachStartAndFinish() {
        Runbook runbook = Runbook.builder("rb", time, audit)
                .actor("alice")
                .epoch(() -> 7)
                .step(done("one"))
                .step(done("two"))
                .build();

        assertThat(runbook.start()).isEqualTo(Runbook.State.SUCCEEDED);

        assertThat(log).containsExactly("one", "two");
        assertThat(runbook.steps())
                .extracting(StepReport::state)
                .containsExactly(StepReport.State.DONE, StepReport.State.DONE);
        List<AuditRecord> records = audit.records(AuditType.STEP);
        assertThat(records)
                .extracting(AuditRecord::reason)
                .containsExactly(
                        "runbook rb started with 2 steps",
                        "step 1 'one' started",
                        "step 1 'one' DONE",
                        "step 2 'two' started",
                        "step 2 'two' DONE",
                        "runbook rb succeeded");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.actor()).isEqualTo("alice");
            assertThat(r.epoch()).isEqualTo(7);
        });
        assertThat(runbook.abortReason()).isEmpty();
    }

    @Test
    void aPendingStepIsAttemptedOnEachTickUntilDone() {
        int[] attempts = {0};
        Runbook runbook = Runbook.builder("rb", time, audit)
                .step(Step.of("wait", () -> ++attempts[0] < 3 ? StepStatus.PENDING : StepStatus.DONE))
                .build();
        assertThat(runbook.start()).isEqualTo(Runbook.State.RUNNING);
        assertThat(runbook.steps().get(0).state()).isEqualTo(StepReport.State.RUNNING);
        assertThat(runbook.tick()).isEqualTo(Runbook.State.RUNNING);
        assertThat(runbook.tick()).isEqualTo(Runbook.State.SUCCEEDED);
        assertThat(attempts[0]).isEqualTo(3);
        assertThat(runbook.tick()).isEqualTo(Runbook.State.SUCCEEDED);
        assertThat(attempts[0]).isEqualTo(3);
    }

    @Test
    void aFailingStepAbortsAndUndoesItselfAndEarlierStepsInReverse() {
        Runbook runbook = Runbook.builder("rb", time, audit)
                .step(done("one"))
                .step(done("two"))
                .step(Step.of("three", () -> {
                            throw new IllegalStateException("boom");
                        })
                        .withUndo(() -> log.add("undo three")))
                .step(done("four"))
                .build();

        assertThat(runbook.start()).isEqualTo(Runbook.State.ABORTED);

        assertThat(log).containsExactly("one", "two", "undo three", "undo two", "undo one");
        assertThat(runbook.steps())
                .extracting(StepReport::state)
                .containsExactly(
                        StepReport.State.UNDONE,
                        StepReport.State.UNDONE,
                        StepReport.State.UNDONE,
                        StepReport.State.WAITING);
        assertThat(runbook.abortReason()).contains("step 'three' failed: java.lang.IllegalStateException: boom");
    }

    @Test
    void aStepPendingPastItsTimeoutAborts() {
        Runbook runbook = Runbook.builder("rb", time, audit)
                .step(done("one"))
                .step(Step.of("slow", () -> StepStatus.PENDING).withTimeout(Duration.ofSeconds(30)))
                .build();
        runbook.start();
        time.advance(Duration.ofSeconds(29));
        assertThat(runbook.tick()).isEqualTo(Runbook.State.RUNNING);
        time.advance(Duration.ofSeconds(1));
        assertThat(runbook.tick()).isEqualTo(Runbook.State.ABORTED);
        assertThat(runbook.steps().get(1).state()).isEqualTo(StepReport.State.TIMED_OUT);
        assertThat(runbook.steps().get(1).finishedAt()).contains(Instant.parse("2026-01-01T00:00:30Z"));
        assertThat(log).containsExactly("one", "undo one");
    }

    @Test
    void stepsBeforeACompletedIrreversibleStepAreNotUndoneExceptUndoAlwaysSteps() {
        Runbook runbook = Runbook.builder("rb", time, audit)
                .step(done("ttl").asUndoAlways())
                .step(done("fence"))
                .step(done("promote").asIrreversible())
                .step(Step.of("repoint", () -> {
                    throw new IllegalStateException("dns down");
                }))
                .build();
        runbook.start();
        assertThat(log).containsExactly("ttl", "fence", "promote", "undo ttl");
    }

    @Test
    void anUndoThatThrowsIsAuditedAndTheOtherUndosStillRun() {
        Runbook runbook = Runbook.builder("rb", time, audit)
                .step(done("one"))
                .step(Step.of("two", () -> StepStatus.DONE).withUndo(() -> {
                    throw new IllegalStateException("cannot");
                }))
                .step(Step.of("three", () -> {
                    throw new IllegalStateException("boom");
                }))
                .build();
        runbook.start();
        assertThat(log).containsExactly("one", "undo one");
        assertThat(runbook.steps().get(1).detail()).isEqualTo("undo failed: java.lang.IllegalStateException: cannot");
        assertThat(audit.records(AuditType.STEP))
                .extracting(AuditRecord::reason)
                .contains("step 2 'two' undo failed: java.lang.IllegalStateException: cannot");
    }

    @Test
    void abortByTheOperatorUndoesTheRunningAndCompletedSteps() {
        Runbook runbook = Runbook.builder("rb", time, audit)
                .actor("bob")
                .step(done("one"))
                .step(Step.of("wait", () -> StepStatus.PENDING).withUndo(() -> log.add("undo wait")))
                .build();
        runbook.start();
        assertThat(runbook.abort("changed my mind")).isEqualTo(Runbook.State.ABORTED);
        assertThat(log).containsExactly("one", "undo wait", "undo one");
        assertThat(runbook.abortReason()).contains("aborted by bob: changed my mind");
        assertThat(runbook.abort("again")).isEqualTo(Runbook.State.ABORTED);
        assertThat(log).hasSize(3);
    }

    @Test
    void aSchedulerPassedByTheCallerTicksItAndTheTaskIsCancelledWhenItFinishes() {
        CapturingScheduler scheduler = new CapturingScheduler();
        try {
            Runbook runbook = Runbook.builder("rb", time, audit)
                    .step(Step.of(
                            "wait", () -> time.elapsed().getSeconds() >= 10 ? StepStatus.DONE : StepStatus.PENDING))
                    .build();
            runbook.start();
            runbook.runOn(scheduler, Duration.ofSeconds(5));
            assertThat(scheduler.periodNanos).isEqualTo(5_000_000_000L);
            assertThatThrownBy(() -> runbook.runOn(scheduler, Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalStateException.class);
            time.advance(Duration.ofSeconds(5));
            scheduler.task.run();
            assertThat(scheduler.future.isCancelled()).isFalse();
            time.advance(Duration.ofSeconds(5));
            scheduler.task.run();
            assertThat(runbook.state()).isEqualTo(Runbook.State.SUCCEEDED);
            assertThat(scheduler.future.isCancelled()).isTrue();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void rejectsBadConfigurationAndASecondStart() {
        assertThatThrownBy(() -> Runbook.builder("rb", time, audit).build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Step.of(" ", () -> StepStatus.DONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Step.of("s", () -> StepStatus.DONE).withTimeout(Duration.ZERO))
                .hasMessage("timeout must be positive, was PT0S");
        Runbook runbook = Runbook.builder("rb", time, audit).step(done("one")).build();
        assertThat(runbook.plan()).extracting(Step::name).containsExactly("one");
        runbook.start();
        assertThatThrownBy(runbook::start).isInstanceOf(IllegalStateException.class);
    }
}
