package dev.nines.slo.export;

import dev.nines.core.internal.OptionalDependencies;
import dev.nines.slo.Slo;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.Severity;
import java.io.IOException;
import java.io.Reader;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes an {@link Slo} (and its {@link BurnRateAlertPolicy}) as an OpenSLO v1 document and reads
 * it back.
 *
 * <p>The document is one {@code kind: SLO} with everything inline: the indicator (a
 * {@code ratioMetric} of good over total events, whose Prometheus queries are the counters that
 * {@code SloMetrics} exports), the {@code timeWindow} (rolling, or calendar {@code 1M} / {@code 1w}
 * with its time zone), the {@code budgetingMethod} ({@code Occurrences} or {@code Timeslices}
 * with {@code timeSliceTarget} and {@code timeSliceWindow}), one objective ({@code target}) and
 * <b>one {@code AlertPolicy} per burn-rate rule</b> (the spec allows one condition per policy), each
 * with one {@code burnrate} {@code AlertCondition} ({@code op: gt}, the strict {@code >} of the
 * Prometheus rules and {@code SloAlerts}; {@code threshold} = the burn-rate factor for the period,
 * {@code lookbackWindow} = the long window, {@code alertAfter} = the pending time) and one
 * notification target (see {@link WriteOptions}; by default the inline target
 * {@link NotificationTarget#ALERTMANAGER}).
 *
 * <h2>Conformance to the OpenSLO v1 spec</h2>
 * <ul>
 *   <li>Every {@code metadata.name} is an RFC 1123 label (at most 63 characters of
 *       {@code [a-z0-9-]}, alphanumeric at both ends), derived from the SLO or rule name: the name
 *       itself if it already is one, otherwise lower-cased, {@code %} as {@code pct}, other runs as
 *       {@code -}, plus 8 hex digits of the name's CRC-32 so that different names stay apart (the
 *       rule {@code page-2%-1h} becomes {@code page-2pct-1h-} and a hash). The exact name is kept in
 *       {@code displayName} (cut to 63 characters, the OpenSLO SDK's limit) and, when it differs,
 *       in the annotation {@code nines.dev/name}.</li>
 *   <li>Label keys must be what the spec allows (at most 63 characters, {@code [a-zA-Z0-9]} at both
 *       ends, {@code [-._a-zA-Z0-9]} between): writing an SLO with another key throws
 *       {@link IllegalArgumentException} naming the key; reading one throws
 *       {@link OpenSloFormatException}.</li>
 *   <li>A description over the spec's 1,050 characters (Unicode code points) is <b>truncated</b>
 *       in {@code spec.description} with an SLF4J warning; the whole text goes into the annotation
 *       {@code nines.dev/description}, so reading it back is exact. Reading a document whose
 *       {@code spec.description} is longer than 1,050 characters fails.</li>
 * </ul>
 *
 * <p>What OpenSLO cannot say is kept in {@code nines.dev/...} metadata annotations, so that a
 * write-read round trip is exact: the short window and budget fraction of each rule, the policy's
 * minimum events and budget thresholds, the latency threshold of a latency SLI. Exclusions are not
 * written. Durations must be whole minutes.
 *
 * <h2>Reading untrusted input</h2>
 * snakeyaml-engine (YAML 1.2) composes the document into plain nodes and never instantiates
 * classes named by the document. The reader rejects a document over {@link ReadOptions#maxBytes()}
 * (1 MiB by default, counted in UTF-8) before it parses anything; then, as the parser meets them
 * and before any node is built, nesting deeper than {@link ReadOptions#maxDepth()} (32 by
 * default), more than {@link ReadOptions#maxNodes()} nodes (10,000 by default), keys over 1,024
 * characters, and more than 20 aliases to collections. Errors quote at most 80 characters of a
 * value. Each of these raises {@link OpenSloFormatException} naming the field and the line.
 * Documents written by other tools are read as far as they map onto an {@code Slo}: a missing
 * {@code nines.dev/short-window} defaults to the long window / 12 (the SRE Workbook's ratio), a
 * missing {@code nines.dev/budget-fraction} is derived from the threshold, {@code op: gte} is read
 * like {@code gt}, and the rules of every AlertPolicy (with one or more conditions) are read into
 * one {@link BurnRateAlertPolicy}; references ({@code indicatorRef}, {@code alertPolicyRef},
 * {@code conditionRef}) are not resolved.
 *
 * <p>Needs the optional dependency {@code org.snakeyaml:snakeyaml-engine}. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * String yaml = OpenSlo.write(slo, BurnRateAlertPolicy.sreWorkbook());
 * OpenSlo.Document doc = OpenSlo.read(yaml);       // OpenSloFormatException if malformed
 * SloTracker tracker = SloTracker.create(doc.slo(), TimeSource.system());
 *
 * String routed = OpenSlo.write(slo, policy, OpenSlo.WriteOptions.builder()
 *         .notificationTarget(Severity.PAGE, OpenSlo.NotificationTarget.reference("oncall-pager"))
 *         .build());
 * OpenSlo.Document big = OpenSlo.read(text, OpenSlo.ReadOptions.builder().maxBytes(4 << 20).build());
 * }</pre>
 */
public final class OpenSlo {

    static final String ANNOTATION_PREFIX = "nines.dev/";
    static final String NAME = ANNOTATION_PREFIX + "name";
    static final String DESCRIPTION = ANNOTATION_PREFIX + "description";
    static final String SHORT_WINDOW = ANNOTATION_PREFIX + "short-window";
    static final String BUDGET_FRACTION = ANNOTATION_PREFIX + "budget-fraction";
    static final String MINIMUM_EVENTS = ANNOTATION_PREFIX + "minimum-events";
    static final String BUDGET_THRESHOLDS = ANNOTATION_PREFIX + "budget-thresholds";
    static final String LATENCY_THRESHOLD = ANNOTATION_PREFIX + "latency-threshold";
    /** The calendar start written for calendar windows: a Monday, the first of a month. */
    static final String CALENDAR_START = "2024-01-01 00:00:00";

    private OpenSlo() {}

    /**
     * An SLO read from an OpenSLO document, with its alert policy.
     *
     * @param slo the SLO
     * @param alertPolicy the alert policy; without rules when the document has none
     */
    public record Document(Slo slo, BurnRateAlertPolicy alertPolicy) {
        /**
         * Validates the components.
         *
         * @param slo the SLO
         * @param alertPolicy the alert policy
         */
        public Document {
            Objects.requireNonNull(slo, "slo");
            Objects.requireNonNull(alertPolicy, "alertPolicy");
        }
    }

    /**
     * Where an AlertPolicy's notifications go: an inline {@code AlertNotificationTarget} (a name and
     * a target such as {@code slack} or {@code email}) or a {@code targetRef} to one defined
     * elsewhere. OpenSLO leaves delivery to the tool that consumes the document.
     *
     * @param name the target's name, an RFC 1123 label
     * @param target what it is, e.g. {@code alertmanager}, {@code slack}; empty for a reference
     * @param description what it does, at most 1,050 characters; may be empty
     * @param reference whether to write {@code targetRef: name} instead of the inline target
     */
    public record NotificationTarget(String name, String target, String description, boolean reference) {

        /**
         * The default: an inline target {@code alertmanager} (target {@code alertmanager}), for the
         * Prometheus Alertmanager that routes the alerts {@link PrometheusRules} writes by their
         * {@code severity} label.
         */
        public static final NotificationTarget ALERTMANAGER = inline(
                "alertmanager",
                "alertmanager",
                "Prometheus Alertmanager, routing on the severity label of the Nines burn-rate alerts");

        /**
         * Validates the components.
         *
         * @param name the target's name
         * @param target what it is
         * @param description what it does
         * @param reference whether to write a reference
         * @throws IllegalArgumentException if the name is not an RFC 1123 label, an inline target's
         *     {@code target} is blank, or the description is over 1,050 characters
         */
        public NotificationTarget {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(description, "description");
            if (!OpenSloNames.DNS_LABEL.matcher(name).matches()) {
                throw new IllegalArgumentException("notification target name must be an RFC 1123 label (at most 63 "
                        + "characters of [a-z0-9-], alphanumeric at both ends), was '" + name + "'");
            }
            if (!reference && target.isBlank()) {
                throw new IllegalArgumentException("notification target '" + name + "' must say its target, was blank");
            }
            if (OpenSloNames.length(description) > OpenSloNames.MAX_DESCRIPTION) {
                throw new IllegalArgumentException("notification target description must be at most "
                        + OpenSloNames.MAX_DESCRIPTION + " characters, was " + OpenSloNames.length(description));
            }
        }

        /**
         * Returns an inline target.
         *
         * @param name the target's name, an RFC 1123 label
         * @param target what it is, e.g. {@code slack}
         * @param description what it does; may be empty
         * @return the target
         */
        public static NotificationTarget inline(String name, String target, String description) {
            return new NotificationTarget(name, target, description, false);
        }

        /**
         * Returns a reference to an {@code AlertNotificationTarget} defined elsewhere.
         *
         * @param name its name, an RFC 1123 label
         * @return the target
         */
        public static NotificationTarget reference(String name) {
            return new NotificationTarget(name, "", "", true);
        }

        Map<String, Object> toYaml() {
            Map<String, Object> out = new LinkedHashMap<>();
            if (reference) {
                out.put("targetRef", name);
                return out;
            }
            out.put("kind", "AlertNotificationTarget");
            out.put("metadata", Map.of("name", name));
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("target", target);
            if (!description.isEmpty()) {
                spec.put("description", description);
            }
            out.put("spec", spec);
            return out;
        }
    }

    /**
     * How {@link #write(Slo, BurnRateAlertPolicy, WriteOptions)} writes: the notification target
     * of each severity's AlertPolicies. Immutable.
     */
    public static final class WriteOptions {

        /** Every severity notifies {@link NotificationTarget#ALERTMANAGER}. */
        public static final WriteOptions DEFAULTS = builder().build();

        private final Map<Severity, NotificationTarget> targets;

        private WriteOptions(Map<Severity, NotificationTarget> targets) {
            this.targets = targets;
        }

        /**
         * Returns a builder whose every severity notifies {@link NotificationTarget#ALERTMANAGER}.
         *
         * @return a new builder
         */
        public static Builder builder() {
            return new Builder();
        }

        /**
         * Returns the notification target of the AlertPolicies of rules with {@code severity}.
         *
         * @param severity the severity
         * @return the target
         */
        public NotificationTarget notificationTarget(Severity severity) {
            NotificationTarget target = targets.get(Objects.requireNonNull(severity, "severity"));
            if (target == null) { // the builder starts with a target for every severity
                throw new IllegalStateException("no notification target for severity " + severity);
            }
            return target;
        }

        /** Builds {@link WriteOptions}. */
        public static final class Builder {
            private final Map<Severity, NotificationTarget> targets = new EnumMap<>(Severity.class);

            private Builder() {
                notificationTarget(NotificationTarget.ALERTMANAGER);
            }

            /**
             * Sets the notification target of every severity.
             *
             * @param target the target
             * @return this builder
             */
            public Builder notificationTarget(NotificationTarget target) {
                Objects.requireNonNull(target, "target");
                for (Severity s : Severity.values()) {
                    targets.put(s, target);
                }
                return this;
            }

            /**
             * Sets the notification target of one severity's rules.
             *
             * @param severity the severity
             * @param target the target
             * @return this builder
             */
            public Builder notificationTarget(Severity severity, NotificationTarget target) {
                targets.put(Objects.requireNonNull(severity, "severity"), Objects.requireNonNull(target, "target"));
                return this;
            }

            /**
             * Builds the options.
             *
             * @return the options
             */
            public WriteOptions build() {
                return new WriteOptions(new EnumMap<>(targets));
            }
        }
    }

    /**
     * How {@link #read(String, ReadOptions)} bounds the work an untrusted document can cause.
     * Immutable.
     */
    public static final class ReadOptions {

        /** The default size limit: 1 MiB. */
        public static final int DEFAULT_MAX_BYTES = 1 << 20;
        /** The default nesting limit: 32 collections deep (a Nines document nests 9 deep). */
        public static final int DEFAULT_MAX_DEPTH = 32;
        /**
         * The default node limit: 10,000 scalars, collections and aliases (a Nines document with
         * the SRE Workbook policy has 337). It bounds the composer's work: 1 MiB of tiny nodes
         * would otherwise build half a million of them.
         */
        public static final int DEFAULT_MAX_NODES = 10_000;
        /** {@link #DEFAULT_MAX_BYTES}, {@link #DEFAULT_MAX_DEPTH} and {@link #DEFAULT_MAX_NODES}. */
        public static final ReadOptions DEFAULTS = builder().build();

        private final int maxBytes;
        private final int maxDepth;
        private final int maxNodes;

        private ReadOptions(int maxBytes, int maxDepth, int maxNodes) {
            this.maxBytes = maxBytes;
            this.maxDepth = maxDepth;
            this.maxNodes = maxNodes;
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
         * Returns the largest document read, in bytes of UTF-8; a larger one is rejected before it
         * is parsed.
         *
         * @return the limit
         */
        public int maxBytes() {
            return maxBytes;
        }

        /**
         * Returns how deep collections may nest (the document's root mapping is depth 1).
         *
         * @return the limit
         */
        public int maxDepth() {
            return maxDepth;
        }

        /**
         * Returns how many nodes (scalars, collections, aliases) a document may hold.
         *
         * @return the limit
         */
        public int maxNodes() {
            return maxNodes;
        }

        /** Builds {@link ReadOptions}. */
        public static final class Builder {
            private int maxBytes = DEFAULT_MAX_BYTES;
            private int maxDepth = DEFAULT_MAX_DEPTH;
            private int maxNodes = DEFAULT_MAX_NODES;

            private Builder() {}

            /**
             * Sets the largest document read, in bytes of UTF-8.
             *
             * @param maxBytes in [1, 64 MiB]
             * @return this builder
             * @throws IllegalArgumentException if out of range
             */
            public Builder maxBytes(int maxBytes) {
                if (maxBytes < 1 || maxBytes > 64 << 20) {
                    throw new IllegalArgumentException("maxBytes must be in [1, 67108864], was " + maxBytes);
                }
                this.maxBytes = maxBytes;
                return this;
            }

            /**
             * Sets how deep collections may nest.
             *
             * @param maxDepth in [10, 1000]: a Nines document nests 9 deep, and deeper than about
             *     1,000 the composer could exhaust a small thread stack
             * @return this builder
             * @throws IllegalArgumentException if out of range
             */
            public Builder maxDepth(int maxDepth) {
                if (maxDepth < 10 || maxDepth > 1000) {
                    throw new IllegalArgumentException("maxDepth must be in [10, 1000], was " + maxDepth);
                }
                this.maxDepth = maxDepth;
                return this;
            }

            /**
             * Sets how many nodes (scalars, collections, aliases) a document may hold.
             *
             * @param maxNodes in [100, 10,000,000]
             * @return this builder
             * @throws IllegalArgumentException if out of range
             */
            public Builder maxNodes(int maxNodes) {
                if (maxNodes < 100 || maxNodes > 10_000_000) {
                    throw new IllegalArgumentException("maxNodes must be in [100, 10000000], was " + maxNodes);
                }
                this.maxNodes = maxNodes;
                return this;
            }

            /**
             * Builds the options.
             *
             * @return the options
             */
            public ReadOptions build() {
                return new ReadOptions(maxBytes, maxDepth, maxNodes);
            }
        }
    }

    /**
     * Writes {@code slo} as an OpenSLO v1 document without alert policy.
     *
     * @param slo the SLO
     * @return the YAML text
     * @throws IllegalArgumentException if a duration is not a whole number of minutes, or a label
     *     key is not allowed by OpenSLO
     */
    public static String write(Slo slo) {
        requireSnakeYaml();
        return OpenSloWriter.write(Objects.requireNonNull(slo, "slo"), null, WriteOptions.DEFAULTS);
    }

    /**
     * Writes {@code slo} and {@code policy} as an OpenSLO v1 document, one AlertPolicy per rule,
     * each notifying {@link NotificationTarget#ALERTMANAGER}.
     *
     * @param slo the SLO
     * @param policy the alert policy
     * @return the YAML text
     * @throws IllegalArgumentException if a duration (window, rule window, pending time) is not a
     *     whole number of minutes, or a label key is not allowed by OpenSLO
     */
    public static String write(Slo slo, BurnRateAlertPolicy policy) {
        return write(slo, policy, WriteOptions.DEFAULTS);
    }

    /**
     * Writes {@code slo} and {@code policy} as an OpenSLO v1 document, one AlertPolicy per rule.
     *
     * @param slo the SLO
     * @param policy the alert policy
     * @param options the notification targets
     * @return the YAML text
     * @throws IllegalArgumentException if a duration (window, rule window, pending time) is not a
     *     whole number of minutes, or a label key is not allowed by OpenSLO
     */
    public static String write(Slo slo, BurnRateAlertPolicy policy, WriteOptions options) {
        requireSnakeYaml();
        return OpenSloWriter.write(
                Objects.requireNonNull(slo, "slo"),
                Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(options, "options"));
    }

    /**
     * Reads an OpenSLO v1 {@code SLO} document with the default limits ({@link ReadOptions#DEFAULTS}).
     *
     * @param yaml the document text (one YAML document)
     * @return the SLO and its alert policy
     * @throws OpenSloFormatException if the text is over the limits or not YAML, or a field is
     *     missing, of the wrong type or out of range
     */
    public static Document read(String yaml) {
        return read(yaml, ReadOptions.DEFAULTS);
    }

    /**
     * Reads an OpenSLO v1 {@code SLO} document.
     *
     * @param yaml the document text (one YAML document)
     * @param options the limits
     * @return the SLO and its alert policy
     * @throws OpenSloFormatException if the text is over the limits or not YAML, or a field is
     *     missing, of the wrong type or out of range
     */
    public static Document read(String yaml, ReadOptions options) {
        requireSnakeYaml();
        return OpenSloReader.read(Objects.requireNonNull(yaml, "yaml"), Objects.requireNonNull(options, "options"));
    }

    /**
     * Reads an OpenSLO v1 {@code SLO} document from {@code in}, to its end (not closed), with the
     * default limits. At most {@link ReadOptions#maxBytes()} + 1 characters are read from a larger
     * input before it is rejected.
     *
     * @param in the reader
     * @return the SLO and its alert policy
     * @throws IOException if reading fails
     * @throws OpenSloFormatException if the document is over the limits or malformed
     */
    public static Document read(Reader in) throws IOException {
        return read(in, ReadOptions.DEFAULTS);
    }

    /**
     * Reads an OpenSLO v1 {@code SLO} document from {@code in}, to its end (not closed). At most
     * {@link ReadOptions#maxBytes()} + 1 characters are read from a larger input before it is
     * rejected.
     *
     * @param in the reader
     * @param options the limits
     * @return the SLO and its alert policy
     * @throws IOException if reading fails
     * @throws OpenSloFormatException if the document is over the limits or malformed
     */
    public static Document read(Reader in, ReadOptions options) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(options, "options");
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        long limit = options.maxBytes() + 1L; // a character is at least one UTF-8 byte
        int n;
        while (text.length() < limit
                && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - text.length()))) >= 0) {
            text.append(buffer, 0, n);
        }
        return read(text.toString(), options);
    }

    /** Fails with a message naming the artifact when snakeyaml-engine is missing, not a NoClassDefFoundError. */
    private static void requireSnakeYaml() {
        OptionalDependencies.require(
                "OpenSlo",
                "nines-slo",
                OptionalDependencies.SNAKEYAML_ENGINE,
                "org.snakeyaml.engine.v2.api.Dump",
                OpenSlo.class);
    }
}
