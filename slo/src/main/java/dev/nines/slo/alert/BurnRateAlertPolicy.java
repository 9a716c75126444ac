package dev.nines.slo.alert;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A set of {@link BurnRateRule}s, the minimum traffic before any may fire, and the budget
 * consumption thresholds that trigger notifications.
 *
 * <p>{@link #sreWorkbook()} is the policy recommended by the Google SRE Workbook ("Alerting on
 * SLOs", table 5-8): page on 2% of the budget in 1 hour (5-minute short window) or 5% in 6 hours
 * (30 minutes); ticket on 10% in 1 day (2 hours) or 10% in 3 days (6 hours).
 *
 * <p>Low-traffic services: with few events, one error is a huge error ratio. {@code minimumEvents}
 * keeps a rule silent until its long window holds that many counted events (default 0, as in the
 * workbook; consider e.g. 100 for services below a few requests per minute).
 *
 * <p>Budget thresholds (default 50%, 75%, 90%, 100% consumed) notify once each when crossed upwards,
 * and re-arm when consumption falls back below (e.g. as a calendar window starts afresh).
 *
 * <p>Immutable and thread-safe; built with {@link #builder()}.
 *
 * <pre>{@code
 * BurnRateAlertPolicy policy = BurnRateAlertPolicy.sreWorkbook().toBuilder()
 *         .minimumEvents(100)
 *         .budgetThresholds(List.of(0.5, 0.9, 1.0))
 *         .build();
 * }</pre>
 */
public final class BurnRateAlertPolicy {

    private static final BurnRateAlertPolicy SRE_WORKBOOK = builder()
            .rule(BurnRateRule.of("page-2%-1h", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5)))
            .rule(BurnRateRule.of("page-5%-6h", Severity.PAGE, 0.05, Duration.ofHours(6), Duration.ofMinutes(30)))
            .rule(BurnRateRule.of("ticket-10%-1d", Severity.TICKET, 0.10, Duration.ofDays(1), Duration.ofHours(2)))
            .rule(BurnRateRule.of("ticket-10%-3d", Severity.TICKET, 0.10, Duration.ofDays(3), Duration.ofHours(6)))
            .build();

    private final List<BurnRateRule> rules;
    private final long minimumEvents;
    private final List<Double> budgetThresholds;

    private BurnRateAlertPolicy(Builder b) {
        this.rules = List.copyOf(b.rules);
        this.minimumEvents = b.minimumEvents;
        this.budgetThresholds = List.copyOf(b.budgetThresholds);
    }

    /**
     * Returns the SRE Workbook's multi-window, multi-burn-rate policy (see the class comment).
     *
     * @return the policy
     */
    public static BurnRateAlertPolicy sreWorkbook() {
        return SRE_WORKBOOK;
    }

    /**
     * Returns the default policy, {@link #sreWorkbook()}.
     *
     * @return the policy
     */
    public static BurnRateAlertPolicy ofDefaults() {
        return SRE_WORKBOOK;
    }

    /**
     * Returns an empty builder (no rules; minimum events 0; thresholds 50/75/90/100%).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder initialised with this policy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.rules.addAll(rules);
        b.minimumEvents = minimumEvents;
        b.budgetThresholds = new TreeSet<>(budgetThresholds);
        return b;
    }

    /**
     * Returns the rules, in the order added.
     *
     * @return an unmodifiable list
     */
    public List<BurnRateRule> rules() {
        return rules;
    }

    /**
     * Returns the counted events a rule's long window needs before the rule may fire.
     *
     * @return the minimum, not negative
     */
    public long minimumEvents() {
        return minimumEvents;
    }

    /**
     * Returns the consumed-budget ratios that trigger notifications, ascending.
     *
     * @return an unmodifiable list of ratios in (0, 10]
     */
    public List<Double> budgetThresholds() {
        return budgetThresholds;
    }

    /**
     * Returns whether {@code o} is a {@code BurnRateAlertPolicy} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof BurnRateAlertPolicy other
                && Objects.equals(rules, other.rules)
                && minimumEvents == other.minimumEvents
                && Objects.equals(budgetThresholds, other.budgetThresholds);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(rules, minimumEvents, budgetThresholds);
    }

    @Override
    public String toString() {
        return "BurnRateAlertPolicy[rules=" + rules + ", minimumEvents=" + minimumEvents + ", budgetThresholds="
                + budgetThresholds + "]";
    }

    /** Builds a {@link BurnRateAlertPolicy}; not thread-safe. */
    public static final class Builder {
        private final List<BurnRateRule> rules = new ArrayList<>();
        private long minimumEvents;
        private TreeSet<Double> budgetThresholds = new TreeSet<>(List.of(0.5, 0.75, 0.9, 1.0));

        private Builder() {}

        /**
         * Adds a rule.
         *
         * @param rule the rule; its name must be unique in the policy
         * @return this builder
         * @throws IllegalArgumentException if a rule with that name exists
         */
        public Builder rule(BurnRateRule rule) {
            Objects.requireNonNull(rule, "rule");
            for (BurnRateRule r : rules) {
                if (r.name().equals(rule.name())) {
                    throw new IllegalArgumentException("rule name must be unique, was " + rule.name());
                }
            }
            rules.add(rule);
            return this;
        }

        /**
         * Removes every rule.
         *
         * @return this builder
         */
        public Builder clearRules() {
            rules.clear();
            return this;
        }

        /**
         * Sets the counted events a long window needs before its rule may fire.
         *
         * @param minimumEvents the minimum, not negative
         * @return this builder
         */
        public Builder minimumEvents(long minimumEvents) {
            this.minimumEvents = Arguments.atLeast("minimumEvents", minimumEvents, 0L);
            return this;
        }

        /**
         * Replaces the budget thresholds.
         *
         * @param thresholds consumed-budget ratios in (0, 10], e.g. 0.5 for 50%; may be empty
         * @return this builder
         */
        public Builder budgetThresholds(List<Double> thresholds) {
            Objects.requireNonNull(thresholds, "thresholds");
            TreeSet<Double> next = new TreeSet<>();
            for (Double t : thresholds) {
                next.add(Arguments.inOpenClosed("budgetThreshold", Objects.requireNonNull(t, "threshold"), 0, 10));
            }
            this.budgetThresholds = next;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         */
        public BurnRateAlertPolicy build() {
            return new BurnRateAlertPolicy(this);
        }
    }
}
