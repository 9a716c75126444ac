package dev.nines.failover.client;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Configuration of an {@link EndpointRouter}'s outlier detection: passive health checking that ejects
 * an endpoint from the rotation for a while when it behaves unlike the others, after Envoy's outlier
 * detection. Immutable; build with {@link #builder()}, derive variants with {@link #toBuilder()}.
 *
 * <p>Detectors:
 *
 * <ul>
 *   <li><b>Consecutive failures</b> ({@code consecutiveFailures}, default 5): ejects at once, on the
 *       call that completes the run. Gateway failures ({@link EndpointOutcome#GATEWAY_FAILURE}, as the
 *       {@link OutlierClassifier} says) count here too, and in their own run
 *       ({@code consecutiveGatewayFailures}, default 5) that any other outcome breaks.
 *   <li><b>Success rate</b> (on by default): at each analysis, over the calls since the previous one,
 *       the endpoints with at least {@code successRateRequestVolume} calls (default 100), if there are
 *       at least {@code successRateMinimumEndpoints} of them (default 5), give a mean success rate and a
 *       standard deviation; an endpoint whose rate is below {@code mean - successRateStdevFactor * stdev}
 *       (default factor 1.9) is ejected. With n such endpoints a single outlier lies at most
 *       {@code sqrt(n - 1)} standard deviations below the mean, so with the factor 1.9 fewer than 5
 *       endpoints can never eject one.
 *   <li><b>Failure percentage</b> (off by default): at each analysis, an endpoint with at least
 *       {@code failurePercentageRequestVolume} calls (default 50), when at least
 *       {@code failurePercentageMinimumEndpoints} have that many (default 5), is ejected if its
 *       failure percentage is at least {@code failurePercentageThreshold} (default 85, a percentage
 *       in Envoy's vocabulary).
 *   <li><b>Latency</b> (off by default; Envoy has no such detector): at each analysis, among the
 *       endpoints with at least {@code latencyRequestVolume} successful calls (default 100), if there
 *       are at least {@code latencyMinimumEndpoints} of them (default 3), an endpoint whose
 *       {@code latencyPercentile} (default 99) exceeds {@code latencyFactor} (default 3) times the
 *       median of the other endpoints' same percentile is ejected. Latency is that of successful calls
 *       (failures have the other detectors), recorded with about 6% precision.
 * </ul>
 *
 * <p>Ejection: at most {@code maxEjectionRatio} of the endpoints (default 0.1, rounded down, but at
 * least one) are ejected at once; an outlier found beyond that cap stays in rotation. An endpoint is
 * ejected for {@code baseEjectionTime * n} (default 30 s), where {@code n} counts its ejections, capped
 * at {@code maxEjectionTime} (default 300 s); {@code n} goes down by one at each analysis that finds
 * the endpoint in rotation and not ejected since the previous analysis, so an endpoint that stays
 * healthy is forgiven step by step. Ejected endpoints return at the first analysis after their time is
 * up. Analyses run every {@code interval} (default 10 s) on the scheduler passed to
 * {@link EndpointRouter#scheduleOutlierAnalysis}, or whenever {@link EndpointRouter#analyzeOutliers()}
 * is called.
 *
 * <pre>{@code
 * OutlierDetection detection = OutlierDetection.builder()
 *         .classifier(error -> error instanceof ConnectException
 *                 ? EndpointOutcome.GATEWAY_FAILURE : EndpointOutcome.FAILURE)
 *         .failurePercentageEnabled(true)
 *         .latencyEnabled(true).latencyPercentile(99).latencyFactor(3)
 *         .maxEjectionRatio(0.3)
 *         .build();
 * }</pre>
 */
public final class OutlierDetection {

    private final Duration interval;
    private final Duration baseEjectionTime;
    private final Duration maxEjectionTime;
    private final double maxEjectionRatio;
    private final int consecutiveFailures;
    private final int consecutiveGatewayFailures;
    private final boolean successRateEnabled;
    private final double successRateStdevFactor;
    private final int successRateMinimumEndpoints;
    private final int successRateRequestVolume;
    private final boolean failurePercentageEnabled;
    private final double failurePercentageThreshold;
    private final int failurePercentageMinimumEndpoints;
    private final int failurePercentageRequestVolume;
    private final boolean latencyEnabled;
    private final double latencyPercentile;
    private final double latencyFactor;
    private final int latencyMinimumEndpoints;
    private final int latencyRequestVolume;
    private final OutlierClassifier classifier;

    private OutlierDetection(Builder b) {
        this.interval = b.interval;
        this.baseEjectionTime = b.baseEjectionTime;
        this.maxEjectionTime = b.maxEjectionTime;
        this.maxEjectionRatio = b.maxEjectionRatio;
        this.consecutiveFailures = b.consecutiveFailures;
        this.consecutiveGatewayFailures = b.consecutiveGatewayFailures;
        this.successRateEnabled = b.successRateEnabled;
        this.successRateStdevFactor = b.successRateStdevFactor;
        this.successRateMinimumEndpoints = b.successRateMinimumEndpoints;
        this.successRateRequestVolume = b.successRateRequestVolume;
        this.failurePercentageEnabled = b.failurePercentageEnabled;
        this.failurePercentageThreshold = b.failurePercentageThreshold;
        this.failurePercentageMinimumEndpoints = b.failurePercentageMinimumEndpoints;
        this.failurePercentageRequestVolume = b.failurePercentageRequestVolume;
        this.latencyEnabled = b.latencyEnabled;
        this.latencyPercentile = b.latencyPercentile;
        this.latencyFactor = b.latencyFactor;
        this.latencyMinimumEndpoints = b.latencyMinimumEndpoints;
        this.latencyRequestVolume = b.latencyRequestVolume;
        this.classifier = b.classifier;
    }

    /**
     * Returns the defaults (Envoy's): consecutive failures and gateway failures at 5, success rate on,
     * failure percentage and latency off, 10 s interval, 30 s base and 300 s maximum ejection time, at
     * most 10% of the endpoints (at least one) ejected.
     *
     * @return the default configuration
     */
    public static OutlierDetection ofDefaults() {
        return builder().build();
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns the time between analyses.
     *
     * @return the interval
     */
    public Duration interval() {
        return interval;
    }

    /**
     * Returns the ejection time of a first ejection.
     *
     * @return the base ejection time
     */
    public Duration baseEjectionTime() {
        return baseEjectionTime;
    }

    /**
     * Returns the bound on one ejection's time.
     *
     * @return the maximum ejection time
     */
    public Duration maxEjectionTime() {
        return maxEjectionTime;
    }

    /**
     * Returns the largest share of the endpoints ejected at once, in (0, 1].
     *
     * @return the ratio
     */
    public double maxEjectionRatio() {
        return maxEjectionRatio;
    }

    /**
     * Returns how many endpoints of a pool of {@code endpoints} may be ejected at once:
     * {@code floor(maxEjectionRatio * endpoints)}, but at least one.
     *
     * @param endpoints the pool size, at least 1
     * @return the cap
     * @throws IllegalArgumentException if {@code endpoints} is below 1
     */
    public int maxEjectedEndpoints(int endpoints) {
        Arguments.atLeast("endpoints", endpoints, 1);
        return Math.max(1, (int) Math.floor(maxEjectionRatio * endpoints + 1e-9));
    }

    /**
     * Returns the run of consecutive failures that ejects an endpoint; 0 when off.
     *
     * @return the threshold
     */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /**
     * Returns the run of consecutive gateway failures that ejects an endpoint; 0 when off.
     *
     * @return the threshold
     */
    public int consecutiveGatewayFailures() {
        return consecutiveGatewayFailures;
    }

    /**
     * Returns whether the success-rate detector runs.
     *
     * @return {@code true} if on
     */
    public boolean successRateEnabled() {
        return successRateEnabled;
    }

    /**
     * Returns k in the success-rate threshold {@code mean - k * stdev}.
     *
     * @return the factor
     */
    public double successRateStdevFactor() {
        return successRateStdevFactor;
    }

    /**
     * Returns how many endpoints need the request volume for the success-rate detector to judge.
     *
     * @return the minimum
     */
    public int successRateMinimumEndpoints() {
        return successRateMinimumEndpoints;
    }

    /**
     * Returns the calls an endpoint needs in an interval to count in the success-rate detector.
     *
     * @return the request volume
     */
    public int successRateRequestVolume() {
        return successRateRequestVolume;
    }

    /**
     * Returns whether the failure-percentage detector runs.
     *
     * @return {@code true} if on
     */
    public boolean failurePercentageEnabled() {
        return failurePercentageEnabled;
    }

    /**
     * Returns the failure percentage, in [0, 100], at or above which an endpoint is ejected.
     *
     * @return the threshold
     */
    public double failurePercentageThreshold() {
        return failurePercentageThreshold;
    }

    /**
     * Returns how many endpoints need the request volume for the failure-percentage detector to judge.
     *
     * @return the minimum
     */
    public int failurePercentageMinimumEndpoints() {
        return failurePercentageMinimumEndpoints;
    }

    /**
     * Returns the calls an endpoint needs in an interval to count in the failure-percentage detector.
     *
     * @return the request volume
     */
    public int failurePercentageRequestVolume() {
        return failurePercentageRequestVolume;
    }

    /**
     * Returns whether the latency detector runs.
     *
     * @return {@code true} if on
     */
    public boolean latencyEnabled() {
        return latencyEnabled;
    }

    /**
     * Returns the latency percentile compared, in (0, 100).
     *
     * @return the percentile
     */
    public double latencyPercentile() {
        return latencyPercentile;
    }

    /**
     * Returns k: an endpoint is an outlier when its percentile exceeds k times the others' median.
     *
     * @return the factor
     */
    public double latencyFactor() {
        return latencyFactor;
    }

    /**
     * Returns how many endpoints need the request volume for the latency detector to judge.
     *
     * @return the minimum
     */
    public int latencyMinimumEndpoints() {
        return latencyMinimumEndpoints;
    }

    /**
     * Returns the successful calls an endpoint needs in an interval to count in the latency detector.
     *
     * @return the request volume
     */
    public int latencyRequestVolume() {
        return latencyRequestVolume;
    }

    /**
     * Returns the classifier of failed calls.
     *
     * @return the classifier
     */
    public OutlierClassifier classifier() {
        return classifier;
    }

    /**
     * Returns whether {@code o} is a {@code OutlierDetection} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof OutlierDetection other
                && Objects.equals(interval, other.interval)
                && Objects.equals(baseEjectionTime, other.baseEjectionTime)
                && Objects.equals(maxEjectionTime, other.maxEjectionTime)
                && Double.compare(maxEjectionRatio, other.maxEjectionRatio) == 0
                && consecutiveFailures == other.consecutiveFailures
                && consecutiveGatewayFailures == other.consecutiveGatewayFailures
                && successRateEnabled == other.successRateEnabled
                && Double.compare(successRateStdevFactor, other.successRateStdevFactor) == 0
                && successRateMinimumEndpoints == other.successRateMinimumEndpoints
                && successRateRequestVolume == other.successRateRequestVolume
                && failurePercentageEnabled == other.failurePercentageEnabled
                && Double.compare(failurePercentageThreshold, other.failurePercentageThreshold) == 0
                && failurePercentageMinimumEndpoints == other.failurePercentageMinimumEndpoints
                && failurePercentageRequestVolume == other.failurePercentageRequestVolume
                && latencyEnabled == other.latencyEnabled
                && Double.compare(latencyPercentile, other.latencyPercentile) == 0
                && Double.compare(latencyFactor, other.latencyFactor) == 0
                && latencyMinimumEndpoints == other.latencyMinimumEndpoints
                && latencyRequestVolume == other.latencyRequestVolume
                && Objects.equals(classifier, other.classifier);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(
                interval,
                baseEjectionTime,
                maxEjectionTime,
                maxEjectionRatio,
                consecutiveFailures,
                consecutiveGatewayFailures,
                successRateEnabled,
                successRateStdevFactor,
                successRateMinimumEndpoints,
                successRateRequestVolume,
                failurePercentageEnabled,
                failurePercentageThreshold,
                failurePercentageMinimumEndpoints,
                failurePercentageRequestVolume,
                latencyEnabled,
                latencyPercentile,
                latencyFactor,
                latencyMinimumEndpoints,
                latencyRequestVolume,
                classifier);
    }

    @Override
    public String toString() {
        return "OutlierDetection[interval=" + interval + ", baseEjectionTime=" + baseEjectionTime
                + ", maxEjectionTime=" + maxEjectionTime + ", maxEjectionRatio=" + maxEjectionRatio
                + ", consecutiveFailures=" + consecutiveFailures + ", consecutiveGatewayFailures="
                + consecutiveGatewayFailures + ", successRate=" + (successRateEnabled ? "on" : "off")
                + ", failurePercentage=" + (failurePercentageEnabled ? "on" : "off")
                + ", latency=" + (latencyEnabled ? "on" : "off") + "]";
    }

    /** Builds an {@link OutlierDetection}; each setter checks its argument. Not thread-safe. */
    public static final class Builder {
        private Duration interval = Duration.ofSeconds(10);
        private Duration baseEjectionTime = Duration.ofSeconds(30);
        private Duration maxEjectionTime = Duration.ofMinutes(5);
        private double maxEjectionRatio = 0.1;
        private int consecutiveFailures = 5;
        private int consecutiveGatewayFailures = 5;
        private boolean successRateEnabled = true;
        private double successRateStdevFactor = 1.9;
        private int successRateMinimumEndpoints = 5;
        private int successRateRequestVolume = 100;
        private boolean failurePercentageEnabled;
        private double failurePercentageThreshold = 85;
        private int failurePercentageMinimumEndpoints = 5;
        private int failurePercentageRequestVolume = 50;
        private boolean latencyEnabled;
        private double latencyPercentile = 99;
        private double latencyFactor = 3;
        private int latencyMinimumEndpoints = 3;
        private int latencyRequestVolume = 100;
        private OutlierClassifier classifier = OutlierClassifier.allFailures();

        private Builder() {}

        private Builder(OutlierDetection c) {
            this.interval = c.interval;
            this.baseEjectionTime = c.baseEjectionTime;
            this.maxEjectionTime = c.maxEjectionTime;
            this.maxEjectionRatio = c.maxEjectionRatio;
            this.consecutiveFailures = c.consecutiveFailures;
            this.consecutiveGatewayFailures = c.consecutiveGatewayFailures;
            this.successRateEnabled = c.successRateEnabled;
            this.successRateStdevFactor = c.successRateStdevFactor;
            this.successRateMinimumEndpoints = c.successRateMinimumEndpoints;
            this.successRateRequestVolume = c.successRateRequestVolume;
            this.failurePercentageEnabled = c.failurePercentageEnabled;
            this.failurePercentageThreshold = c.failurePercentageThreshold;
            this.failurePercentageMinimumEndpoints = c.failurePercentageMinimumEndpoints;
            this.failurePercentageRequestVolume = c.failurePercentageRequestVolume;
            this.latencyEnabled = c.latencyEnabled;
            this.latencyPercentile = c.latencyPercentile;
            this.latencyFactor = c.latencyFactor;
            this.latencyMinimumEndpoints = c.latencyMinimumEndpoints;
            this.latencyRequestVolume = c.latencyRequestVolume;
            this.classifier = c.classifier;
        }

        /**
         * Sets the time between analyses (default 10 s).
         *
         * @param interval positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder interval(Duration interval) {
            this.interval = Arguments.positive("interval", interval);
            return this;
        }

        /**
         * Sets the ejection time of a first ejection (default 30 s); the n-th ejection in a row lasts n
         * times as long, up to {@link #maxEjectionTime(Duration)}.
         *
         * @param baseEjectionTime positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder baseEjectionTime(Duration baseEjectionTime) {
            this.baseEjectionTime = Arguments.positive("baseEjectionTime", baseEjectionTime);
            return this;
        }

        /**
         * Sets the bound on one ejection's time (default 300 s); must be at least the base ejection time
         * when built.
         *
         * @param maxEjectionTime positive
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder maxEjectionTime(Duration maxEjectionTime) {
            this.maxEjectionTime = Arguments.positive("maxEjectionTime", maxEjectionTime);
            return this;
        }

        /**
         * Sets the largest share of the endpoints ejected at once (default 0.1); at least one endpoint may
         * always be ejected.
         *
         * @param maxEjectionRatio in (0, 1]
         * @return this builder
         * @throws IllegalArgumentException if outside (0, 1]
         */
        public Builder maxEjectionRatio(double maxEjectionRatio) {
            this.maxEjectionRatio = Arguments.inOpenClosed("maxEjectionRatio", maxEjectionRatio, 0, 1);
            return this;
        }

        /**
         * Sets the run of consecutive failures (gateway failures included) that ejects an endpoint
         * (default 5); 0 turns the detector off.
         *
         * @param consecutiveFailures zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder consecutiveFailures(int consecutiveFailures) {
            this.consecutiveFailures = Arguments.atLeast("consecutiveFailures", consecutiveFailures, 0);
            return this;
        }

        /**
         * Sets the run of consecutive gateway failures that ejects an endpoint (default 5); 0 turns the
         * detector off.
         *
         * @param consecutiveGatewayFailures zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder consecutiveGatewayFailures(int consecutiveGatewayFailures) {
            this.consecutiveGatewayFailures =
                    Arguments.atLeast("consecutiveGatewayFailures", consecutiveGatewayFailures, 0);
            return this;
        }

        /**
         * Turns the success-rate detector on or off (default on).
         *
         * @param enabled whether it runs
         * @return this builder
         */
        public Builder successRateEnabled(boolean enabled) {
            this.successRateEnabled = enabled;
            return this;
        }

        /**
         * Sets k in the success-rate threshold {@code mean - k * stdev} (default 1.9, Envoy's 1900/1000).
         *
         * @param successRateStdevFactor finite, above 0
         * @return this builder
         * @throws IllegalArgumentException if not a finite positive number
         */
        public Builder successRateStdevFactor(double successRateStdevFactor) {
            this.successRateStdevFactor = Arguments.positive("successRateStdevFactor", successRateStdevFactor);
            return this;
        }

        /**
         * Sets how many endpoints need the request volume before the success-rate detector judges
         * (default 5).
         *
         * @param successRateMinimumEndpoints at least 2
         * @return this builder
         * @throws IllegalArgumentException if below 2
         */
        public Builder successRateMinimumEndpoints(int successRateMinimumEndpoints) {
            this.successRateMinimumEndpoints =
                    Arguments.atLeast("successRateMinimumEndpoints", successRateMinimumEndpoints, 2);
            return this;
        }

        /**
         * Sets the calls an endpoint needs in an interval to count in the success-rate detector
         * (default 100).
         *
         * @param successRateRequestVolume at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder successRateRequestVolume(int successRateRequestVolume) {
            this.successRateRequestVolume = Arguments.atLeast("successRateRequestVolume", successRateRequestVolume, 1);
            return this;
        }

        /**
         * Turns the failure-percentage detector on or off (default off).
         *
         * @param enabled whether it runs
         * @return this builder
         */
        public Builder failurePercentageEnabled(boolean enabled) {
            this.failurePercentageEnabled = enabled;
            return this;
        }

        /**
         * Sets the failure percentage at or above which an endpoint is ejected (default 85). A
         * percentage, not a ratio, to keep Envoy's vocabulary for users who migrate from it.
         *
         * @param failurePercentageThreshold in [0, 100]
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 100]
         */
        public Builder failurePercentageThreshold(double failurePercentageThreshold) {
            this.failurePercentageThreshold =
                    Arguments.inClosed("failurePercentageThreshold", failurePercentageThreshold, 0, 100);
            return this;
        }

        /**
         * Sets how many endpoints need the request volume before the failure-percentage detector judges
         * (default 5).
         *
         * @param failurePercentageMinimumEndpoints at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder failurePercentageMinimumEndpoints(int failurePercentageMinimumEndpoints) {
            this.failurePercentageMinimumEndpoints =
                    Arguments.atLeast("failurePercentageMinimumEndpoints", failurePercentageMinimumEndpoints, 1);
            return this;
        }

        /**
         * Sets the calls an endpoint needs in an interval to count in the failure-percentage detector
         * (default 50).
         *
         * @param failurePercentageRequestVolume at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder failurePercentageRequestVolume(int failurePercentageRequestVolume) {
            this.failurePercentageRequestVolume =
                    Arguments.atLeast("failurePercentageRequestVolume", failurePercentageRequestVolume, 1);
            return this;
        }

        /**
         * Turns the latency detector on or off (default off).
         *
         * @param enabled whether it runs
         * @return this builder
         */
        public Builder latencyEnabled(boolean enabled) {
            this.latencyEnabled = enabled;
            return this;
        }

        /**
         * Sets the latency percentile compared between endpoints (default 99).
         *
         * @param latencyPercentile in (0, 100)
         * @return this builder
         * @throws IllegalArgumentException if outside (0, 100)
         */
        public Builder latencyPercentile(double latencyPercentile) {
            this.latencyPercentile = Arguments.inOpen("latencyPercentile", latencyPercentile, 0, 100);
            return this;
        }

        /**
         * Sets k: an endpoint is a latency outlier when its percentile exceeds k times the median of the
         * other endpoints' (default 3).
         *
         * @param latencyFactor finite, above 1
         * @return this builder
         * @throws IllegalArgumentException if not a finite number above 1
         */
        public Builder latencyFactor(double latencyFactor) {
            if (!Double.isFinite(latencyFactor) || latencyFactor <= 1) {
                throw new IllegalArgumentException("latencyFactor must be a finite number > 1, was " + latencyFactor);
            }
            this.latencyFactor = latencyFactor;
            return this;
        }

        /**
         * Sets how many endpoints need the request volume before the latency detector judges (default 3).
         *
         * @param latencyMinimumEndpoints at least 2
         * @return this builder
         * @throws IllegalArgumentException if below 2
         */
        public Builder latencyMinimumEndpoints(int latencyMinimumEndpoints) {
            this.latencyMinimumEndpoints = Arguments.atLeast("latencyMinimumEndpoints", latencyMinimumEndpoints, 2);
            return this;
        }

        /**
         * Sets the successful calls an endpoint needs in an interval to count in the latency detector
         * (default 100).
         *
         * @param latencyRequestVolume at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder latencyRequestVolume(int latencyRequestVolume) {
            this.latencyRequestVolume = Arguments.atLeast("latencyRequestVolume", latencyRequestVolume, 1);
            return this;
        }

        /**
         * Sets the classifier of failed calls (default {@link OutlierClassifier#allFailures()}).
         *
         * @param classifier the classifier
         * @return this builder
         */
        public Builder classifier(OutlierClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if {@code maxEjectionTime} is below {@code baseEjectionTime}
         */
        public OutlierDetection build() {
            if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
                throw new IllegalArgumentException("maxEjectionTime must be at least baseEjectionTime "
                        + baseEjectionTime + ", was " + maxEjectionTime);
            }
            return new OutlierDetection(this);
        }
    }
}
