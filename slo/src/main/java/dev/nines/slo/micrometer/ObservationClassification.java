package dev.nines.slo.micrometer;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How an observation is judged good or bad: by the status in one of its low-cardinality tags, by
 * the type of its error, and (optionally) by how long it took.
 *
 * <p>An observation is bad when any of these holds, good otherwise:
 * <ul>
 *   <li>its status tag ({@code status} unless {@link Builder#statusKey(String)} says otherwise)
 *       holds a three-digit code that a {@link Builder#badStatus(String) bad-status rule} matches;
 *       a missing or non-numeric status (e.g. {@code UNKNOWN}) matches no rule;</li>
 *   <li>it carries an error ({@code Observation.Context#getError()}) and either no
 *       {@link Builder#badException(Class) bad exception types} are configured (every error is
 *       bad) or the error is an instance of one of them;</li>
 *   <li>a {@link Builder#slowerThan(Duration) latency threshold} is set and it took longer.</li>
 * </ul>
 * For an SLO with a latency SLI, the SLO's own threshold judges the latency; the rules above
 * decide whether the call succeeded ({@code SloTracker#recordLatency(long, boolean)}).
 *
 * <p>Immutable and thread-safe. Classifying allocates nothing.
 *
 * <pre>{@code
 * ObservationClassification rule = ObservationClassification.builder()
 *         .badStatus("5xx").badStatus("429")
 *         .badException(java.io.IOException.class)
 *         .build();
 * }</pre>
 */
public final class ObservationClassification {

    private static final ObservationClassification DEFAULT =
            builder().badStatus("5xx").build();

    private final String statusKey;
    private final List<String> badStatuses;
    private final boolean[] badCode; // index: status code 100..599
    private final List<Class<? extends Throwable>> badExceptions;
    private final @Nullable Duration slowerThan; // null: no latency rule
    private final long slowerThanNanos;

    private ObservationClassification(Builder b) {
        this.statusKey = b.statusKey;
        this.badStatuses = List.copyOf(b.badStatuses);
        this.badCode = new boolean[600];
        for (String rule : badStatuses) {
            int[] range = parseStatus(rule);
            for (int code = range[0]; code <= range[1]; code++) {
                badCode[code] = true;
            }
        }
        this.badExceptions = List.copyOf(b.badExceptions);
        this.slowerThan = b.slowerThan;
        this.slowerThanNanos = b.slowerThan == null ? Long.MAX_VALUE : b.slowerThan.toNanos();
    }

    /**
     * Returns the default classification: status tag {@code status}, 5xx and every error bad, no
     * latency rule.
     *
     * @return the default classification
     */
    public static ObservationClassification defaults() {
        return DEFAULT;
    }

    /**
     * Returns a builder with no rules: status tag {@code status}, every error bad, nothing else.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this classification's rules, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.statusKey = statusKey;
        b.badStatuses.addAll(badStatuses);
        b.badExceptions.addAll(badExceptions);
        b.slowerThan = slowerThan;
        return b;
    }

    /**
     * Returns the key of the low-cardinality tag that holds the status code.
     *
     * @return the status tag key
     */
    public String statusKey() {
        return statusKey;
    }

    /**
     * Returns the bad-status rules, in the order given ({@code 5xx}, {@code 429}, {@code 500-503}).
     *
     * @return the rules, unmodifiable
     */
    public List<String> badStatuses() {
        return badStatuses;
    }

    /**
     * Returns the error types that make an observation bad; empty means every error is bad.
     *
     * @return the types, unmodifiable
     */
    public List<Class<? extends Throwable>> badExceptions() {
        return badExceptions;
    }

    /**
     * Returns the latency above which an observation is bad, if one is set.
     *
     * @return the latency threshold, or empty
     */
    public Optional<Duration> slowerThan() {
        return Optional.ofNullable(slowerThan);
    }

    boolean hasLatencyRule() {
        return slowerThan != null;
    }

    /** Whether the status value (a tag value, possibly null) is a bad status. Allocation-free. */
    boolean isBadStatus(@Nullable String value) {
        if (value == null || value.length() != 3) {
            return false;
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            code = code * 10 + (c - '0');
        }
        return code < badCode.length && badCode[code];
    }

    /** Whether the error (possibly null) is a bad error. Allocation-free. */
    boolean isBadError(@Nullable Throwable error) {
        if (error == null) {
            return false;
        }
        if (badExceptions.isEmpty()) {
            return true;
        }
        for (int i = 0; i < badExceptions.size(); i++) {
            if (badExceptions.get(i).isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the latency breaks the latency rule (never when none is set). */
    boolean isSlow(long nanos) {
        return nanos > slowerThanNanos;
    }

    /**
     * Parses a bad-status rule into an inclusive code range.
     *
     * @throws IllegalArgumentException naming the rule when it is malformed
     */
    static int[] parseStatus(String rule) {
        Objects.requireNonNull(rule, "badStatus");
        String r = rule.trim();
        if (r.length() == 3 && (r.endsWith("xx") || r.endsWith("XX"))) {
            char c = r.charAt(0);
            if (c >= '1' && c <= '5') {
                int base = (c - '0') * 100;
                return new int[] {base, base + 99};
            }
        } else if (r.matches("[0-9]{3}")) {
            int code = Integer.parseInt(r);
            if (code >= 100 && code <= 599) {
                return new int[] {code, code};
            }
        } else if (r.matches("[0-9]{3}-[0-9]{3}")) {
            int low = Integer.parseInt(r.substring(0, 3));
            int high = Integer.parseInt(r.substring(4));
            if (low >= 100 && high <= 599 && low <= high) {
                return new int[] {low, high};
            }
        }
        throw new IllegalArgumentException("badStatus must be a status class 1xx to 5xx, a code in [100, 599] "
                + "or a range like 500-503 within it, was '" + rule + "'");
    }

    /**
     * Returns whether {@code o} is a {@code ObservationClassification} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ObservationClassification other
                && Objects.equals(statusKey, other.statusKey)
                && Objects.equals(badStatuses, other.badStatuses)
                && Arrays.equals(badCode, other.badCode)
                && Objects.equals(badExceptions, other.badExceptions)
                && Objects.equals(slowerThan, other.slowerThan);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return 31 * Objects.hash(statusKey, badStatuses, badExceptions, slowerThan) + Arrays.hashCode(badCode);
    }

    @Override
    public String toString() {
        return "ObservationClassification[statusKey=" + statusKey + ", badStatuses=" + badStatuses + ", badExceptions="
                + badExceptions + ", slowerThan=" + slowerThan + "]";
    }

    /** Builder of {@link ObservationClassification}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private String statusKey = "status";
        private final List<String> badStatuses = new ArrayList<>();
        private final List<Class<? extends Throwable>> badExceptions = new ArrayList<>();
        private @Nullable Duration slowerThan;

        private Builder() {}

        /**
         * Sets the key of the low-cardinality tag that holds the status code ({@code status} by
         * default, as in Spring's and Micrometer's HTTP observations).
         *
         * @param key the tag key, not blank
         * @return this builder
         * @throws IllegalArgumentException if {@code key} is blank
         */
        public Builder statusKey(String key) {
            Objects.requireNonNull(key, "statusKey");
            if (key.isBlank()) {
                throw new IllegalArgumentException("statusKey must not be blank, was '" + key + "'");
            }
            this.statusKey = key;
            return this;
        }

        /**
         * Adds a rule for statuses that make an observation bad: a class ({@code 5xx}), a code
         * ({@code 429}) or an inclusive range ({@code 500-503}), all within 100 to 599.
         *
         * @param rule the rule
         * @return this builder
         * @throws IllegalArgumentException naming the rule if it is malformed
         */
        public Builder badStatus(String rule) {
            parseStatus(rule);
            badStatuses.add(rule.trim());
            return this;
        }

        /**
         * Adds an error type that makes an observation bad (subtypes too). With none, every error is
         * bad; with some, errors of other types (e.g. a validation error) count as good.
         *
         * @param type the error type
         * @return this builder
         */
        public Builder badException(Class<? extends Throwable> type) {
            badExceptions.add(Objects.requireNonNull(type, "badException"));
            return this;
        }

        /**
         * Sets the latency above which an observation is bad, for a request-ratio SLO that also
         * counts slow calls as failures. An SLO with a latency SLI uses its own threshold instead.
         *
         * @param threshold the slowest good latency, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code threshold} is zero or negative
         */
        public Builder slowerThan(Duration threshold) {
            this.slowerThan = Arguments.positive("slowerThan", threshold);
            return this;
        }

        /**
         * Builds the classification.
         *
         * @return the classification
         */
        public ObservationClassification build() {
            return new ObservationClassification(this);
        }
    }
}
