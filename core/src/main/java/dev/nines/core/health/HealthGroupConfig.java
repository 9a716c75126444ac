package dev.nines.core.health;

import dev.nines.core.internal.Arguments;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which checks a group contains (include and exclude lists of check names, {@code "*"} for every
 * check) and what an empty group reports.
 *
 * <p>The registry always has the three Kubernetes groups {@value #LIVENESS}, {@value #READINESS}
 * and {@value #STARTUP}; by default liveness and startup contain no checks and readiness contains
 * every check ({@code "*"}). Defining a group with one of these names replaces the default. A
 * check is a member if it is included (by name or by {@code "*"}) and not excluded. Naming a check
 * that is not registered is a configuration error reported when the registry is built.
 *
 * <p>An empty group reports, unless configured with {@link Builder#emptyStatus(HealthStatus)}:
 * liveness {@code UP}; readiness and startup {@code DOWN} (as MicroProfile Health does: an
 * instance with nothing proving it ready is not ready); custom groups {@code UNKNOWN}.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * HealthGroupConfig readiness = HealthGroupConfig.builder(HealthGroupConfig.READINESS)
 *         .include("*").exclude("deadlock")
 *         .build();
 * }</pre>
 */
public final class HealthGroupConfig {

    /** The liveness group: is the process able to make progress at all (restart it if not)? */
    public static final String LIVENESS = "liveness";
    /** The readiness group: can this instance serve traffic now (route elsewhere if not)? */
    public static final String READINESS = "readiness";
    /** The startup group: has the instance finished starting (hold other probes until it has)? */
    public static final String STARTUP = "startup";
    /** The include pattern matching every check. */
    public static final String ALL = "*";

    private final String name;
    private final Set<String> include;
    private final Set<String> exclude;
    private final HealthStatus emptyStatus;

    private HealthGroupConfig(Builder builder) {
        this.name = builder.name;
        this.include = Collections.unmodifiableSet(new LinkedHashSet<>(builder.include));
        this.exclude = Collections.unmodifiableSet(new LinkedHashSet<>(builder.exclude));
        this.emptyStatus = builder.emptyStatus != null ? builder.emptyStatus : defaultEmptyStatus(builder.name);
    }

    /**
     * Returns a builder for a group with the given name and no members.
     *
     * @param name the group name, not blank
     * @return a new builder
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static Builder builder(String name) {
        return new Builder(Arguments.notBlank("name", name));
    }

    /**
     * Returns the configuration the registry uses for a group it was not given: readiness includes
     * every check, every other group none.
     *
     * @param name the group name
     * @return the default configuration of that group
     */
    public static HealthGroupConfig ofDefaults(String name) {
        Builder builder = builder(name);
        if (READINESS.equals(name)) {
            builder.include(ALL);
        }
        return builder.build();
    }

    /**
     * Returns a builder starting from this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder(name);
        builder.include.addAll(include);
        builder.exclude.addAll(exclude);
        builder.emptyStatus = emptyStatus;
        return builder;
    }

    /**
     * Returns the group name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the included check names, possibly {@value #ALL}.
     *
     * @return an unmodifiable set in insertion order
     */
    public Set<String> include() {
        return include;
    }

    /**
     * Returns the excluded check names.
     *
     * @return an unmodifiable set in insertion order
     */
    public Set<String> exclude() {
        return exclude;
    }

    /**
     * Returns the status of the group when it has no member checks.
     *
     * @return the empty status
     */
    public HealthStatus emptyStatus() {
        return emptyStatus;
    }

    /**
     * Returns whether the named check belongs to this group.
     *
     * @param checkName a check name
     * @return {@code true} if included and not excluded
     */
    public boolean contains(String checkName) {
        return (include.contains(ALL) || include.contains(checkName)) && !exclude.contains(checkName);
    }

    /**
     * Returns whether {@code o} is a {@code HealthGroupConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof HealthGroupConfig other
                && Objects.equals(name, other.name)
                && Objects.equals(include, other.include)
                && Objects.equals(exclude, other.exclude)
                && Objects.equals(emptyStatus, other.emptyStatus);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(name, include, exclude, emptyStatus);
    }

    @Override
    public String toString() {
        return "HealthGroupConfig[name=" + name + ", include=" + include + ", exclude=" + exclude + ", emptyStatus="
                + emptyStatus + "]";
    }

    private static HealthStatus defaultEmptyStatus(String name) {
        switch (name) {
            case LIVENESS:
                return HealthStatus.UP;
            case READINESS:
            case STARTUP:
                return HealthStatus.DOWN;
            default:
                return HealthStatus.UNKNOWN;
        }
    }

    /** Builds a {@link HealthGroupConfig}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Set<String> include = new LinkedHashSet<>();
        private final Set<String> exclude = new LinkedHashSet<>();
        private @Nullable HealthStatus emptyStatus;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Adds check names (or {@value HealthGroupConfig#ALL}) to the group.
         *
         * @param checkNames names of registered checks
         * @return this builder
         * @throws IllegalArgumentException if a name is blank
         */
        public Builder include(String... checkNames) {
            for (String checkName : checkNames) {
                include.add(Arguments.notBlank("checkName", checkName));
            }
            return this;
        }

        /**
         * Removes check names from the group, even if matched by {@value HealthGroupConfig#ALL}.
         *
         * @param checkNames names of registered checks
         * @return this builder
         * @throws IllegalArgumentException if a name is blank or is {@value HealthGroupConfig#ALL}
         */
        public Builder exclude(String... checkNames) {
            for (String checkName : checkNames) {
                Arguments.notBlank("checkName", checkName);
                if (ALL.equals(checkName)) {
                    throw new IllegalArgumentException("exclude must name checks, was \"*\"");
                }
                exclude.add(checkName);
            }
            return this;
        }

        /**
         * Sets the status of the group when it has no member checks (e.g. {@code UP} for a
         * readiness group of a service with no dependencies).
         *
         * @param emptyStatus the status
         * @return this builder
         */
        public Builder emptyStatus(HealthStatus emptyStatus) {
            this.emptyStatus = Objects.requireNonNull(emptyStatus, "emptyStatus");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         */
        public HealthGroupConfig build() {
            return new HealthGroupConfig(this);
        }
    }
}
