package dev.nines.slo.dependency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DependencyGraphTest {

    /** The root needs D and either B or C; B and C both need D. */
    static final DependencyGraph DIAMOND = DependencyGraph.builder()
            .node("D", 0.99)
            .node("B", 0.95, Requirement.all("D"))
            .node("C", 0.95, Requirement.all("D"))
            .node("B|C", 1.0, Requirement.any("B", "C"))
            .node("root", 1.0, Requirement.all("D", "B|C"))
            .build();

    /** Two app servers behind a load balancer, both on one database. */
    static final DependencyGraph SHARED_DB = DependencyGraph.builder()
            .node("db", 0.999)
            .node("app1", 0.99, Requirement.all("db"))
            .node("app2", 0.99, Requirement.all("db"))
            .node("lb", 0.9995, Requirement.any("app1", "app2"))
            .node("root", 1.0, Requirement.all("lb"))
            .build();

    @Test
    void diamondIsComputedExactlyCountingTheSharedNodeOnce() {
        // D up (0.99) and at least one of B, C up given D: 1 - 0.05^2.
        assertThat(DIAMOND.availability("root")).isCloseTo(0.99 * (1 - 0.05 * 0.05), within(1e-15));
        double naive = 0.99 * (1 - (1 - 0.95 * 0.99) * (1 - 0.95 * 0.99));
        assertThat(DIAMOND.availability("root")).isNotCloseTo(naive, within(1e-6));
        assertThat(DIAMOND.availability("B")).isCloseTo(0.95 * 0.99, within(1e-15));
    }

    @Test
    void sharedDatabaseIsASinglePointOfFailureAndRedundantAppsAreNot() {
        assertThat(SHARED_DB.singlePointsOfFailure("root")).containsExactly("db", "lb");
        assertThat(SHARED_DB.availability("root")).isCloseTo(0.9995 * 0.999 * (1 - 0.01 * 0.01), within(1e-15));
    }

    @Test
    void redundancyForTheSharedDatabaseGainsMost() {
        List<RedundancyGain> gains = SHARED_DB.redundancyGains("root");
        assertThat(gains.get(0).node()).isEqualTo("db");
        double base = SHARED_DB.availability("root");
        assertThat(gains.get(0).baseAvailability()).isEqualTo(base);
        assertThat(gains.get(0).availabilityWithRedundancy())
                .isCloseTo(0.9995 * (1 - 0.001 * 0.001) * (1 - 0.01 * 0.01), within(1e-15));
        assertThat(gains).extracting(RedundancyGain::node).containsExactly("db", "lb", "app1", "app2", "root");
        assertThat(gains.get(4).gain()).isZero();
    }

    @Test
    void listsTransitiveDependencies() {
        assertThat(DIAMOND.transitiveDependencies("root")).containsExactly("B", "B|C", "C", "D");
        assertThat(DIAMOND.transitiveDependencies("B")).containsExactly("D");
        assertThat(DIAMOND.transitiveDependencies("D")).isEmpty();
    }

    @Test
    void kOfNNeedsAQuorum() {
        DependencyGraph quorum = DependencyGraph.builder()
                .node("r1", 0.9)
                .node("r2", 0.9)
                .node("r3", 0.9)
                .node("store", 1.0, Requirement.atLeast(2, "r1", "r2", "r3"))
                .build();
        assertThat(quorum.availability("store")).isCloseTo(3 * 0.9 * 0.9 * 0.1 + 0.9 * 0.9 * 0.9, within(1e-15));
        assertThat(quorum.singlePointsOfFailure("store")).isEmpty();
    }

    @Test
    void cyclesAreRejectedShowingTheCycle() {
        assertThatThrownBy(() -> DependencyGraph.builder()
                        .node("a", 1, Requirement.all("b"))
                        .node("b", 1, Requirement.all("c"))
                        .node("c", 1, Requirement.any("a"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dependency graph must be acyclic, was a cycle a -> b -> c -> a");
        assertThatThrownBy(() -> DependencyGraph.builder()
                        .node("a", 1, Requirement.all("a"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("a -> a");
    }

    @Test
    void badNodesAreRejectedNamingTheNode() {
        assertThatThrownBy(() -> DependencyGraph.builder().node("db", 1.2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("availability of node 'db' must be in [0, 1], was 1.2");
        assertThatThrownBy(() -> DependencyGraph.builder().node("db", -0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node 'db'");
        assertThatThrownBy(() -> DependencyGraph.builder()
                        .node("api", 1, Requirement.all("db"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dependency of node 'api' must be a node, was 'db'");
        assertThatThrownBy(() -> DependencyGraph.builder().node("db", 1).node("db", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node must be new, was 'db' twice");
        assertThatThrownBy(() -> DIAMOND.availability("E"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node must be in the graph, was 'E'");
        assertThatThrownBy(() -> DIAMOND.withAvailability("D", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node 'D'");
    }

    @Test
    void refusesToEnumerateTooManySharedNodes() {
        DependencyGraph.Builder b = DependencyGraph.builder();
        String[] leaves = new String[DependencyGraph.MAX_CONDITIONED + 1];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = "l" + i;
            b.node(leaves[i], 0.99);
        }
        DependencyGraph g = b.node("x", 1, Requirement.all(leaves))
                .node("y", 1, Requirement.any(leaves))
                .node("root", 1, Requirement.all("x", "y"))
                .build();
        assertThatThrownBy(() -> g.availability("root"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shared dependencies of node 'root' must need at most 20 conditioned nodes for an exact"
                        + " result, was 21");
        assertThat(g.availability("x")).isCloseTo(Math.pow(0.99, 21), within(1e-12));
    }

    @Property(tries = 1000)
    void exactAvailabilityMatchesBruteForceEnumeration(@ForAll("graphs") DependencyGraph g) {
        assertThat(g.availability("n0")).isCloseTo(bruteForce(g, "n0"), within(1e-12));
    }

    @Property(tries = 300)
    void singlePointsOfFailureAreExactlyTheNodesWhoseLossAloneTakesTheRootDown(@ForAll("graphs") DependencyGraph g) {
        List<String> expected = new ArrayList<>();
        for (String d : g.transitiveDependencies("n0")) {
            if (!isUpWithOnlyDown(g, "n0", d)) {
                expected.add(d);
            }
        }
        assertThat(g.singlePointsOfFailure("n0")).isEqualTo(expected);
    }

    @Property(tries = 200)
    void redundancyNeverLowersAvailability(@ForAll("graphs") DependencyGraph g) {
        for (RedundancyGain gain : g.redundancyGains("n0")) {
            assertThat(gain.gain()).isGreaterThanOrEqualTo(-1e-12);
        }
    }

    private static boolean isUpWithOnlyDown(DependencyGraph g, String root, String down) {
        Map<String, Boolean> own = new HashMap<>();
        for (String n : g.nodes()) {
            own.put(n, !n.equals(down));
        }
        return up(g, root, own);
    }

    /** Sums the probability of every combination of every node's own state. */
    static double bruteForce(DependencyGraph g, String root) {
        List<String> nodes = g.nodes();
        double total = 0;
        for (int mask = 0; mask < 1 << nodes.size(); mask++) {
            double weight = 1;
            Map<String, Boolean> own = new HashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                boolean up = (mask >>> i & 1) != 0;
                double a = g.ownAvailability(nodes.get(i));
                weight *= up ? a : 1 - a;
                own.put(nodes.get(i), up);
            }
            if (weight > 0 && up(g, root, own)) {
                total += weight;
            }
        }
        return total;
    }

    private static boolean up(DependencyGraph g, String node, Map<String, Boolean> own) {
        if (!own.get(node)) {
            return false;
        }
        if (g.requirement(node).isEmpty()) {
            return true;
        }
        Requirement r = g.requirement(node).get();
        int count = 0;
        for (String d : r.dependencies()) {
            if (up(g, d, own)) {
                count++;
            }
        }
        return count >= r.k();
    }

    @Provide
    Arbitrary<DependencyGraph> graphs() {
        return Arbitraries.randomValue(DependencyGraphTest::randomGraph);
    }

    /** Up to 9 nodes; node i depends only on nodes after it, so the graph is acyclic. */
    static DependencyGraph randomGraph(Random random) {
        int n = 1 + random.nextInt(9);
        double[] choices = {0.0, 0.5, 0.9, 0.99, 1.0};
        DependencyGraph.Builder b = DependencyGraph.builder();
        for (int i = n - 1; i >= 0; i--) {
            double a = random.nextInt(4) == 0 ? choices[random.nextInt(choices.length)] : 0.5 + random.nextDouble() / 2;
            List<String> deps = new ArrayList<>();
            for (int j = i + 1; j < n; j++) {
                if (random.nextInt(3) == 0) {
                    deps.add("n" + j);
                }
            }
            if (deps.isEmpty()) {
                b.node("n" + i, a);
                continue;
            }
            String[] d = deps.toArray(new String[0]);
            switch (random.nextInt(3)) {
                case 0:
                    b.node("n" + i, a, Requirement.all(d));
                    break;
                case 1:
                    b.node("n" + i, a, Requirement.any(d));
                    break;
                default:
                    b.node("n" + i, a, Requirement.atLeast(1 + random.nextInt(d.length), d));
                    break;
            }
        }
        return b.build();
    }
}
