package dev.nines.capacity.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingDecisionTest {

    @Test
    void reportsChangeAndDelta() {
        ScalingReason reason = new ScalingReason.ClampedToMax(8);
        ScalingDecision up = new ScalingDecision(Instant.EPOCH, 5, 8, reason, List.of(reason), List.of());
        assertThat(up.isChange()).isTrue();
        assertThat(up.delta()).isEqualTo(3);
        ScalingDecision hold =
                new ScalingDecision(Instant.EPOCH, 5, 5, new ScalingReason.ScalingDisabled(), List.of(), List.of());
        assertThat(hold.isChange()).isFalse();
        assertThat(hold.delta()).isZero();
    }
}
