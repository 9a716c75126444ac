package dev.nines.failover.client;

import dev.nines.core.internal.Arguments;

/**
 * One endpoint of a stateless pool and its routing weight.
 *
 * @param id the unique, non-blank endpoint id (host:port, URL, region)
 * @param weight the relative share of calls, at least 1
 */
public record Endpoint(String id, int weight) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if {@code id} is blank or {@code weight} below 1
     */
    public Endpoint {
        Arguments.notBlank("id", id);
        Arguments.atLeast("weight", weight, 1);
    }

    /**
     * Returns an endpoint with weight 1.
     *
     * @param id the endpoint id
     * @return the endpoint
     */
    public static Endpoint of(String id) {
        return new Endpoint(id, 1);
    }
}
