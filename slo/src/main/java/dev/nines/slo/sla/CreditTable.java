package dev.nines.slo.sla;

import dev.nines.core.internal.Arguments;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A service-credit table: the share of the monthly fee credited back when the measured
 * availability falls <em>strictly below</em> a threshold, as cloud SLAs write it ("less than
 * 99.95%: 10%; less than 99.0%: 25%; less than 95.0%: 100%").
 *
 * <p>The lowest threshold that the availability is below wins. Comparisons are exact in decimal:
 * an availability of exactly 99.95% (e.g. 21.6 minutes of downtime in a 30-day month) owes no
 * credit under a {@code < 99.95%} tier, however the double {@code 0.9995} rounds. Immutable and
 * thread-safe. Thresholds must be distinct and in (0, 1], credits in (0, 1] and not smaller for a
 * lower threshold; otherwise {@link IllegalArgumentException} names the tier and value.
 *
 * <pre>{@code
 * CreditTable credits = CreditTable.builder()
 *         .creditBelow(0.9995, 0.10)
 *         .creditBelow(0.99, 0.25)
 *         .creditBelow(0.95, 1.00)
 *         .build();
 * credits.creditRatio(0.9990);   // 0.10
 * }</pre>
 */
public final class CreditTable {

    private static final CreditTable NONE = new CreditTable(List.of());

    private final List<Tier> tiers;

    private CreditTable(List<Tier> tiers) {
        this.tiers = tiers;
    }

    /**
     * A row of a credit table.
     *
     * @param belowRatio the availability below which the credit is owed, in (0, 1]
     * @param creditRatio the credit as a share of the monthly fee, in (0, 1]
     */
    public record Tier(double belowRatio, double creditRatio) {
        /**
         * Validates the row.
         *
         * @param belowRatio the availability below which the credit is owed, in (0, 1]
         * @param creditRatio the credit as a share of the monthly fee, in (0, 1]
         */
        public Tier {
            Arguments.inOpenClosed("belowRatio", belowRatio, 0, 1);
            Arguments.inOpenClosed("creditRatio below " + belowRatio, creditRatio, 0, 1);
        }
    }

    /**
     * Returns a table that never owes a credit.
     *
     * @return the empty table
     */
    public static CreditTable none() {
        return NONE;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the rows, highest threshold first.
     *
     * @return the tiers
     */
    public List<Tier> tiers() {
        return tiers;
    }

    /**
     * Returns the credit owed for a measured availability.
     *
     * @param availability the measured availability in [0, 1]
     * @return the credit ratio, 0 when no tier applies
     * @throws IllegalArgumentException if {@code availability} is outside [0, 1]
     */
    public double creditRatio(double availability) {
        Arguments.inClosed("availability", availability, 0, 1);
        return creditRatio(BigDecimal.valueOf(availability), BigDecimal.ONE);
    }

    /**
     * Returns the credit owed when {@code good} of {@code total} units (seconds, requests) were
     * good, compared exactly.
     *
     * @param good the good units, in [0, total]
     * @param total the units, positive
     * @return the credit ratio, 0 when no tier applies
     */
    public double creditRatio(BigDecimal good, BigDecimal total) {
        Objects.requireNonNull(good, "good");
        Objects.requireNonNull(total, "total");
        if (total.signum() <= 0 || good.signum() < 0 || good.compareTo(total) > 0) {
            throw new IllegalArgumentException("good must be in [0, total " + total + "], was " + good);
        }
        double credit = 0;
        for (Tier tier : tiers) {
            if (good.compareTo(BigDecimal.valueOf(tier.belowRatio()).multiply(total)) < 0) {
                credit = tier.creditRatio();
            }
        }
        return credit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CreditTable creditTable && creditTable.tiers.equals(tiers);
    }

    @Override
    public int hashCode() {
        return tiers.hashCode();
    }

    @Override
    public String toString() {
        return "CreditTable" + tiers;
    }

    /** A builder of {@link CreditTable}s; not thread-safe. */
    public static final class Builder {
        private final List<Tier> tiers = new ArrayList<>();

        private Builder() {}

        /**
         * Adds a row: {@code creditRatio} is owed when availability is below {@code belowRatio}.
         *
         * @param belowRatio the threshold in (0, 1]
         * @param creditRatio the credit in (0, 1]
         * @return this builder
         */
        public Builder creditBelow(double belowRatio, double creditRatio) {
            tiers.add(new Tier(belowRatio, creditRatio));
            return this;
        }

        /**
         * Builds the table.
         *
         * @return the table
         * @throws IllegalArgumentException if two rows share a threshold or a lower threshold
         *     has a smaller credit
         */
        public CreditTable build() {
            List<Tier> sorted = new ArrayList<>(tiers);
            sorted.sort(Comparator.comparingDouble(Tier::belowRatio).reversed());
            for (int i = 1; i < sorted.size(); i++) {
                Tier higher = sorted.get(i - 1);
                Tier lower = sorted.get(i);
                if (higher.belowRatio() == lower.belowRatio()) {
                    throw new IllegalArgumentException(
                            "belowRatio must be distinct, was " + lower.belowRatio() + " twice");
                }
                if (lower.creditRatio() < higher.creditRatio()) {
                    throw new IllegalArgumentException("creditRatio below " + lower.belowRatio()
                            + " must be at least the credit below " + higher.belowRatio() + " ("
                            + higher.creditRatio() + "), was " + lower.creditRatio());
                }
            }
            return new CreditTable(List.copyOf(sorted));
        }
    }
}
