package dev.nines.slo.dependency;

/**
 * What making one node redundant would do to a root's availability.
 *
 * @param node the node made redundant
 * @param baseAvailability the root's availability today
 * @param availabilityWithRedundancy the root's availability with a second, independent instance
 *     of {@code node}
 */
public record RedundancyGain(String node, double baseAvailability, double availabilityWithRedundancy) {

    /**
     * Returns the gain in availability.
     *
     * @return {@code availabilityWithRedundancy - baseAvailability}
     */
    public double gain() {
        return availabilityWithRedundancy - baseAvailability;
    }
}
