package dev.nines.slo.incident;

import dev.nines.core.internal.Arguments;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event that an {@link IncidentRecorder} files: what happened, when, to which component, and
 * the original event that said so. The recorder's {@code subscribe} methods turn Nines' own events
 * (burn-rate alerts, budget thresholds, breaker transitions, health status changes, no-data gaps)
 * into signals; failover decisions, rollbacks and runbook steps come from the {@code failover}
 * module, which does not depend on this one, through {@link #builder(Kind, Effect, String, Instant)}.
 *
 * <p>A signal's {@link Effect} says what it does to an incident: a {@link Effect#FAILING} signal
 * makes its condition ({@code component} plus {@code condition}, e.g. {@code payments} and
 * {@code breaker:payment-provider}) active, and opens or joins an incident; {@link Effect#RECOVERED}
 * clears it; {@link Effect#TRANSIENT} is a failure already over (a failover that promoted a standby:
 * the primary failed at {@code since}, service was restored at {@code at}; it also clears its
 * condition if a failing signal left it active); {@link Effect#NOTE}
 * only adds to the timeline of an incident in progress.
 *
 * <pre>{@code
 * controller.onEvent(e -> {
 *     if (e instanceof FailoverEvent.FailedOver f) {
 *         recorder.record(IncidentSignal.builder(IncidentSignal.Kind.FAILOVER, IncidentSignal.Effect.TRANSIENT,
 *                 "orders-db", f.time()).condition("primary").since(f.time().minus(f.timeToFailover()))
 *                 .what("failed over " + f.from() + " -> " + f.to()).event(f).build());
 *     }
 * });
 * }</pre>
 *
 * @param kind where the signal comes from
 * @param effect what it does to an incident
 * @param component the service or dependency it is about, not blank
 * @param condition what about the component is failing or recovered (a rule, a breaker, a check), not blank
 * @param what a one-line description for the timeline
 * @param since when the failure began ({@code at} unless the source knows better), not after {@code at}
 * @param at when the event happened
 * @param burnRate the error-budget burn rate it reports, 0 if none
 * @param impactRatio the fraction of requests failing it reports, in [0, 1], 0 if unknown
 * @param event the original event (an {@code SloAlertEvent}, a {@code CircuitBreakerEvent}, ...,
 *     or the actor's name for a human entry)
 */
public record IncidentSignal(
        Kind kind,
        Effect effect,
        String component,
        String condition,
        String what,
        Instant since,
        Instant at,
        double burnRate,
        double impactRatio,
        Object event) {

    /**
     * Validates the signal.
     *
     * @param kind where the signal comes from
     * @param effect what it does to an incident
     * @param component the service or dependency, not blank
     * @param condition what is failing or recovered, not blank
     * @param what a one-line description
     * @param since when the failure began, not after {@code at}
     * @param at when the event happened
     * @param burnRate the burn rate, finite and not negative
     * @param impactRatio the impact ratio, in [0, 1]
     * @param event the original event
     */
    public IncidentSignal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(effect, "effect");
        Arguments.notBlank("component", component);
        Arguments.notBlank("condition", condition);
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(event, "event");
        if (since.isAfter(at)) {
            throw new IllegalArgumentException("since must not be after at " + at + ", was " + since);
        }
        Arguments.atLeast("burnRate", burnRate, 0.0);
        Arguments.inClosed("impactRatio", impactRatio, 0, 1);
    }

    /**
     * Returns a builder of a signal with condition {@code kind} in lower case, no description,
     * {@code since == at}, no burn rate or impact, and a short text naming kind, effect and component as
     * the event unless one is set.
     *
     * @param kind where the signal comes from
     * @param effect what it does to an incident
     * @param component the service or dependency
     * @param at when it happened
     * @return a new builder
     */
    public static Builder builder(Kind kind, Effect effect, String component, Instant at) {
        return new Builder(kind, effect, component, at);
    }

    /** Where a signal comes from. */
    public enum Kind {
        /** A burn-rate alert fired or resolved ({@code SloAlerts}). */
        BURN_RATE_ALERT,
        /** A share of the error budget was consumed ({@code SloAlerts}). */
        BUDGET_THRESHOLD,
        /** A circuit breaker changed state. */
        BREAKER,
        /** A health check or group changed status. */
        HEALTH,
        /** An SLO's input went silent or came back ({@code NoDataWatch}). */
        NO_DATA,
        /** A failover decision: a promotion, or one that was blocked. */
        FAILOVER,
        /** A rollback of a change or of a failover. */
        ROLLBACK,
        /** A runbook step ran. */
        RUNBOOK_STEP,
        /** A person added an entry (acknowledged, mitigated, a note, resolved). */
        HUMAN,
        /** Anything else the application reports. */
        OTHER
    }

    /** What a signal does to an incident. */
    public enum Effect {
        /** The condition is failing: opens an incident, or joins a related one. */
        FAILING,
        /** The condition recovered. */
        RECOVERED,
        /** A failure from {@code since} to {@code at}, already over. */
        TRANSIENT,
        /** Only a timeline entry of a related incident in progress. */
        NOTE
    }

    /** Builds an {@link IncidentSignal}; not thread-safe. */
    public static final class Builder {
        private final Kind kind;
        private final Effect effect;
        private final String component;
        private final Instant at;
        private String condition;
        private String what = "";
        private @Nullable Instant since; // null: at
        private double burnRate;
        private double impactRatio;
        private @Nullable Object event; // null: a description of the signal

        private Builder(Kind kind, Effect effect, String component, Instant at) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.effect = Objects.requireNonNull(effect, "effect");
            this.component = Arguments.notBlank("component", component);
            this.at = Objects.requireNonNull(at, "at");
            this.condition = kind.name().toLowerCase(java.util.Locale.ROOT);
        }

        /**
         * Sets what about the component the signal is about (default: the kind in lower case).
         *
         * @param condition not blank
         * @return this builder
         * @throws IllegalArgumentException if blank
         * @throws NullPointerException if null
         */
        public Builder condition(String condition) {
            this.condition = Arguments.notBlank("condition", condition);

            return this;
        }

        /**
         * Sets the one-line description for the timeline.
         *
         * @param what the text
         * @return this builder
         */
        public Builder what(String what) {
            this.what = Objects.requireNonNull(what, "what");
            return this;
        }

        /**
         * Sets when the failure began (default: {@code at}).
         *
         * @param since not after {@code at}
         * @return this builder
         */
        public Builder since(Instant since) {
            this.since = Objects.requireNonNull(since, "since");
            return this;
        }

        /**
         * Sets the burn rate the signal reports.
         *
         * @param burnRate finite, not negative
         * @return this builder
         */
        public Builder burnRate(double burnRate) {
            this.burnRate = burnRate;
            return this;
        }

        /**
         * Sets the fraction of requests failing that the signal reports.
         *
         * @param impactRatio in [0, 1]
         * @return this builder
         */
        public Builder impactRatio(double impactRatio) {
            this.impactRatio = impactRatio;
            return this;
        }

        /**
         * Sets the original event.
         *
         * @param event the event
         * @return this builder
         */
        public Builder event(Object event) {
            this.event = Objects.requireNonNull(event, "event");
            return this;
        }

        /**
         * Builds the signal.
         *
         * @return the signal
         * @throws IllegalArgumentException if a field is out of range (the message names it)
         */
        public IncidentSignal build() {
            return new IncidentSignal(
                    kind,
                    effect,
                    component,
                    condition,
                    what,
                    since == null ? at : since,
                    at,
                    burnRate,
                    impactRatio,
                    event == null ? kind + " " + effect + " " + component : event);
        }
    }
}
