package dev.nines.capacity.sharding;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How unevenly load is spread over nodes: mean, extremes, the peak-to-average ratio (what capacity
 * must be sized for: the hottest node) and the coefficient of variation. Immutable.
 *
 * @param nodes the number of nodes
 * @param mean the mean load per node
 * @param min the lowest load
 * @param max the highest load
 * @param hottest the node with the highest load (first in order on ties)
 * @param peakToAverageRatio {@code max / mean} (1 = perfectly even; 1 when all loads are 0)
 * @param coefficientOfVariation population standard deviation divided by the mean (0 = even)
 */
public record LoadSkew(
        int nodes,
        double mean,
        double min,
        double max,
        String hottest,
        double peakToAverageRatio,
        double coefficientOfVariation) {

    /**
     * Returns the skew of per-node loads.
     *
     * @param loads node to load, not empty, loads finite and not negative
     * @return the statistics
     * @throws IllegalArgumentException if empty or a load is negative or not finite
     */
    public static LoadSkew of(Map<String, ? extends Number> loads) {
        Objects.requireNonNull(loads, "loads");
        if (loads.isEmpty()) {
            throw new IllegalArgumentException("loads must not be empty");
        }
        double sum = 0.0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        String hottest = null;
        for (Map.Entry<String, ? extends Number> e : loads.entrySet()) {
            double load = e.getValue().doubleValue();
            if (!(load >= 0.0) || Double.isInfinite(load)) {
                throw new IllegalArgumentException(
                        "load of " + e.getKey() + " must be finite and at least 0.0, was " + load);
            }
            sum += load;
            min = Math.min(min, load);
            if (load > max) {
                max = load;
                hottest = e.getKey();
            }
        }
        int n = loads.size();
        double mean = sum / n;
        double squares = 0.0;
        for (Number value : loads.values()) {
            double d = value.doubleValue() - mean;
            squares += d * d;
        }
        double cv = mean == 0.0 ? 0.0 : Math.sqrt(squares / n) / mean;
        // loads is not empty and every load is at least 0.0, so the first one set hottest.
        return new LoadSkew(
                n, mean, min, max, Objects.requireNonNull(hottest, "hottest"), mean == 0.0 ? 1.0 : max / mean, cv);
    }

    /**
     * Returns the skew of key counts when keys are placed by an assigner (nodes with no key count as 0).
     *
     * @param keys the keys (each counts once per occurrence)
     * @param assigner the placement
     * @return the statistics
     */
    public static LoadSkew ofKeys(Collection<String> keys, ShardAssigner assigner) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String node : assigner.nodes()) {
            counts.put(node, 0L);
        }
        for (String key : keys) {
            counts.merge(assigner.nodeFor(key), 1L, Long::sum);
        }
        return of(counts);
    }
}
