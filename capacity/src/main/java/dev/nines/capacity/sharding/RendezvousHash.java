package dev.nines.capacity.sharding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rendezvous or highest-random-weight hashing (Thaler and Ravishankar): each key goes to the node
 * with the highest score {@code -weight / ln(u)}, where {@code u} in (0, 1) is a hash of the node
 * and the key; with equal weights, the node with the highest hash.
 *
 * <p>Removing a node moves only its keys, each to its second choice; adding a node moves to it
 * only the keys it now wins, about {@code weight / totalWeight} of them. Weighted shares are
 * proportional to the weights (the logarithmic method of Schindelhauer and Schomaker). Lookup costs
 * one hash per node, so it suits tens to hundreds of nodes. Immutable and thread-safe.
 *
 * <pre>{@code
 * RendezvousHash hrw = RendezvousHash.weighted(Map.of("big", 2.0, "small", 1.0));
 * List<String> replicas = hrw.nodesFor("user:42", 2);   // first and second choice
 * }</pre>
 */
public final class RendezvousHash implements ShardAssigner {

    private final Map<String, Double> weights;
    private final String[] names;
    private final double[] weightArray;

    private RendezvousHash(Map<String, Double> weights) {
        this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        this.names = weights.keySet().toArray(new String[0]);
        this.weightArray = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            weightArray[i] = Objects.requireNonNull(weights.get(names[i]), names[i]);
        }
    }

    /**
     * Returns rendezvous hashing over equally weighted nodes.
     *
     * @param nodes the node names, not empty, not blank
     * @return the assigner
     */
    public static RendezvousHash of(Collection<String> nodes) {
        Map<String, Double> weights = new TreeMap<>();
        for (String node : Objects.requireNonNull(nodes, "nodes")) {
            weights.put(node, 1.0);
        }
        return weighted(weights);
    }

    /**
     * Returns weighted rendezvous hashing.
     *
     * @param weights node to weight, not empty; weights positive and finite
     * @return the assigner
     * @throws IllegalArgumentException if empty, a name is blank or a weight is not positive
     */
    public static RendezvousHash weighted(Map<String, Double> weights) {
        Objects.requireNonNull(weights, "weights");
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("nodes must not be empty");
        }
        Map<String, Double> sorted = new TreeMap<>();
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            dev.nines.core.internal.Arguments.notBlank("node", e.getKey());
            double w = e.getValue();
            if (!(w > 0.0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException(
                        "weight of " + e.getKey() + " must be positive and finite, was " + w);
            }
            sorted.put(e.getKey(), w);
        }
        return new RendezvousHash(sorted);
    }

    /**
     * Returns a copy with a node added (or its weight changed).
     *
     * @param node the node
     * @param weight its weight, positive
     * @return the new assigner
     */
    public RendezvousHash withNode(String node, double weight) {
        Map<String, Double> copy = new TreeMap<>(weights);
        copy.put(node, weight);
        return weighted(copy);
    }

    /**
     * Returns a copy without a node.
     *
     * @param node the node
     * @return the new assigner
     * @throws IllegalArgumentException if it is the last node
     */
    public RendezvousHash withoutNode(String node) {
        Map<String, Double> copy = new TreeMap<>(weights);
        copy.remove(node);
        return weighted(copy);
    }

    private double score(int node, long keyHash) {
        long h = Hash64.mix(Hash64.hash(names[node]) ^ Hash64.mix(keyHash + 0x9e3779b97f4a7c15L));
        double u = ((h >>> 11) + 0.5) * 0x1p-53; // in (0, 1)
        return -weightArray[node] / Math.log(u);
    }

    @Override
    public String nodeFor(String key) {
        long keyHash = Hash64.hash(Objects.requireNonNull(key, "key"));
        int best = 0;
        double bestScore = score(0, keyHash);
        for (int i = 1; i < names.length; i++) {
            double s = score(i, keyHash);
            if (s > bestScore) {
                best = i;
                bestScore = s;
            }
        }
        return names[best];
    }

    /**
     * Returns the first {@code count} choices for a key, best first (for replica placement).
     *
     * @param key the key
     * @param count how many nodes, at least 1 (capped at the number of nodes)
     * @return the nodes in decreasing score
     */
    public List<String> nodesFor(String key, int count) {
        dev.nines.core.internal.Arguments.atLeast("count", count, 1);
        long keyHash = Hash64.hash(Objects.requireNonNull(key, "key"));
        List<Integer> order = new ArrayList<>();
        double[] scores = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            scores[i] = score(i, keyHash);
            order.add(i);
        }
        order.sort((x, y) -> Double.compare(scores[y], scores[x]));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, names.length); i++) {
            out.add(names[order.get(i)]);
        }
        return out;
    }

    @Override
    public Set<String> nodes() {
        return weights.keySet();
    }

    /**
     * Returns the weights.
     *
     * @return node to weight
     */
    public Map<String, Double> weights() {
        return weights;
    }

    @Override
    public String toString() {
        return "RendezvousHash" + weights;
    }
}
