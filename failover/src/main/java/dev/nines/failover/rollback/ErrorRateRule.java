package dev.nines.failover.rollback;

import dev.nines.core.internal.Arguments;
import java.time.Duration;

/**
 * A rollback rule: roll back when the error ratio over the last {@code window} exceeds
 * {@code maxErrorRatio}, once at least {@code minimumRequests} requests were seen in that window
 * (so a handful of early failures cannot trigger it).
 *
 * <pre>{@code
 * ErrorRateRule rule = ErrorRateRule.of(0.10, Duration.ofSeconds(60), 100); // > 10% over 60 s, >= 100 requests
 * }</pre>
 *
 * @param maxErrorRatio the largest acceptable ratio of errors to requests, in (0, 1)
 * @param window how far back requests count
 * @param minimumRequests the fewest requests in the window for the rule to fire, at least 1
 */
public record ErrorRateRule(double maxErrorRatio, Duration window, long minimumRequests) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if a field is out of range
     */
    public ErrorRateRule {
        Arguments.inOpen("maxErrorRatio", maxErrorRatio, 0, 1);
        Arguments.positive("window", window);
        Arguments.atLeast("minimumRequests", minimumRequests, 1L);
    }

    /**
     * Returns a rule.
     *
     * @param maxErrorRatio the largest acceptable error ratio, in (0, 1)
     * @param window how far back requests count, positive
     * @param minimumRequests the fewest requests for the rule to fire, at least 1
     * @return the rule
     */
    public static ErrorRateRule of(double maxErrorRatio, Duration window, long minimumRequests) {
        return new ErrorRateRule(maxErrorRatio, window, minimumRequests);
    }

    /**
     * Returns whether the rule fires on these counts.
     *
     * @param requests requests in the window
     * @param errors errors among them
     * @return {@code true} if there were enough requests and the error ratio exceeds the maximum
     */
    public boolean firesOn(long requests, long errors) {
        return requests >= minimumRequests && requests > 0 && (double) errors / requests > maxErrorRatio;
    }

    @Override
    public String toString() {
        return "error ratio > " + maxErrorRatio + " over " + window + " with at least " + minimumRequests + " requests";
    }
}
