package dev.nines.failover.lease;

import dev.nines.core.internal.Arguments;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The durable state of one failover controller group, as a {@link ControllerStateStore} keeps it:
 * the current primary, the fencing epoch of the latest promotion, the members fenced since, the
 * recent transitions (the anti-flapping history) and whether the latest one was acknowledged.
 *
 * <p>Every write is a new version: a record with version {@code v + 1} replaces version {@code v}
 * by compare-and-set, so two leaders in sequence cannot both write "epoch {@code e + 1}". The
 * {@linkplain #encode() text encoding} is the same for every store.
 *
 * @param version the version of this record in the store, at least 1 (1 is the first write)
 * @param epoch the fencing epoch of the latest promotion (or the initial epoch), at least 0
 * @param primary the current primary's member id, not blank
 * @param fenced the members fenced by a promotion that have not rejoined yet; never contains the primary
 * @param transitions the most recent promotions, oldest first, at most {@link #MAX_TRANSITIONS}, with
 *     increasing epochs none above {@code epoch}
 * @param acknowledged whether an operator acknowledged the latest promotion (lifting the
 *     anti-flapping window); {@code true} when there is none
 */
public record ControllerRecord(
        long version,
        long epoch,
        String primary,
        Set<String> fenced,
        List<Transition> transitions,
        boolean acknowledged) {

    /** How many transitions a record keeps; older ones are dropped by {@link #promote}. */
    public static final int MAX_TRANSITIONS = 32;

    private static final String HEADER = "nines-controller-record 1";

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if a component breaks its rule (the message names it)
     */
    public ControllerRecord {
        Arguments.atLeast("version", version, 1L);
        Arguments.atLeast("epoch", epoch, 0L);
        Arguments.notBlank("primary", primary);
        Objects.requireNonNull(fenced, "fenced");
        Objects.requireNonNull(transitions, "transitions");
        TreeSet<String> sorted = new TreeSet<>();
        for (String member : fenced) {
            sorted.add(Arguments.notBlank("fenced member", member));
        }
        if (sorted.contains(primary)) {
            throw new IllegalArgumentException(
                    "fenced must not contain the primary, was " + sorted + " with primary " + primary);
        }
        if (transitions.size() > MAX_TRANSITIONS) {
            throw new IllegalArgumentException(
                    "transitions must hold at most " + MAX_TRANSITIONS + ", was " + transitions.size());
        }
        // The history must agree with the epoch, as promote() keeps it: a transition above the epoch
        // would let the next promotion reuse an epoch already in the history (a corrupt or forged record).
        long previous = Long.MIN_VALUE;
        for (Transition t : transitions) {
            Objects.requireNonNull(t, "transition");
            if (t.epoch() > epoch) {
                throw new IllegalArgumentException("transitions must not be above the epoch " + epoch + ", was epoch "
                        + t.epoch() + " in " + transitions);
            }
            if (t.epoch() <= previous) {
                throw new IllegalArgumentException("transitions must have increasing epochs, was " + transitions);
            }
            previous = t.epoch();
        }
        fenced = Collections.unmodifiableSet(sorted);
        transitions = List.copyOf(transitions);
    }

    /**
     * Returns the first record of a group: version 1, nothing fenced, no transitions.
     *
     * @param primary the configured primary
     * @param epoch the initial epoch
     * @return a new record
     */
    public static ControllerRecord initial(String primary, long epoch) {
        return new ControllerRecord(1, epoch, primary, Set.of(), List.of(), true);
    }

    /**
     * Returns the latest transition.
     *
     * @return the latest promotion, or empty before the first
     */
    public Optional<Transition> lastTransition() {
        return transitions.isEmpty() ? Optional.empty() : Optional.of(transitions.get(transitions.size() - 1));
    }

    /**
     * Returns the next version after a promotion: {@code to} is the primary at {@code epoch}, the old
     * primary is fenced, the transition is appended (dropping the oldest beyond
     * {@link #MAX_TRANSITIONS}) and not acknowledged yet.
     *
     * @param to the promoted member
     * @param newEpoch the epoch of the promotion, greater than this record's epoch
     * @param trigger what caused it (a {@code dev.nines.failover.Trigger} name)
     * @param at when it happened
     * @return the record of version {@code version() + 1}
     * @throws IllegalArgumentException if {@code newEpoch} is not greater than {@link #epoch()}, or
     *     {@code to} is the primary
     */
    public ControllerRecord promote(String to, long newEpoch, String trigger, Instant at) {
        if (newEpoch <= epoch) {
            throw new IllegalArgumentException("newEpoch must be greater than " + epoch + ", was " + newEpoch);
        }
        if (to.equals(primary)) {
            throw new IllegalArgumentException("to must not be the primary, was " + to);
        }
        Set<String> nextFenced = new TreeSet<>(fenced);
        nextFenced.remove(to);
        nextFenced.add(primary);
        List<Transition> next = new ArrayList<>(transitions);
        next.add(new Transition(at, newEpoch, primary, to, trigger));
        while (next.size() > MAX_TRANSITIONS) {
            next.remove(0);
        }
        return new ControllerRecord(version + 1, newEpoch, to, nextFenced, next, false);
    }

    /**
     * Returns the next version with {@code member} no longer fenced (it rejoined as a standby).
     *
     * @param member the member
     * @return the record of version {@code version() + 1}
     */
    public ControllerRecord rejoin(String member) {
        Set<String> nextFenced = new TreeSet<>(fenced);
        nextFenced.remove(member);
        return new ControllerRecord(version + 1, epoch, primary, nextFenced, transitions, acknowledged);
    }

    /**
     * Returns the next version with the latest promotion acknowledged.
     *
     * @return the record of version {@code version() + 1}
     */
    public ControllerRecord acknowledge() {
        return new ControllerRecord(version + 1, epoch, primary, fenced, transitions, true);
    }

    /**
     * Encodes everything but the version (which the store keeps beside it) as UTF-8 text: a header
     * line, then one {@code key=value} line per field, values percent-encoded.
     *
     * @return the text form, decoded by {@link #decode(long, String)}
     */
    public String encode() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("epoch=").append(epoch).append('\n');
        out.append("primary=").append(escape(primary)).append('\n');
        out.append("acknowledged=").append(acknowledged).append('\n');
        for (String member : fenced) {
            out.append("fenced=").append(escape(member)).append('\n');
        }
        for (Transition t : transitions) {
            out.append("transition=")
                    .append(t.at())
                    .append(' ')
                    .append(t.epoch())
                    .append(' ')
                    .append(escape(t.from()))
                    .append(' ')
                    .append(escape(t.to()))
                    .append(' ')
                    .append(escape(t.trigger()))
                    .append('\n');
        }
        return out.toString();
    }

    /**
     * Decodes the text written by {@link #encode()}.
     *
     * @param version the version the store keeps beside the text
     * @param text the text
     * @return the record
     * @throws IllegalArgumentException if the text is not a controller record (the message quotes the
     *     offending line)
     */
    @SuppressWarnings("StringSplitter") // encode() ends every line with \n: dropping the trailing "" is wanted
    public static ControllerRecord decode(long version, String text) {
        Objects.requireNonNull(text, "text");
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            throw new IllegalArgumentException(
                    "text must start with \"" + HEADER + "\", was \"" + (lines.length == 0 ? "" : lines[0]) + "\"");
        }
        Long epoch = null;
        String primary = null;
        Boolean acknowledged = null;
        Set<String> seen = new HashSet<>();
        Set<String> fenced = new TreeSet<>();
        List<Transition> transitions = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("text line " + (i + 1) + " must be key=value, was \"" + line + "\"");
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            try {
                if (!key.equals("fenced") && !key.equals("transition") && !seen.add(key)) {
                    throw new IllegalArgumentException(key + " appears twice");
                }
                switch (key) {
                    case "epoch" -> epoch = Long.parseLong(value);
                    case "primary" -> primary = unescape(value);
                    case "acknowledged" -> acknowledged = parseBoolean(value);
                    case "fenced" -> fenced.add(unescape(value));
                    case "transition" -> transitions.add(Transition.parse(value));
                    default -> throw new IllegalArgumentException("unknown key");
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "text line " + (i + 1) + " must be a valid " + key + ", was \"" + line + "\" (" + e.getMessage()
                                + ")",
                        e);
            }
        }
        if (epoch == null || primary == null || acknowledged == null) {
            throw new IllegalArgumentException(
                    "text must contain epoch, primary and acknowledged, was \"" + text + "\"");
        }
        return new ControllerRecord(version, epoch, primary, fenced, transitions, acknowledged);
    }

    /** Only what {@link #encode()} writes: {@link Boolean#parseBoolean} would read a typo as false. */
    private static boolean parseBoolean(String value) {
        if (value.equals("true") || value.equals("false")) {
            return value.equals("true");
        }
        throw new IllegalArgumentException("must be true or false");
    }

    private static String escape(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unescape(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /**
     * One promotion in the history.
     *
     * @param at when it happened (wall clock of the leader that promoted)
     * @param epoch the epoch it was made at
     * @param from the primary it replaced
     * @param to the member it promoted
     * @param trigger what caused it, a {@code dev.nines.failover.Trigger} name
     */
    public record Transition(Instant at, long epoch, String from, String to, String trigger) {

        /**
         * Checks the components.
         *
         * @throws IllegalArgumentException if a name is blank, {@code to} equals {@code from} or
         *     {@code epoch < 1}
         */
        public Transition {
            Objects.requireNonNull(at, "at");
            Arguments.atLeast("epoch", epoch, 1L);
            Arguments.notBlank("from", from);
            Arguments.notBlank("to", to);
            Arguments.notBlank("trigger", trigger);
            if (to.equals(from)) {
                throw new IllegalArgumentException("to must not be from, was " + to);
            }
        }

        static Transition parse(String value) {
            String[] parts = value.split(" ", -1);
            if (parts.length != 5) {
                throw new IllegalArgumentException("a transition has 5 fields");
            }
            return new Transition(
                    Instant.parse(parts[0]),
                    Long.parseLong(parts[1]),
                    unescape(parts[2]),
                    unescape(parts[3]),
                    unescape(parts[4]));
        }
    }
}
