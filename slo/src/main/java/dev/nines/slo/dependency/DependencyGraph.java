package dev.nines.slo.dependency;

import dev.nines.core.internal.Arguments;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A dependency graph of services for composite availability and dependency risk.
 *
 * <p>Each node has its own availability (the probability that it is up when its dependencies
 * are; 1 for a pure logical gate) and at most one {@link Requirement} over its dependencies. A
 * node is up when it is up itself and its requirement is met. Failures are independent.
 *
 * <h2>Exactness with shared dependencies</h2>
 * A dependency reached along several paths (a database behind both the web and the API tier) is
 * counted once. {@link #availability(String)} conditions on every node whose state more than one
 * path sees: the shared nodes and everything below them. For each of their up/down combinations
 * the rest of the graph is a tree whose branches are independent, evaluated with product,
 * complement and k-of-n formulas. The cost is {@code 2^s x nodes} for {@code s} conditioned
 * nodes; beyond {@value #MAX_CONDITIONED} of them the computation refuses with
 * {@link IllegalArgumentException} rather than run for minutes.
 *
 * <p>Immutable and thread-safe. Bad input (an availability outside [0, 1], an unknown
 * dependency, a cycle) raises {@link IllegalArgumentException} naming the node.
 *
 * <pre>{@code
 * // The root needs D and either B or C; B and C both need D.
 * DependencyGraph g = DependencyGraph.builder()
 *         .node("D", 0.99)
 *         .node("B", 0.95, Requirement.all("D"))
 *         .node("C", 0.95, Requirement.all("D"))
 *         .node("B|C", 1.0, Requirement.any("B", "C"))
 *         .node("root", 1.0, Requirement.all("D", "B|C"))
 *         .build();
 * g.availability("root");              // 0.99 x (1 - 0.05^2) = 0.987525
 * g.singlePointsOfFailure("root");     // [B|C, D]
 * }</pre>
 */
public final class DependencyGraph {

    /** The most nodes {@link #availability(String)} conditions on (2^20 combinations). */
    public static final int MAX_CONDITIONED = 20;

    private final Map<String, Double> availabilities;
    private final Map<String, Requirement> requirements;

    private DependencyGraph(Map<String, Double> availabilities, Map<String, Requirement> requirements) {
        this.availabilities = availabilities;
        this.requirements = requirements;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the node names in insertion order.
     *
     * @return the names
     */
    public List<String> nodes() {
        return List.copyOf(availabilities.keySet());
    }

    /**
     * Returns a node's own availability.
     *
     * @param node the node
     * @return the availability in [0, 1]
     */
    public double ownAvailability(String node) {
        return ownAvailabilityOf(known(node));
    }

    /**
     * Returns a node's requirement, if it has dependencies.
     *
     * @param node the node
     * @return the requirement
     */
    public Optional<Requirement> requirement(String node) {
        return Optional.ofNullable(requirements.get(known(node)));
    }

    /**
     * Returns a copy with one node's own availability replaced.
     *
     * @param node the node
     * @param availability the new availability in [0, 1]
     * @return the new graph
     */
    public DependencyGraph withAvailability(String node, double availability) {
        known(node);
        Arguments.inClosed("availability of node '" + node + "'", availability, 0, 1);
        Map<String, Double> copy = new LinkedHashMap<>(availabilities);
        copy.put(node, availability);
        return new DependencyGraph(Collections.unmodifiableMap(copy), requirements);
    }

    /**
     * Returns every node {@code node} depends on, directly or not, sorted by name.
     *
     * @param node the node
     * @return its transitive dependencies, without itself
     */
    public List<String> transitiveDependencies(String node) {
        TreeSet<String> out = new TreeSet<>(reachable(known(node)));
        out.remove(node);
        return List.copyOf(out);
    }

    /**
     * Returns the exact probability that {@code node} is up.
     *
     * @param node the node
     * @return the availability in [0, 1]
     * @throws IllegalArgumentException if more than {@value #MAX_CONDITIONED} nodes would have
     *     to be conditioned on
     */
    public double availability(String node) {
        return new Evaluation(known(node)).availability();
    }

    /**
     * Returns the dependencies whose failure alone, with everything else up, takes {@code node}
     * down, sorted by name.
     *
     * @param node the node
     * @return its single points of failure
     */
    public List<String> singlePointsOfFailure(String node) {
        known(node);
        List<String> out = new ArrayList<>();
        for (String d : transitiveDependencies(node)) {
            Map<String, Boolean> memo = new HashMap<>();
            if (!isUp(node, d, memo)) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Returns, for {@code node} and each of its transitive dependencies, the availability of
     * {@code node} if that one node were made redundant (a second independent instance in
     * parallel: own availability {@code a} becomes {@code 1 - (1 - a)^2}), largest gain first.
     *
     * @param node the node
     * @return the gains, largest first (ties by name)
     */
    public List<RedundancyGain> redundancyGains(String node) {
        double base = availability(node);
        List<String> candidates = new ArrayList<>(transitiveDependencies(node));
        candidates.add(0, node);
        List<RedundancyGain> out = new ArrayList<>();
        for (String c : candidates) {
            double a = ownAvailabilityOf(c);
            double with = withAvailability(c, 1 - (1 - a) * (1 - a)).availability(node);
            out.add(new RedundancyGain(c, base, with));
        }
        out.sort(Comparator.comparingDouble(RedundancyGain::gain).reversed().thenComparing(RedundancyGain::node));
        return List.copyOf(out);
    }

    /** Evaluates whether {@code node} is up when every node is up except {@code down}. */
    private boolean isUp(String node, String down, Map<String, Boolean> memo) {
        Boolean cached = memo.get(node);
        if (cached != null) {
            return cached;
        }
        boolean up = !node.equals(down);
        Requirement r = requirements.get(node);
        if (up && r != null) {
            int count = 0;
            for (String d : r.dependencies()) {
                if (isUp(d, down, memo)) {
                    count++;
                }
            }
            up = r.isMetBy(count);
        }
        memo.put(node, up);
        return up;
    }

    private List<String> reachable(String root) {
        List<String> order = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            String n = stack.pop();
            if (!seen.add(n)) {
                continue;
            }
            order.add(n);
            Requirement r = requirements.get(n);
            if (r != null) {
                for (String d : r.dependencies()) {
                    stack.push(d);
                }
            }
        }
        return order;
    }

    private String known(String node) {
        Objects.requireNonNull(node, "node");
        if (!availabilities.containsKey(node)) {
            throw new IllegalArgumentException("node must be in the graph, was '" + node + "'");
        }
        return node;
    }

    /** The own availability of a node of the graph (every node has one; dependencies are nodes too). */
    private double ownAvailabilityOf(String node) {
        Double a = availabilities.get(node);
        if (a == null) {
            throw new IllegalStateException("node '" + node + "' has no availability");
        }
        return a;
    }

    @Override
    public String toString() {
        return "DependencyGraph" + availabilities.keySet();
    }

    /** One exact availability computation by conditioning on shared nodes and their descendants. */
    private final class Evaluation {
        private final String root;
        private final Map<String, Integer> conditioned = new HashMap<>();
        private final List<String> conditionedOrder = new ArrayList<>();
        private final boolean[] state; // the conditioned nodes' states in the case being summed

        Evaluation(String root) {
            this.root = root;
            List<String> nodes = reachable(root);
            Map<String, Integer> parents = new HashMap<>();
            for (String n : nodes) {
                Requirement r = requirements.get(n);
                if (r != null) {
                    for (String d : r.dependencies()) {
                        parents.merge(d, 1, Integer::sum);
                    }
                }
            }
            for (String n : nodes) {
                if (parents.getOrDefault(n, 0) > 1) {
                    for (String below : reachable(n)) {
                        if (!conditioned.containsKey(below)) {
                            conditioned.put(below, conditionedOrder.size());
                            conditionedOrder.add(below);
                        }
                    }
                }
            }
            if (conditionedOrder.size() > MAX_CONDITIONED) {
                throw new IllegalArgumentException("shared dependencies of node '" + root + "' must need at most "
                        + MAX_CONDITIONED + " conditioned nodes for an exact result, was " + conditionedOrder.size());
            }
            state = new boolean[conditionedOrder.size()];
        }

        double availability() {
            int s = conditionedOrder.size();
            if (s == 0) {
                return probability(root, new HashMap<>());
            }
            double total = 0;

            for (long mask = 0; mask < 1L << s; mask++) {
                double weight = 1;
                for (int i = 0; i < s && weight > 0; i++) {
                    boolean up = (mask >>> i & 1) != 0;
                    state[i] = up;
                    double a = ownAvailabilityOf(conditionedOrder.get(i));
                    weight *= up ? a : 1 - a;
                }
                if (weight > 0) {
                    total += weight * probability(root, new HashMap<>());
                }
            }
            return Math.min(1.0, Math.max(0.0, total));
        }

        /** P(node up | conditioned states); 0 or 1 for conditioned nodes. */
        private double probability(String node, Map<String, Double> memo) {
            Double cached = memo.get(node);
            if (cached != null) {
                return cached;
            }
            Integer index = conditioned.get(node);
            double own = index != null ? (state[index] ? 1.0 : 0.0) : ownAvailabilityOf(node);
            Requirement r = requirements.get(node);
            double p = own;
            if (r != null && own > 0) {
                double[] ps = new double[r.dependencies().size()];
                for (int i = 0; i < ps.length; i++) {
                    ps[i] = probability(r.dependencies().get(i), memo);
                }
                p = own * atLeast(r.k(), ps);
            }
            memo.put(node, p);
            return p;
        }
    }

    /** P(at least k of independent events with probabilities ps), by dynamic programming. */
    static double atLeast(int k, double[] ps) {
        double[] count = new double[ps.length + 1];
        count[0] = 1;
        for (int i = 0; i < ps.length; i++) {
            for (int j = i + 1; j >= 1; j--) {
                count[j] = count[j] * (1 - ps[i]) + count[j - 1] * ps[i];
            }
            count[0] *= 1 - ps[i];
        }
        double sum = 0;
        for (int j = k; j <= ps.length; j++) {
            sum += count[j];
        }
        return sum;
    }

    /** A builder of {@link DependencyGraph}s; not thread-safe. */
    public static final class Builder {
        private final Map<String, Double> availabilities = new LinkedHashMap<>();
        private final Map<String, Requirement> requirements = new HashMap<>();

        private Builder() {}

        /**
         * Adds a node without dependencies.
         *
         * @param name the node name, not blank, new
         * @param availability its availability in [0, 1]
         * @return this builder
         */
        public Builder node(String name, double availability) {
            Arguments.notBlank("node", name);
            Arguments.inClosed("availability of node '" + name + "'", availability, 0, 1);
            if (availabilities.putIfAbsent(name, availability) != null) {
                throw new IllegalArgumentException("node must be new, was '" + name + "' twice");
            }
            return this;
        }

        /**
         * Adds a node with dependencies.
         *
         * @param name the node name, not blank, new
         * @param availability its own availability in [0, 1] (1 for a pure logical gate)
         * @param requirement what it needs from its dependencies
         * @return this builder
         */
        public Builder node(String name, double availability, Requirement requirement) {
            Objects.requireNonNull(requirement, "requirement of node '" + name + "'");
            node(name, availability);
            requirements.put(name, requirement);
            return this;
        }

        /**
         * Builds the graph.
         *
         * @return the graph
         * @throws IllegalArgumentException if a dependency is not a node or the graph has a cycle
         *     (the message shows it, e.g. {@code a -> b -> a})
         */
        public DependencyGraph build() {
            for (Map.Entry<String, Requirement> e : requirements.entrySet()) {
                for (String d : e.getValue().dependencies()) {
                    if (!availabilities.containsKey(d)) {
                        throw new IllegalArgumentException(
                                "dependency of node '" + e.getKey() + "' must be a node, was '" + d + "'");
                    }
                }
            }
            Map<String, Integer> colour = new HashMap<>();
            for (String n : availabilities.keySet()) {
                List<String> path = new ArrayList<>();
                findCycle(n, colour, path);
            }
            return new DependencyGraph(
                    Collections.unmodifiableMap(new LinkedHashMap<>(availabilities)), Map.copyOf(requirements));
        }

        private void findCycle(String n, Map<String, Integer> colour, List<String> path) {
            Integer c = colour.get(n);
            if (c != null && c == 2) {
                return;
            }
            if (c != null && c == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(n), path.size()));
                cycle.add(n);
                throw new IllegalArgumentException(
                        "dependency graph must be acyclic, was a cycle " + String.join(" -> ", cycle));
            }
            colour.put(n, 1);
            path.add(n);
            Requirement r = requirements.get(n);
            if (r != null) {
                for (String d : r.dependencies()) {
                    findCycle(d, colour, path);
                }
            }
            path.remove(path.size() - 1);
            colour.put(n, 2);
        }
    }
}
