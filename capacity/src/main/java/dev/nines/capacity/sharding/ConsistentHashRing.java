package dev.nines.capacity.sharding;

import dev.nines.core.internal.Arguments;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A consistent-hash ring with virtual nodes (Karger et al.): every node is placed at
 * {@code virtualNodes} points of the unsigned 64-bit hash space, and a key belongs to the first
 * point at or after its hash, wrapping around.
 *
 * <p>Adding a node moves only the keys the new node takes (on average {@code 1 / (n + 1)} of them);
 * removing one moves only its keys. More virtual nodes give a more even split: the spread of a
 * node's share is roughly {@code 1 / sqrt(virtualNodes)} of the mean. Point {@code i} of node
 * {@code x} is at the hash of {@code "x#i"} (FNV-1a with a MurmurHash3 finalizer; stable across
 * releases). Immutable and thread-safe; lookups are a binary search and allocate only the key's bytes.
 *
 * <pre>{@code
 * ConsistentHashRing ring = ConsistentHashRing.of(List.of("a", "b", "c"), 200);
 * String owner = ring.nodeFor("user:42");
 * RebalancePlan plan = ring.rebalanceTo(ring.withNode("d"));   // ranges that move to "d"
 * }</pre>
 */
public final class ConsistentHashRing implements ShardAssigner {

    private static final double TWO_TO_64 = 0x1p64;

    private final int virtualNodes;
    private final Set<String> nodes;
    /** Points sorted as unsigned values. */
    private final long[] points;

    private final String[] owners;

    private ConsistentHashRing(Set<String> nodes, int virtualNodes) {
        this.virtualNodes = virtualNodes;
        this.nodes = Collections.unmodifiableSet(nodes);
        int size = nodes.size() * virtualNodes;
        long[][] entries = new long[size][];
        String[] names = nodes.toArray(new String[0]);
        int k = 0;
        for (int n = 0; n < names.length; n++) {
            for (int i = 0; i < virtualNodes; i++) {
                entries[k++] = new long[] {Hash64.hash(names[n] + "#" + i), n};
            }
        }
        // unsigned order; equal points (practically never) ordered by node name so placement is deterministic
        Arrays.sort(
                entries,
                Comparator.<long[]>comparingLong(e -> e[0] ^ Long.MIN_VALUE).thenComparing(e -> names[(int) e[1]]));
        this.points = new long[size];
        this.owners = new String[size];
        for (int i = 0; i < size; i++) {
            points[i] = entries[i][0];
            owners[i] = names[(int) entries[i][1]];
        }
    }

    /**
     * Returns a ring over the given nodes.
     *
     * @param nodes the node names, not empty (duplicates are ignored)
     * @param virtualNodes the points per node, in [1, 10,000]
     * @return the ring
     * @throws IllegalArgumentException if {@code nodes} is empty or a name is blank
     */
    public static ConsistentHashRing of(Collection<String> nodes, int virtualNodes) {
        Objects.requireNonNull(nodes, "nodes");
        Arguments.atLeast("virtualNodes", virtualNodes, 1);
        if (virtualNodes > 10_000) {
            throw new IllegalArgumentException("virtualNodes must be at most 10000, was " + virtualNodes);
        }
        Set<String> set = new TreeSet<>();
        for (String node : nodes) {
            set.add(Arguments.notBlank("node", node));
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("nodes must not be empty");
        }
        return new ConsistentHashRing(set, virtualNodes);
    }

    /**
     * Returns a copy with one more node.
     *
     * @param node the node to add, not blank
     * @return the new ring (this one if the node is already present)
     */
    public ConsistentHashRing withNode(String node) {
        if (nodes.contains(Arguments.notBlank("node", node))) {
            return this;
        }
        Set<String> set = new TreeSet<>(nodes);
        set.add(node);
        return new ConsistentHashRing(set, virtualNodes);
    }

    /**
     * Returns a copy without a node.
     *
     * @param node the node to remove
     * @return the new ring (this one if the node is absent)
     * @throws IllegalArgumentException if it is the last node
     */
    public ConsistentHashRing withoutNode(String node) {
        Objects.requireNonNull(node, "node");
        if (!nodes.contains(node)) {
            return this;
        }
        if (nodes.size() == 1) {
            throw new IllegalArgumentException("cannot remove the last node " + node);
        }
        Set<String> set = new TreeSet<>(nodes);
        set.remove(node);
        return new ConsistentHashRing(set, virtualNodes);
    }

    @Override
    public String nodeFor(String key) {
        return nodeForHash(Hash64.hash(Objects.requireNonNull(key, "key")));
    }

    /**
     * Returns the node owning a 64-bit hash (for keys hashed by the caller).
     *
     * @param hash the hash, read as unsigned
     * @return the node
     */
    public String nodeForHash(long hash) {
        return owners[indexFor(hash)];
    }

    private int indexFor(long hash) {
        long target = hash ^ Long.MIN_VALUE;
        int low = 0;
        int high = points.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long value = points[mid] ^ Long.MIN_VALUE;
            if (value < target) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return low == points.length ? 0 : low;
    }

    @Override
    public Set<String> nodes() {
        return nodes;
    }

    /**
     * Returns the number of points per node.
     *
     * @return the virtual nodes per node
     */
    public int virtualNodes() {
        return virtualNodes;
    }

    /**
     * Returns each node's exact share of the hash space (the expected share of uniformly hashed keys).
     *
     * @return node to fraction in [0, 1], summing to 1, in node order
     */
    public Map<String, Double> ownership() {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String node : nodes) {
            shares.put(node, 0.0);
        }
        if (points.length == 1) {
            shares.put(owners[0], 1.0);
            return Collections.unmodifiableMap(shares);
        }
        for (int i = 0; i < points.length; i++) {
            long previous = points[i == 0 ? points.length - 1 : i - 1];
            shares.merge(owners[i], fraction(previous, points[i]), Double::sum);
        }
        return Collections.unmodifiableMap(shares);
    }

    /**
     * Returns the plan that takes this ring to another: every hash range whose owner changes.
     *
     * @param target the ring after the change
     * @return the plan
     */
    public RebalancePlan rebalanceTo(ConsistentHashRing target) {
        return RebalancePlan.between(this, target);
    }

    /** Length of the range (from, to] as a fraction of the ring, wrapping; 0 when equal. */
    static double fraction(long fromExclusive, long toInclusive) {
        return unsignedToDouble(toInclusive - fromExclusive) / TWO_TO_64;
    }

    static double unsignedToDouble(long value) {
        return value >= 0 ? (double) value : ((double) (value >>> 1)) * 2.0 + (value & 1L);
    }

    long[] points() {
        return points;
    }

    @Override
    public String toString() {
        return "ConsistentHashRing[nodes=" + nodes + ", virtualNodes=" + virtualNodes + "]";
    }
}
