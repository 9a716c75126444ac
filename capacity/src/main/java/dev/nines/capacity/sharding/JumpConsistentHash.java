package dev.nines.capacity.sharding;

import dev.nines.core.internal.Arguments;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Jump consistent hash (John Lamping and Eric Veach, "A Fast, Minimal Memory, Consistent Hash
 * Algorithm", 2014): maps a 64-bit key to one of {@code n} numbered buckets, uniformly, with no
 * state, such that growing from {@code n} to {@code n + 1} buckets moves only {@code 1 / (n + 1)}
 * of the keys, all to the new bucket.
 *
 * <p>The result equals the paper's C++ function bit for bit (unsigned 64-bit key, the same linear
 * congruential step and double arithmetic). Buckets are numbered, so it suits shards added and
 * removed at the end (not arbitrary node removal: use {@link ConsistentHashRing} or
 * {@link RendezvousHash} for that). Stateless, allocation-free and thread-safe.
 *
 * <pre>{@code
 * int shard = JumpConsistentHash.bucket(userId, 16);
 * }</pre>
 */
public final class JumpConsistentHash {

    private JumpConsistentHash() {}

    /**
     * Returns the bucket of a key.
     *
     * @param key the key, read as an unsigned 64-bit value
     * @param buckets the number of buckets, at least 1
     * @return the bucket, in {@code [0, buckets)}
     * @throws IllegalArgumentException if {@code buckets < 1}
     */
    public static int bucket(long key, int buckets) {
        Arguments.atLeast("buckets", buckets, 1);
        long b = -1;
        long j = 0;
        while (j < buckets) {
            b = j;
            key = key * 2862933555777941757L + 1;
            j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
        }
        return (int) b;
    }

    /**
     * Returns the bucket of a string key, hashed to 64 bits first (FNV-1a with a MurmurHash3 finalizer).
     *
     * @param key the key
     * @param buckets the number of buckets, at least 1
     * @return the bucket, in {@code [0, buckets)}
     */
    public static int bucket(String key, int buckets) {
        return bucket(Hash64.hash(Objects.requireNonNull(key, "key")), buckets);
    }

    /**
     * Returns an assigner over named shards: a key goes to {@code shards.get(bucket(key, shards.size()))}.
     * Append new shards at the end so that only {@code 1 / n} of the keys move.
     *
     * @param shards the shard names in bucket order, not empty, no duplicates
     * @return the assigner
     * @throws IllegalArgumentException if empty or a name repeats
     */
    public static ShardAssigner assigner(List<String> shards) {
        List<String> names = List.copyOf(shards);
        Set<String> set = new LinkedHashSet<>(names);
        if (names.isEmpty() || set.size() != names.size()) {
            throw new IllegalArgumentException("shards must be non-empty and distinct, was " + names);
        }
        Set<String> nodes = java.util.Collections.unmodifiableSet(set);
        return new ShardAssigner() {
            @Override
            public String nodeFor(String key) {
                return names.get(bucket(key, names.size()));
            }

            @Override
            public Set<String> nodes() {
                return nodes;
            }

            @Override
            public String toString() {
                return "JumpConsistentHash" + names;
            }
        };
    }
}
