package dev.nines.slo.escalation;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who is paged, in which order, and how long each level has to acknowledge: level 1's targets
 * are paged when an incident opens; if nobody acknowledges within level 1's {@code ackTimeout},
 * level 2's are, and so on; after the last level the policy starts again at level 1, up to
 * {@code repeats} more rounds. A person's mitigation that the burn does not confirm (a failing
 * condition still active {@code mitigationGrace} later) escalates to the next level too.
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * EscalationPolicy policy = EscalationPolicy.builder()
 *         .level(Duration.ofMinutes(5), EscalationTarget.onCall(primary))
 *         .level(Duration.ofMinutes(10), EscalationTarget.onCall(secondary), EscalationTarget.person("lead"))
 *         .repeats(2)
 *         .build();
 * }</pre>
 *
 * @param levels the levels, in order
 * @param repeats how many more rounds after the first
 * @param mitigationGrace how long after a person's mitigation a still-failing condition escalates
 */
public record EscalationPolicy(List<Level> levels, int repeats, Duration mitigationGrace) {

    /**
     * Validates the policy.
     *
     * @param levels at least one level
     * @param repeats at least 0
     * @param mitigationGrace positive
     */
    public EscalationPolicy {
        levels = List.copyOf(levels);
        if (levels.isEmpty()) {
            throw new IllegalArgumentException("levels must not be empty, was none");
        }
        Arguments.atLeast("repeats", repeats, 0);
        Arguments.positive("mitigationGrace", mitigationGrace);
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
     * One level: whom to page and how long they have to acknowledge.
     *
     * @param number the level's number, from 1
     * @param ackTimeout positive
     * @param targets at least one
     */
    public record Level(int number, Duration ackTimeout, List<EscalationTarget> targets) {
        /**
         * Validates the level; the messages name it.
         *
         * @param number the level's number, from 1
         * @param ackTimeout positive
         * @param targets at least one
         */
        public Level {
            Objects.requireNonNull(ackTimeout, "ackTimeout");
            if (ackTimeout.isZero() || ackTimeout.isNegative()) {
                throw new IllegalArgumentException(
                        "ackTimeout of level " + number + " must be positive, was " + ackTimeout);
            }
            targets = List.copyOf(targets);
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("targets of level " + number + " must not be empty, was none");
            }
        }
    }

    /** Builds an {@link EscalationPolicy}; not thread-safe. */
    public static final class Builder {
        private final List<Level> levels = new ArrayList<>();
        private int repeats;
        private Duration mitigationGrace = Duration.ofMinutes(15);

        private Builder() {}

        /**
         * Adds the next level.
         *
         * @param ackTimeout how long its targets have to acknowledge, positive
         * @param targets whom it pages, at least one
         * @return this builder
         * @throws IllegalArgumentException if the timeout is not positive or there is no target
         */
        public Builder level(Duration ackTimeout, EscalationTarget... targets) {
            for (EscalationTarget t : targets) {
                Objects.requireNonNull(t, "target");
            }
            levels.add(new Level(levels.size() + 1, ackTimeout, List.of(targets)));
            return this;
        }

        /**
         * Sets how many more rounds through the levels follow the first.
         *
         * @param repeats at least 0; default 0
         * @return this builder
         */
        public Builder repeats(int repeats) {
            this.repeats = Arguments.atLeast("repeats", repeats, 0);
            return this;
        }

        /**
         * Sets how long after a person's mitigation a condition still failing escalates.
         *
         * @param mitigationGrace positive; default 15 minutes
         * @return this builder
         */
        public Builder mitigationGrace(Duration mitigationGrace) {
            this.mitigationGrace = Arguments.positive("mitigationGrace", mitigationGrace);
            return this;
        }

        /**
         * Builds the policy.
         *
         * @return the policy
         * @throws IllegalArgumentException if it has no level
         */
        public EscalationPolicy build() {
            return new EscalationPolicy(levels, repeats, mitigationGrace);
        }
    }
}
