package dev.nines.failover.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepTest {

    private final StepAction done = () -> StepStatus.DONE;

    @Test
    void ofIsReversibleWithoutTimeoutOrUndo() {
        Step step = Step.of("fence", done);
        assertThat(step.timeout()).isEqualTo(Step.NO_TIMEOUT);
        assertThat(step.undo()).isSameAs(UndoAction.NONE);
        assertThat(step.irreversible()).isFalse();
        assertThat(step.undoAlways()).isFalse();
    }

    @Test
    void withersReturnChangedCopies() {
        UndoAction undo = () -> {};
        Step step = Step.of("promote", done)
                .withTimeout(Duration.ofSeconds(5))
                .withUndo(undo)
                .asIrreversible()
                .asUndoAlways();
        assertThat(step.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(step.undo()).isSameAs(undo);
        assertThat(step.irreversible()).isTrue();
        assertThat(step.undoAlways()).isTrue();
    }

    @Test
    void rejectsABlankNameAndTimeoutsThatAreNotPositiveOrTooLarge() {
        assertThatThrownBy(() -> Step.of("", done)).hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(() -> Step.of("s", done).withTimeout(Duration.ofSeconds(-1)))
                .hasMessage("timeout must be positive, was PT-1S");
        assertThatThrownBy(() -> Step.of("s", done).withTimeout(Duration.ofDays(365 * 400)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
