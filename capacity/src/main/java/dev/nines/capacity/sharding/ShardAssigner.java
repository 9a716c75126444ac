package dev.nines.capacity.sharding;

import java.util.Set;

/**
 * Anything that places keys on nodes: {@link ConsistentHashRing}, {@link RendezvousHash}, or
 * {@link JumpConsistentHash#assigner(java.util.List)}. Implementations are immutable and thread-safe.
 */
public interface ShardAssigner {

    /**
     * Returns the node that owns a key.
     *
     * @param key the key, not null
     * @return the node
     */
    String nodeFor(String key);

    /**
     * Returns every node that can own keys.
     *
     * @return the nodes, in a stable order
     */
    Set<String> nodes();
}
