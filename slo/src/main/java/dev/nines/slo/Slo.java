package dev.nines.slo;

import dev.nines.core.internal.Arguments;
import dev.nines.slo.exclusion.ExclusionSchedule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A service level objective: a target ratio of good events (the objective, e.g. 0.999) for an
 * {@link Sli} over a {@link SloWindow}, with a {@link Budgeting} method, planned exclusions,
 * a description and labels.
 *
 * <p>Immutable and thread-safe; built with {@link #builder(String)}. Every setter checks its
 * argument and raises {@link IllegalArgumentException} naming the field (objective 1.0 or NaN,
 * a blank name, a time slice longer than the window, ...) or {@link NullPointerException}.
 *
 * <pre>{@code
 * Slo checkout = Slo.builder("checkout-availability")
 *         .objective(0.999)
 *         .window(SloWindow.rolling(Duration.ofDays(30)))
 *         .sli(Sli.requestRatio())
 *         .description("Checkout requests that do not fail")
 *         .label("team", "payments")
 *         .build();
 * }</pre>
 */
public final class Slo {

    private final String name;
    private final double objective;
    private final SloWindow window;
    private final Sli sli;
    private final Budgeting budgeting;
    private final String description;
    private final Map<String, String> labels;
    private final List<ExclusionSchedule> exclusions;

    private Slo(Builder b) {
        this.name = b.name;
        this.objective = b.objective;
        this.window = b.window;
        this.sli = b.sli;
        this.budgeting = b.budgeting;
        this.description = b.description;
        this.labels = Collections.unmodifiableMap(new TreeMap<>(b.labels));
        this.exclusions = List.copyOf(b.exclusions);
    }

    /**
     * Returns a builder for an SLO with the given name. The objective must be set; the window
     * defaults to a rolling 30 days, the SLI to {@link Sli#requestRatio()} and the budgeting to
     * {@link Budgeting#occurrences()}.
     *
     * @param name the SLO name, not blank
     * @return a new builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Returns a builder initialised with this SLO's settings, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.objective = objective;
        b.window = window;
        b.sli = sli;
        b.budgeting = budgeting;
        b.description = description;
        b.labels.putAll(labels);
        b.exclusions.addAll(exclusions);
        return b;
    }

    /**
     * Returns the SLO name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the objective: the target good ratio, in (0, 1).
     *
     * @return the objective, e.g. 0.999
     */
    public double objective() {
        return objective;
    }

    /**
     * Returns the error budget as a ratio: {@code 1 - objective}.
     *
     * @return the allowed bad ratio, e.g. 0.001
     */
    public double errorBudgetRatio() {
        return 1.0 - objective;
    }

    /**
     * Returns the compliance window.
     *
     * @return the window
     */
    public SloWindow window() {
        return window;
    }

    /**
     * Returns the indicator.
     *
     * @return the SLI
     */
    public Sli sli() {
        return sli;
    }

    /**
     * Returns the budgeting method.
     *
     * @return the budgeting method
     */
    public Budgeting budgeting() {
        return budgeting;
    }

    /**
     * Returns the description.
     *
     * @return the description, empty if none
     */
    public String description() {
        return description;
    }

    /**
     * Returns the labels, sorted by key.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * Returns the planned exclusions (maintenance windows) declared with the SLO.
     *
     * @return an unmodifiable list
     */
    public List<ExclusionSchedule> exclusions() {
        return exclusions;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Slo other)) {
            return false;
        }
        return name.equals(other.name)
                && Double.compare(objective, other.objective) == 0
                && window.equals(other.window)
                && sli.equals(other.sli)
                && budgeting.equals(other.budgeting)
                && description.equals(other.description)
                && labels.equals(other.labels)
                && exclusions.equals(other.exclusions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, objective, window, sli, budgeting, description, labels, exclusions);
    }

    @Override
    public String toString() {
        return "Slo[" + name + ", objective=" + objective + ", window=" + window + ", sli=" + sli + ", budgeting="
                + budgeting + "]";
    }

    /** Builds an {@link Slo}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private double objective = Double.NaN;
        private SloWindow window = SloWindow.rolling(Duration.ofDays(30));
        private Sli sli = Sli.requestRatio();
        private Budgeting budgeting = Budgeting.occurrences();
        private String description = "";
        private final Map<String, String> labels = new TreeMap<>();
        private final List<ExclusionSchedule> exclusions = new ArrayList<>();

        private Builder(String name) {
            this.name = Arguments.notBlank("name", name);
        }

        /**
         * Sets the objective, the target good ratio.
         *
         * @param objective a ratio in (0, 1), e.g. 0.999
         * @return this builder
         * @throws IllegalArgumentException if {@code objective} is NaN or outside (0, 1)
         */
        public Builder objective(double objective) {
            this.objective = Arguments.inOpen("objective", objective, 0, 1);
            return this;
        }

        /**
         * Sets the compliance window.
         *
         * @param window the window
         * @return this builder
         */
        public Builder window(SloWindow window) {
            this.window = Objects.requireNonNull(window, "window");
            return this;
        }

        /**
         * Sets the indicator.
         *
         * @param sli the SLI
         * @return this builder
         */
        public Builder sli(Sli sli) {
            this.sli = Objects.requireNonNull(sli, "sli");
            return this;
        }

        /**
         * Sets the budgeting method.
         *
         * @param budgeting the budgeting method
         * @return this builder
         */
        public Builder budgeting(Budgeting budgeting) {
            this.budgeting = Objects.requireNonNull(budgeting, "budgeting");
            return this;
        }

        /**
         * Sets the description.
         *
         * @param description free text, may be empty
         * @return this builder
         */
        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * Adds or replaces a label.
         *
         * @param key the label key, not blank
         * @param value the label value
         * @return this builder
         */
        public Builder label(String key, String value) {
            labels.put(Arguments.notBlank("label key", key), Objects.requireNonNull(value, "label value"));
            return this;
        }

        /**
         * Adds a planned exclusion (a maintenance window, explicit or weekly).
         *
         * @param exclusion the exclusion
         * @return this builder
         */
        public Builder exclusion(ExclusionSchedule exclusion) {
            exclusions.add(Objects.requireNonNull(exclusion, "exclusion"));
            return this;
        }

        /**
         * Builds the SLO.
         *
         * @return the SLO
         * @throws IllegalArgumentException if the objective was not set, or a time slice is longer
         *     than the window
         */
        public Slo build() {
            if (Double.isNaN(objective)) {
                throw new IllegalArgumentException("objective must be set, was NaN");
            }
            if (budgeting instanceof Budgeting.Timeslices
                    && ((Budgeting.Timeslices) budgeting).sliceLength().compareTo(window.maxLength()) > 0) {
                throw new IllegalArgumentException("sliceLength must not exceed the window " + window.maxLength()
                        + ", was " + ((Budgeting.Timeslices) budgeting).sliceLength());
            }
            return new Slo(this);
        }
    }
}
