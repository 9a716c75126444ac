package dev.nines.capacity.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ConsistentHashRingTest {

    private static List<String> nodes(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add("node-" + i);
        }
        return names;
    }

    private static List<String> keys(int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add("key:" + i);
        }
        return keys;
    }

    // Acceptance: adding an 11th node to 10 (200 virtual nodes each) moves close to the minimum
    // 1/11 = 9.1% of the hash space: within +-30% of it (the new node's share has a spread of
    // about 1/sqrt(200) = 7% of the mean), and all of it to the new node.
    @Test
    void addingANodeMovesAboutOneOverNOfTheKeysAllToTheNewNode() {
        ConsistentHashRing ring = ConsistentHashRing.of(nodes(10), 200);
        ConsistentHashRing grown = ring.withNode("node-10");
        RebalancePlan plan = ring.rebalanceTo(grown);
        assertThat(plan.movedFraction()).isBetween(0.7 / 11, 1.3 / 11);
        assertThat(plan.movementRatio()).isCloseTo(1.0, within(1e-9));
        assertThat(plan.ranges()).allSatisfy(move -> assertThat(move.to()).isEqualTo("node-10"));
        assertThat(plan.movedFraction()).isCloseTo(grown.ownership().get("node-10"), within(1e-12));
        RebalancePlan byKeys = RebalancePlan.forKeys(keys(50_000), ring, grown);
        assertThat(byKeys.movedFraction()).isCloseTo(plan.movedFraction(), within(0.01));
        assertThat(byKeys.keys()).allSatisfy(move -> assertThat(move.to()).isEqualTo("node-10"));
    }

    @Test
    void removingANodeMovesOnlyItsKeys() {
        ConsistentHashRing ring = ConsistentHashRing.of(nodes(8), 100);
        RebalancePlan plan = ring.rebalanceTo(ring.withoutNode("node-3"));
        assertThat(plan.ranges()).allSatisfy(move -> assertThat(move.from()).isEqualTo("node-3"));
        assertThat(plan.movedFraction()).isCloseTo(ring.ownership().get("node-3"), within(1e-12));
        assertThatThrownBy(() -> ConsistentHashRing.of(List.of("a"), 10).withoutNode("a"))
                .hasMessage("cannot remove the last node a");
    }

    @Test
    void ownershipSumsToOneAndEvensOutWithMoreVirtualNodes() {
        ConsistentHashRing coarse = ConsistentHashRing.of(nodes(10), 1);
        ConsistentHashRing fine = ConsistentHashRing.of(nodes(10), 1000);
        assertThat(coarse.ownership().values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum())
                .isCloseTo(1.0, within(1e-9));
        LoadSkew coarseSkew = LoadSkew.of(coarse.ownership());
        LoadSkew fineSkew = LoadSkew.of(fine.ownership());
        assertThat(fineSkew.peakToAverageRatio()).isLessThan(1.15).isLessThan(coarseSkew.peakToAverageRatio());
        assertThat(ConsistentHashRing.of(List.of("solo"), 1).ownership()).isEqualTo(Map.of("solo", 1.0));
    }

    @Test
    void placesKeysDeterministicallyAndValidatesInput() {
        ConsistentHashRing a = ConsistentHashRing.of(List.of("x", "y", "z"), 50);
        ConsistentHashRing b = ConsistentHashRing.of(List.of("z", "y", "x", "x"), 50);
        for (String key : keys(1000)) {
            assertThat(a.nodeFor(key)).isEqualTo(b.nodeFor(key));
        }
        assertThat(a.nodes()).containsExactly("x", "y", "z");
        assertThat(a.withNode("x")).isSameAs(a);
        assertThat(a.withoutNode("absent")).isSameAs(a);
        assertThatThrownBy(() -> ConsistentHashRing.of(List.of(), 10)).hasMessage("nodes must not be empty");
        assertThatThrownBy(() -> ConsistentHashRing.of(List.of("a"), 0))
                .hasMessage("virtualNodes must be at least 1, was 0");
    }

    @Test
    void keySharesFollowTheExactOwnership() {
        ConsistentHashRing ring = ConsistentHashRing.of(nodes(5), 20);
        LoadSkew keys = LoadSkew.ofKeys(keys(100_000), ring);
        Map<String, Double> shares = ring.ownership();
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        for (String key : keys(100_000)) {
            counts.merge(ring.nodeFor(key), 1L, Long::sum);
        }
        for (String node : ring.nodes()) {
            assertThat(counts.get(node) / 100_000.0).isCloseTo(shares.get(node), within(0.01));
        }
        assertThat(keys.nodes()).isEqualTo(5);
    }

    @Property(tries = 200)
    void anyChangeMovesExactlyTheMinimum(
            @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll @IntRange(min = 1, max = 64) int vnodes,
            @ForAll boolean add) {
        ConsistentHashRing ring = ConsistentHashRing.of(nodes(n), vnodes);
        ConsistentHashRing changed = add || n == 1 ? ring.withNode("extra") : ring.withoutNode("node-0");
        RebalancePlan plan = ring.rebalanceTo(changed);
        assertThat(plan.movedFraction()).isCloseTo(plan.minimumFraction(), within(1e-9));
        assertThat(RebalancePlan.between(changed, ring).movedFraction()).isCloseTo(plan.movedFraction(), within(1e-9));
        assertThat(ring.rebalanceTo(ring).ranges()).isEmpty();
    }
}
