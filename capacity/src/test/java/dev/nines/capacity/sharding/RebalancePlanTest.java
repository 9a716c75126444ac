package dev.nines.capacity.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RebalancePlanTest {

    /** Naive modulo placement, for comparison. */
    private static ShardAssigner modulo(int n) {
        Set<String> nodes = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            nodes.add("s" + i);
        }
        return new ShardAssigner() {
            @Override
            public String nodeFor(String key) {
                return "s" + Math.floorMod(Hash64.hash(key), (long) n);
            }

            @Override
            public Set<String> nodes() {
                return nodes;
            }
        };
    }

    private static List<String> keys(int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add("order-" + i);
        }
        return keys;
    }

    @Test
    void moduloHashingMovesNearlyEverythingWhileJumpHashMovesTheMinimum() {
        RebalancePlan modulo = RebalancePlan.forKeys(keys(40_000), modulo(9), modulo(10));
        assertThat(modulo.movedFraction()).isCloseTo(0.9, within(0.02));
        assertThat(modulo.movementRatio()).isGreaterThan(8.0);
        List<String> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add("s" + i);
        }
        List<String> ten = new ArrayList<>(nine);
        ten.add("s9");
        RebalancePlan jump = RebalancePlan.forKeys(
                keys(40_000), JumpConsistentHash.assigner(nine), JumpConsistentHash.assigner(ten));
        assertThat(jump.movedFraction()).isCloseTo(0.1, within(0.01));
        assertThat(jump.movementRatio()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void countsEachDistinctKeyOnceAndHandlesNoKeys() {
        ShardAssigner a = modulo(3);
        RebalancePlan plan = RebalancePlan.forKeys(List.of("x", "x", "y"), a, a);
        assertThat(plan.keys()).isEmpty();
        assertThat(plan.movedFraction()).isZero();
        assertThat(plan.movementRatio()).isEqualTo(1.0);
        assertThat(RebalancePlan.forKeys(List.of(), a, modulo(4)).movedFraction())
                .isZero();
    }

    @Test
    void mergesAdjacentRangesWithTheSameOwners() {
        ConsistentHashRing ring = ConsistentHashRing.of(List.of("a", "b"), 1);
        RebalancePlan plan = ring.rebalanceTo(ring.withoutNode("b"));
        assertThat(plan.ranges()).hasSize(1);
        RebalancePlan.RangeMove move = plan.ranges().get(0);
        assertThat(move.from()).isEqualTo("b");
        assertThat(move.to()).isEqualTo("a");
        assertThat(move.fraction()).isCloseTo(ring.ownership().get("b"), within(1e-12));
    }
}
