package dev.nines.slo.micrometer;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which observations feed which SLO: an observation name, the low-cardinality tags the observation
 * must carry with the given values, the SLO's name and the {@link ObservationClassification} that
 * judges each observation good or bad.
 *
 * <p>An observation matches when its name is equal and every tag of the mapping is among its
 * low-cardinality key-values with an equal value; other tags are ignored. Immutable and thread-safe.
 *
 * <pre>{@code
 * ObservationMapping checkout = ObservationMapping.builder("http.server.requests", "checkout-availability")
 *         .tag("uri", "/checkout")
 *         .classification(ObservationClassification.builder().badStatus("5xx").badStatus("429").build())
 *         .build();
 * }</pre>
 */
public final class ObservationMapping {

    private final String observationName;
    private final Map<String, String> tags;
    private final String[] tagKeys;
    private final String[] tagValues;
    private final String sloName;
    private final ObservationClassification classification;

    private ObservationMapping(Builder b) {
        this.observationName = b.observationName;
        this.tags = Map.copyOf(b.tags);
        this.tagKeys = b.tags.keySet().toArray(new String[0]);
        this.tagValues = b.tags.values().toArray(new String[0]);
        this.sloName = b.sloName;
        this.classification = b.classification;
    }

    /**
     * Returns a builder for a mapping of observations named {@code observationName} to the SLO named
     * {@code sloName}, with no tags and {@link ObservationClassification#defaults()}.
     *
     * @param observationName the observation name, e.g. {@code http.server.requests}; not blank
     * @param sloName the SLO's name; the handler's builder checks that a tracker has it
     * @return a new builder
     * @throws IllegalArgumentException if a name is blank
     */
    public static Builder builder(String observationName, String sloName) {
        return new Builder(notBlank("observationName", observationName), notBlank("sloName", sloName));
    }

    /**
     * Returns a builder holding this mapping, to derive a variant.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(observationName, sloName);
        b.tags.putAll(tagsInOrder());
        b.classification = classification;
        return b;
    }

    private Map<String, String> tagsInOrder() {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (int i = 0; i < tagKeys.length; i++) {
            ordered.put(tagKeys[i], tagValues[i]);
        }
        return ordered;
    }

    /**
     * Returns the observation name this mapping matches.
     *
     * @return the name
     */
    public String observationName() {
        return observationName;
    }

    /**
     * Returns the low-cardinality tags an observation must carry.
     *
     * @return the tags, unmodifiable
     */
    public Map<String, String> tags() {
        return tags;
    }

    /**
     * Returns the name of the SLO the matching observations feed.
     *
     * @return the SLO's name
     */
    public String sloName() {
        return sloName;
    }

    /**
     * Returns the rule that judges a matching observation.
     *
     * @return the classification
     */
    public ObservationClassification classification() {
        return classification;
    }

    /** Whether the context carries every tag of this mapping. Allocation-free. */
    boolean matches(Observation.Context context) {
        for (int i = 0; i < tagKeys.length; i++) {
            KeyValue kv = context.getLowCardinalityKeyValue(tagKeys[i]);
            if (kv == null || !tagValues[i].equals(kv.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns whether {@code o} is a {@code ObservationMapping} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ObservationMapping other
                && Objects.equals(observationName, other.observationName)
                && Objects.equals(tags, other.tags)
                && Objects.equals(sloName, other.sloName)
                && Objects.equals(classification, other.classification);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(observationName, tags, sloName, classification);
    }

    @Override
    public String toString() {
        return observationName + tagsInOrder() + " -> " + sloName;
    }

    private static String notBlank(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was '" + value + "'");
        }
        return value;
    }

    /** Builder of {@link ObservationMapping}. Not thread-safe. */
    public static final class Builder {
        private final String observationName;
        private final String sloName;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private ObservationClassification classification = ObservationClassification.defaults();

        private Builder(String observationName, String sloName) {
            this.observationName = observationName;
            this.sloName = sloName;
        }

        /**
         * Requires a low-cardinality tag with this value (e.g. {@code uri} = {@code /checkout}).
         *
         * @param key the tag key, not blank
         * @param value the tag value
         * @return this builder
         * @throws IllegalArgumentException if {@code key} is blank or already required
         */
        public Builder tag(String key, String value) {
            notBlank("tag key", key);
            Objects.requireNonNull(value, "tag value");
            if (tags.containsKey(key)) {
                throw new IllegalArgumentException("tag '" + key + "' is already required, with value '" + tags.get(key)
                        + "', was given again with '" + value + "'");
            }
            tags.put(key, value);
            return this;
        }

        /**
         * Sets the rule that judges a matching observation good or bad.
         *
         * @param classification the rule
         * @return this builder
         */
        public Builder classification(ObservationClassification classification) {
            this.classification = Objects.requireNonNull(classification, "classification");
            return this;
        }

        /**
         * Builds the mapping.
         *
         * @return the mapping
         */
        public ObservationMapping build() {
            return new ObservationMapping(this);
        }
    }
}
