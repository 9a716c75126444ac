package dev.nines.failover.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FenceTest {

    @Test
    void acceptsAnyEpochUntilItLearnsOne() {
        Fence fence = Fence.create("orders");
        assertThat(fence.currentEpoch()).isEqualTo(-1);
        assertThat(fence.tryAccept(0)).isTrue();
        assertThat(fence.currentEpoch()).isEqualTo(0);
    }

    @Test
    void rejectsEpochsOlderThanTheNewestAndCountsThem() {
        Fence fence = Fence.create("orders");
        fence.advance(8);
        assertThat(fence.tryAccept(7)).isFalse();
        assertThat(fence.tryAccept(8)).isTrue();
        StaleEpochException stale = org.assertj.core.api.Assertions.catchThrowableOfType(
                StaleEpochException.class, () -> fence.validate(3));
        assertThat(stale.epoch()).isEqualTo(3);
        assertThat(stale.currentEpoch()).isEqualTo(8);
        assertThat(fence.rejectedCount()).isEqualTo(2);
    }

    @Test
    void aNewerEpochCarriedByAnOperationRaisesTheFenceLikeAFencingToken() {
        Fence fence = Fence.create("orders");
        fence.advance(8);
        fence.validate(9);
        assertThat(fence.currentEpoch()).isEqualTo(9);
        assertThat(fence.tryAccept(8)).isFalse();
    }

    @Test
    void advanceNeverLowersTheEpochAndRejectsBadInput() {
        Fence fence = Fence.create("orders");
        fence.advance(5);
        fence.advance(3);
        assertThat(fence.currentEpoch()).isEqualTo(5);
        assertThat(fence).hasToString("Fence[orders, epoch=5]");
        assertThat(fence.resource()).isEqualTo("orders");
        assertThatThrownBy(() -> fence.advance(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fence.create(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 500)
    void acceptsExactlyTheEpochsNotBelowTheRunningMaximum(
            @ForAll @Size(max = 30) List<@LongRange(min = 0, max = 20) Long> epochs) {
        Fence fence = Fence.create("r");
        long max = -1;
        for (long epoch : epochs) {
            assertThat(fence.tryAccept(epoch)).isEqualTo(epoch >= max);
            max = Math.max(max, epoch);
            assertThat(fence.currentEpoch()).isEqualTo(max);
        }
    }
}
