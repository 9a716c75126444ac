package dev.nines.core.health;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * How the registry runs and judges one health check: timeout, Kubernetes-style thresholds,
 * criticality, the shared-dependency (fail-open) guard and, for scheduled checks, the period and
 * the expiry of cached results.
 *
 * <p>Immutable and thread-safe. Defaults ({@link #ofDefaults()}): timeout 10 s, failure and success
 * thresholds 1, critical, not a dependency, run on demand (period zero), expiry after 3
 * missed periods to {@link HealthStatus#DOWN}. Every setter rejects bad input with an
 * {@link IllegalArgumentException} naming the field and the value.
 *
 * <pre>{@code
 * HealthCheckConfig config = HealthCheckConfig.builder()
 *         .period(Duration.ofSeconds(10))      // scheduled; evaluation reads the cached result
 *         .timeout(Duration.ofSeconds(2))
 *         .failureThreshold(3)                 // 3 consecutive failures before it reports DOWN
 *         .successThreshold(2)                 // 2 consecutive successes before it reports UP again
 *         .build();
 * }</pre>
 */
public final class HealthCheckConfig {

    private static final HealthCheckConfig DEFAULTS = builder().build();

    private final Duration timeout;
    private final int failureThreshold;
    private final int successThreshold;
    private final boolean critical;
    private final boolean sharedDependency;
    private final boolean dependency;
    private final boolean safeForLiveness;
    private final BooleanSupplier failOpenWhen;
    private final Duration period;
    private final int expireAfterMissedPeriods;
    private final HealthStatus expiredStatus;

    private HealthCheckConfig(Builder builder) {
        this.timeout = builder.timeout;
        this.failureThreshold = builder.failureThreshold;
        this.successThreshold = builder.successThreshold;
        this.critical = builder.critical;
        this.sharedDependency = builder.sharedDependency;
        this.dependency = builder.dependency;
        this.safeForLiveness = builder.safeForLiveness;
        this.failOpenWhen = builder.failOpenWhen;
        this.period = builder.period;
        this.expireAfterMissedPeriods = builder.expireAfterMissedPeriods;
        this.expiredStatus = builder.expiredStatus;
    }

    /**
     * Returns the default configuration.
     *
     * @return the defaults
     */
    public static HealthCheckConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder starting from this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.timeout = timeout;
        builder.failureThreshold = failureThreshold;
        builder.successThreshold = successThreshold;
        builder.critical = critical;
        builder.sharedDependency = sharedDependency;
        builder.dependency = dependency;
        builder.safeForLiveness = safeForLiveness;
        builder.failOpenWhen = failOpenWhen;
        builder.period = period;
        builder.expireAfterMissedPeriods = expireAfterMissedPeriods;
        builder.expiredStatus = expiredStatus;
        return builder;
    }

    /**
     * Returns how long one run of the check may take before it is reported {@code DOWN} with reason
     * {@code timeout}.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns how many strictly consecutive failures turn a passing check into a failing one.
     *
     * @return the failure threshold, at least 1
     */
    public int failureThreshold() {
        return failureThreshold;
    }

    /**
     * Returns how many strictly consecutive successes turn a failing check into a passing one.
     *
     * @return the success threshold, at least 1
     */
    public int successThreshold() {
        return successThreshold;
    }

    /**
     * Returns whether the check is critical; a non-critical check cannot take a group below
     * {@link HealthStatus#DEGRADED}.
     *
     * @return {@code true} if critical
     */
    public boolean isCritical() {
        return critical;
    }

    /**
     * Returns whether the check watches a dependency shared by the whole fleet (fail-open guard).
     *
     * @return {@code true} if declared a shared dependency
     */
    public boolean isSharedDependency() {
        return sharedDependency;
    }

    /**
     * Returns whether the check watches something outside this process: a database, a downstream
     * service, a queue. A {@linkplain #isSharedDependency() shared dependency} is always one. The
     * registry keeps such checks out of the liveness group unless they are
     * {@linkplain #isSafeForLiveness() marked safe for liveness}.
     *
     * @return {@code true} if declared a dependency or a shared dependency
     */
    public boolean isDependency() {
        return dependency || sharedDependency;
    }

    /**
     * Returns whether a dependency check has been explicitly allowed in the liveness group.
     *
     * @return {@code true} if marked safe for liveness
     */
    public boolean isSafeForLiveness() {
        return safeForLiveness;
    }

    /**
     * Returns the condition under which a failing shared dependency is reported as
     * {@link HealthStatus#DEGRADED} instead of taking the group down; by default always.
     *
     * @return the fail-open condition
     */
    public BooleanSupplier failOpenWhen() {
        return failOpenWhen;
    }

    /**
     * Returns the period of a scheduled check, or zero for a check run on every evaluation.
     *
     * @return the period, zero if on demand
     */
    public Duration period() {
        return period;
    }

    /**
     * Returns whether the check runs in the background on a schedule.
     *
     * @return {@code true} if {@link #period()} is positive
     */
    public boolean isScheduled() {
        return !period.isZero();
    }

    /**
     * Returns after how many missed periods a cached healthy result of a scheduled check expires.
     *
     * @return the number of periods, at least 1
     */
    public int expireAfterMissedPeriods() {
        return expireAfterMissedPeriods;
    }

    /**
     * Returns the status that replaces an expired healthy result: {@link HealthStatus#DOWN} or
     * {@link HealthStatus#UNKNOWN}.
     *
     * @return the expired status
     */
    public HealthStatus expiredStatus() {
        return expiredStatus;
    }

    /**
     * Returns whether {@code o} is a {@code HealthCheckConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof HealthCheckConfig other
                && Objects.equals(timeout, other.timeout)
                && failureThreshold == other.failureThreshold
                && successThreshold == other.successThreshold
                && critical == other.critical
                && sharedDependency == other.sharedDependency
                && dependency == other.dependency
                && safeForLiveness == other.safeForLiveness
                && Objects.equals(failOpenWhen, other.failOpenWhen)
                && Objects.equals(period, other.period)
                && expireAfterMissedPeriods == other.expireAfterMissedPeriods
                && Objects.equals(expiredStatus, other.expiredStatus);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(
                timeout,
                failureThreshold,
                successThreshold,
                critical,
                sharedDependency,
                dependency,
                safeForLiveness,
                failOpenWhen,
                period,
                expireAfterMissedPeriods,
                expiredStatus);
    }

    @Override
    public String toString() {
        return "HealthCheckConfig[timeout=" + timeout + ", failureThreshold=" + failureThreshold
                + ", successThreshold=" + successThreshold + ", critical=" + critical
                + ", sharedDependency=" + sharedDependency + ", dependency=" + dependency
                + ", safeForLiveness=" + safeForLiveness + ", period=" + period
                + ", expireAfterMissedPeriods=" + expireAfterMissedPeriods
                + ", expiredStatus=" + expiredStatus + "]";
    }

    /** Builds a {@link HealthCheckConfig}. Not thread-safe. */
    public static final class Builder {
        private Duration timeout = Duration.ofSeconds(10);
        private int failureThreshold = 1;
        private int successThreshold = 1;
        private boolean critical = true;
        private boolean sharedDependency;
        private boolean dependency;
        private boolean safeForLiveness;
        private BooleanSupplier failOpenWhen = () -> true;
        private Duration period = Duration.ZERO;
        private int expireAfterMissedPeriods = 3;
        private HealthStatus expiredStatus = HealthStatus.DOWN;

        private Builder() {}

        /**
         * Sets the timeout of one run.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is zero or negative
         */
        public Builder timeout(Duration timeout) {
            this.timeout = Arguments.positive("timeout", timeout);
            return this;
        }

        /**
         * Sets how many strictly consecutive failures ({@code DOWN}, {@code OUT_OF_SERVICE},
         * {@code UNKNOWN}) make a passing check report failure (Kubernetes {@code failureThreshold}).
         *
         * @param failureThreshold at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder failureThreshold(int failureThreshold) {
            this.failureThreshold = Arguments.atLeast("failureThreshold", failureThreshold, 1);
            return this;
        }

        /**
         * Sets how many strictly consecutive successes ({@code UP}, {@code DEGRADED}) make a failing
         * check report success (Kubernetes {@code successThreshold}).
         *
         * @param successThreshold at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder successThreshold(int successThreshold) {
            this.successThreshold = Arguments.atLeast("successThreshold", successThreshold, 1);
            return this;
        }

        /**
         * Sets whether the check is critical. A non-critical check (a cache, a recommendations
         * service) can make a group {@code DEGRADED} but never {@code OUT_OF_SERVICE} or {@code DOWN}.
         *
         * @param critical {@code false} to cap this check's effect at {@code DEGRADED}
         * @return this builder
         */
        public Builder critical(boolean critical) {
            this.critical = critical;
            return this;
        }

        /**
         * Declares that the check watches a dependency shared by every instance (a central database,
         * an identity provider). When it fails, and {@link #failOpenWhen(BooleanSupplier)} holds,
         * groups report {@code DEGRADED} instead of {@code OUT_OF_SERVICE}/{@code DOWN}: if the
         * dependency is down for everyone, marking every instance not-ready removes the whole fleet
         * from the load balancer, turning a partial outage (requests that need the dependency fail)
         * into a total one (every request fails), and the fleet then returns all at once when the
         * dependency recovers. Envoy's panic threshold applies the same reasoning.
         *
         * @param sharedDependency {@code true} to fail open
         * @return this builder
         */
        public Builder sharedDependency(boolean sharedDependency) {
            this.sharedDependency = sharedDependency;
            return this;
        }

        /**
         * Declares that the check watches something outside this process (a database, a downstream
         * service, a queue); default {@code false}. Such a check is rejected from the liveness group,
         * at build time or when registered: liveness failing restarts the instance, and a dependency
         * outage would then restart every replica at once, which cures nothing and adds a cold-start
         * storm. {@link #sharedDependency(boolean)} implies this.
         *
         * @param dependency {@code true} if the check depends on something outside the process
         * @return this builder
         */
        public Builder dependency(boolean dependency) {
            this.dependency = dependency;
            return this;
        }

        /**
         * Allows a dependency check in the liveness group (default {@code false}). Use it only for a
         * check whose failure a restart of this one instance can cure, e.g. a broken local connection
         * pool rather than the database behind it.
         *
         * @param safeForLiveness {@code true} to allow the check in the liveness group
         * @return this builder
         */
        public Builder safeForLiveness(boolean safeForLiveness) {
            this.safeForLiveness = safeForLiveness;
            return this;
        }

        /**
         * Sets when a failing shared dependency fails open; the default is always. Pass a fleet-wide
         * signal (e.g. "more than half of the instances see it down") to fail open only in a
         * fleet-wide outage and still take a single instance out when only it cannot reach the
         * dependency. Called on every group evaluation while the check fails; must be cheap and
         * must not throw (an exception counts as {@code true}: fail open).
         *
         * @param failOpenWhen the condition
         * @return this builder
         */
        public Builder failOpenWhen(BooleanSupplier failOpenWhen) {
            this.failOpenWhen = Objects.requireNonNull(failOpenWhen, "failOpenWhen");
            return this;
        }

        /**
         * Sets the period of a scheduled check; zero (the default) runs the check on every group
         * evaluation instead.
         *
         * @param period zero or a positive duration
         * @return this builder
         * @throws IllegalArgumentException if {@code period} is negative
         */
        public Builder period(Duration period) {
            this.period = Arguments.notNegative("period", period);
            return this;
        }

        /**
         * Sets after how many periods without a fresh result a scheduled check's cached healthy
         * result expires to {@link #expiredStatus(HealthStatus)}: a dead checker must not report
         * healthy forever.
         *
         * @param expireAfterMissedPeriods at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder expireAfterMissedPeriods(int expireAfterMissedPeriods) {
            this.expireAfterMissedPeriods = Arguments.atLeast("expireAfterMissedPeriods", expireAfterMissedPeriods, 1);
            return this;
        }

        /**
         * Sets the status of an expired result.
         *
         * @param expiredStatus {@link HealthStatus#DOWN} (default) or {@link HealthStatus#UNKNOWN}
         * @return this builder
         * @throws IllegalArgumentException for any other status
         */
        public Builder expiredStatus(HealthStatus expiredStatus) {
            Objects.requireNonNull(expiredStatus, "expiredStatus");
            if (!expiredStatus.equals(HealthStatus.DOWN) && !expiredStatus.equals(HealthStatus.UNKNOWN)) {
                throw new IllegalArgumentException("expiredStatus must be DOWN or UNKNOWN, was " + expiredStatus);
            }
            this.expiredStatus = expiredStatus;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         * @throws IllegalArgumentException if the expiry horizon ({@code period x
         *     expireAfterMissedPeriods}) does not fit in a {@link Duration} of nanoseconds
         */
        public HealthCheckConfig build() {
            try {
                long unused = period.multipliedBy(expireAfterMissedPeriods).toNanos(); // for its ArithmeticException
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "period x expireAfterMissedPeriods must fit in a long of nanoseconds, was " + period + " x "
                                + expireAfterMissedPeriods,
                        e);
            }
            return new HealthCheckConfig(this);
        }
    }
}
