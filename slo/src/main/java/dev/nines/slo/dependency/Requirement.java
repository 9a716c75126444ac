package dev.nines.slo.dependency;

import dev.nines.core.internal.Arguments;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a node needs from its dependencies to be up: all of them (AND), any one (OR) or at least
 * {@code k} of them (k-of-n, e.g. a quorum of 2 of 3 replicas).
 *
 * <p>Immutable. The dependencies must be distinct and not blank, and {@code k} in [1, n];
 * otherwise {@link IllegalArgumentException} names the item and value.
 *
 * <pre>{@code
 * Requirement.all("db", "auth");
 * Requirement.any("region-a", "region-b");
 * Requirement.atLeast(2, "replica-1", "replica-2", "replica-3");
 * }</pre>
 *
 * @param kind the kind of requirement
 * @param k the number of dependencies that must be up: n for ALL, 1 for ANY
 * @param dependencies the names of the dependencies, distinct, at least one
 */
public record Requirement(Kind kind, int k, List<String> dependencies) {

    /** The kind of a requirement. */
    public enum Kind {
        /** Every dependency must be up. */
        ALL,
        /** At least one dependency must be up. */
        ANY,
        /** At least {@code k} dependencies must be up. */
        AT_LEAST
    }

    /**
     * Validates and copies.
     *
     * @param kind the kind
     * @param k the number that must be up
     * @param dependencies the dependencies
     */
    public Requirement {
        Objects.requireNonNull(kind, "kind");
        dependencies = List.copyOf(dependencies);
        if (dependencies.isEmpty()) {
            throw new IllegalArgumentException("dependencies must not be empty, was []");
        }
        Set<String> seen = new HashSet<>();
        for (String d : dependencies) {
            Arguments.notBlank("dependency", d);
            if (!seen.add(d)) {
                throw new IllegalArgumentException("dependencies must be distinct, was '" + d + "' twice");
            }
        }
        int n = dependencies.size();
        int expected = kind == Kind.ALL ? n : kind == Kind.ANY ? 1 : k;
        if (k != expected || k < 1 || k > n) {
            throw new IllegalArgumentException("k of " + kind + " over " + n + " dependencies must be "
                    + (kind == Kind.AT_LEAST ? "in [1, " + n + "]" : Integer.toString(expected)) + ", was " + k);
        }
    }

    /**
     * Returns an AND requirement.
     *
     * @param dependencies the dependencies, all required
     * @return the requirement
     */
    public static Requirement all(String... dependencies) {
        return new Requirement(Kind.ALL, dependencies.length, List.of(dependencies));
    }

    /**
     * Returns an OR requirement.
     *
     * @param dependencies the dependencies, any one suffices
     * @return the requirement
     */
    public static Requirement any(String... dependencies) {
        return new Requirement(Kind.ANY, 1, List.of(dependencies));
    }

    /**
     * Returns a k-of-n requirement.
     *
     * @param k how many must be up, in [1, n]
     * @param dependencies the n dependencies
     * @return the requirement
     */
    public static Requirement atLeast(int k, String... dependencies) {
        return new Requirement(Kind.AT_LEAST, k, List.of(dependencies));
    }

    /** Returns whether {@code up} of the dependencies being up satisfies the requirement. */
    boolean isMetBy(int up) {
        return up >= k;
    }
}
