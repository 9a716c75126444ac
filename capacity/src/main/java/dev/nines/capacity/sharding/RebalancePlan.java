package dev.nines.capacity.sharding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What moves when the set of nodes changes: the hash ranges (between two
 * {@link ConsistentHashRing rings}) or the keys (between any two {@link ShardAssigner assigners}),
 * with the fraction that moves and the minimum fraction any placement would have to move.
 *
 * <p>The minimum is the total variation distance between the old and new shares,
 * {@code sum(|before(n) - after(n)|) / 2}: at least that much must change hands for the shares to
 * change. Consistent hashing reaches it (only keys to an added node, or from a removed one, move);
 * modulo hashing moves about {@code n / (n + 1)}. Immutable.
 *
 * @param ranges hash ranges that change owner (empty for a key plan), merged where adjacent
 * @param keys keys that change owner (empty for a range plan)
 * @param movedFraction the fraction of the hash space or of the keys that moves
 * @param minimumFraction the least fraction any placement with the new shares would move
 */
public record RebalancePlan(List<RangeMove> ranges, List<KeyMove> keys, double movedFraction, double minimumFraction) {

    /**
     * Copies the lists.
     */
    public RebalancePlan {
        ranges = List.copyOf(ranges);
        keys = List.copyOf(keys);
    }

    /**
     * A hash range that changes owner: hashes in {@code (startExclusive, endInclusive]}, unsigned,
     * wrapping past {@code 0xffffffffffffffff} when {@code end < start}.
     *
     * @param startExclusive the range start, exclusive
     * @param endInclusive the range end, inclusive
     * @param from the old owner
     * @param to the new owner
     * @param fraction the range's share of the hash space
     */
    public record RangeMove(long startExclusive, long endInclusive, String from, String to, double fraction) {}

    /**
     * A key that changes owner.
     *
     * @param key the key
     * @param from the old owner
     * @param to the new owner
     */
    public record KeyMove(String key, String from, String to) {}

    /**
     * Returns how much more than the minimum the plan moves.
     *
     * @return {@code movedFraction / minimumFraction} (1 = optimal; 1 when nothing needs to move
     *     and nothing moves, infinite when nothing needs to move but something does)
     */
    public double movementRatio() {
        if (minimumFraction == 0.0) {
            return movedFraction == 0.0 ? 1.0 : Double.POSITIVE_INFINITY;
        }
        return movedFraction / minimumFraction;
    }

    /**
     * Returns the exact range plan between two rings.
     *
     * @param before the ring now
     * @param after the ring after the change
     * @return the plan
     */
    public static RebalancePlan between(ConsistentHashRing before, ConsistentHashRing after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        long[] a = before.points();
        long[] b = after.points();
        long[] all = new long[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        for (int i = 0; i < all.length; i++) {
            all[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(all);
        long[] boundaries =
                Arrays.stream(all).distinct().map(x -> x ^ Long.MIN_VALUE).toArray();
        List<RangeMove> moves = new ArrayList<>();
        double moved = 0.0;
        int n = boundaries.length;
        for (int k = 0; k < n; k++) {
            long end = boundaries[k];
            long start = boundaries[k == 0 ? n - 1 : k - 1];
            String from = before.nodeForHash(end);
            String to = after.nodeForHash(end);
            if (from.equals(to)) {
                continue;
            }
            double fraction = n == 1 ? 1.0 : ConsistentHashRing.fraction(start, end);
            moved += fraction;
            RangeMove last = moves.isEmpty() ? null : moves.get(moves.size() - 1);
            if (last != null
                    && last.endInclusive() == start
                    && last.from().equals(from)
                    && last.to().equals(to)) {
                moves.set(
                        moves.size() - 1,
                        new RangeMove(last.startExclusive(), end, from, to, last.fraction() + fraction));
            } else {
                moves.add(new RangeMove(start, end, from, to, fraction));
            }
        }
        return new RebalancePlan(moves, List.of(), moved, totalVariation(before.ownership(), after.ownership()));
    }

    /**
     * Returns the key plan between two assigners over a set of keys.
     *
     * @param keys the keys (duplicates count once)
     * @param before the placement now
     * @param after the placement after the change
     * @return the plan; fractions are of the distinct keys (0 when there are none)
     */
    public static RebalancePlan forKeys(Collection<String> keys, ShardAssigner before, ShardAssigner after) {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Set<String> distinct = new HashSet<>(keys);
        Map<String, Double> countsBefore = new HashMap<>();
        Map<String, Double> countsAfter = new HashMap<>();
        List<KeyMove> moves = new ArrayList<>();
        for (String key : keys) {
            if (!distinct.remove(key)) {
                continue;
            }
            String from = before.nodeFor(key);
            String to = after.nodeFor(key);
            countsBefore.merge(from, 1.0, Double::sum);
            countsAfter.merge(to, 1.0, Double::sum);
            if (!from.equals(to)) {
                moves.add(new KeyMove(key, from, to));
            }
        }
        double total =
                countsBefore.values().stream().mapToDouble(Double::doubleValue).sum();
        if (total == 0.0) {
            return new RebalancePlan(List.of(), List.of(), 0.0, 0.0);
        }
        return new RebalancePlan(
                List.of(), moves, moves.size() / total, totalVariation(countsBefore, countsAfter) / total);
    }

    private static double totalVariation(Map<String, Double> before, Map<String, Double> after) {
        Set<String> nodes = new HashSet<>(before.keySet());
        nodes.addAll(after.keySet());
        double sum = 0.0;
        for (String node : nodes) {
            sum += Math.abs(before.getOrDefault(node, 0.0) - after.getOrDefault(node, 0.0));
        }
        return sum / 2.0;
    }
}
