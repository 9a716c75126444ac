package dev.nines.capacity.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendezvousHashTest {

    private static List<String> keys(int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add("k" + i);
        }
        return keys;
    }

    @Test
    void removingANodeMovesOnlyItsKeysToTheirSecondChoice() {
        RendezvousHash hrw = RendezvousHash.of(List.of("a", "b", "c", "d", "e"));
        RendezvousHash smaller = hrw.withoutNode("c");
        for (String key : keys(20_000)) {
            String before = hrw.nodeFor(key);
            String after = smaller.nodeFor(key);
            if (before.equals("c")) {
                assertThat(after).isEqualTo(hrw.nodesFor(key, 2).get(1));
            } else {
                assertThat(after).isEqualTo(before);
            }
        }
    }

    @Test
    void addingANodeMovesAboutItsShareOnlyToIt() {
        RendezvousHash hrw = RendezvousHash.of(List.of("a", "b", "c", "d"));
        RebalancePlan plan = RebalancePlan.forKeys(keys(50_000), hrw, hrw.withNode("e", 1.0));
        assertThat(plan.movedFraction()).isCloseTo(0.2, within(0.01));
        assertThat(plan.keys()).allSatisfy(move -> assertThat(move.to()).isEqualTo("e"));
        assertThat(plan.movementRatio()).isCloseTo(1.0, within(0.05));
    }

    @Test
    void sharesAreProportionalToWeights() {
        RendezvousHash hrw = RendezvousHash.weighted(Map.of("big", 3.0, "mid", 2.0, "small", 1.0));
        Map<String, Integer> counts = new HashMap<>();
        for (String key : keys(60_000)) {
            counts.merge(hrw.nodeFor(key), 1, Integer::sum);
        }
        assertThat(counts.get("big") / 60_000.0).isCloseTo(0.5, within(0.01));
        assertThat(counts.get("mid") / 60_000.0).isCloseTo(1.0 / 3, within(0.01));
        assertThat(counts.get("small") / 60_000.0).isCloseTo(1.0 / 6, within(0.01));
    }

    @Test
    void ranksDistinctNodesWithTheOwnerFirst() {
        RendezvousHash hrw = RendezvousHash.of(List.of("a", "b", "c"));
        for (String key : keys(500)) {
            List<String> ranked = hrw.nodesFor(key, 5);
            assertThat(ranked).hasSize(3).doesNotHaveDuplicates();
            assertThat(ranked.get(0)).isEqualTo(hrw.nodeFor(key));
        }
        assertThat(hrw.nodes()).containsExactly("a", "b", "c");
        assertThat(hrw.weights()).containsEntry("a", 1.0);
    }

    @Test
    void rejectsEmptyNodesAndBadWeights() {
        assertThatThrownBy(() -> RendezvousHash.of(List.of())).hasMessage("nodes must not be empty");
        assertThatThrownBy(() -> RendezvousHash.weighted(Map.of("a", 0.0)))
                .hasMessage("weight of a must be positive and finite, was 0.0");
        assertThatThrownBy(() -> RendezvousHash.of(List.of("a")).withoutNode("a"))
                .hasMessage("nodes must not be empty");
    }
}
