package dev.nines.slo.incident;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerEvent;
import dev.nines.core.health.HealthEvent;
import dev.nines.core.health.HealthStatus;
import dev.nines.core.internal.Arguments;
import dev.nines.slo.alert.NoDataEvent;
import dev.nines.slo.alert.Severity;
import dev.nines.slo.alert.SloAlertEvent;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns Nines' own events into {@link IncidentSignal}s, as the {@code subscribe} methods of
 * {@link IncidentRecorder} do. Stateless and thread-safe.
 *
 * <ul>
 *   <li>{@link SloAlertEvent}: a firing page ({@link Severity#PAGE}) is a failing condition
 *       {@code burn-rate:<rule>} with its long-window burn rate and an impact ratio of
 *       {@code burn rate x error budget}; its resolution recovers it. A ticket's firing and
 *       resolution are notes with the burn rate (slow burn joins an incident in progress and
 *       raises its severity, but its hours-long windows would hold an incident open long after
 *       the impact ended). A budget threshold is a note; a pending alert is no signal.</li>
 *   <li>{@link CircuitBreakerEvent.StateTransition}: from {@code CLOSED} (or any state but
 *       {@code HALF_OPEN}) to {@code OPEN} or {@code FORCED_OPEN} fails {@code breaker:<name>}; to
 *       {@code CLOSED}, {@code DISABLED} or {@code METRICS_ONLY} recovers it. The probe cycle of an
 *       open breaker ({@code OPEN -> HALF_OPEN -> OPEN}, every wait interval) is no signal: the
 *       condition has not changed. Other breaker events are no signal.</li>
 *   <li>{@link HealthEvent.CheckStatusChanged} and {@link HealthEvent.GroupStatusChanged}: to an
 *       unhealthy status fails {@code health:<name>}; from an unhealthy to a healthy one recovers
 *       it; other changes (from {@code UNKNOWN} at start, {@code UP} to {@code DEGRADED}) are notes.</li>
 *   <li>{@link NoDataEvent}: a gap fails {@code no-data} from its start; its end recovers it.</li>
 * </ul>
 */
public final class IncidentSignals {

    private IncidentSignals() {}

    /**
     * Returns the signal of an SLO alert event, if it is one.
     *
     * @param event the event
     * @param service the component the SLO belongs to
     * @param errorBudgetRatio the SLO's error budget, {@code 1 - objective}, in (0, 1)
     * @return the signal, empty for a pending alert
     */
    public static Optional<IncidentSignal> of(SloAlertEvent event, String service, double errorBudgetRatio) {
        Objects.requireNonNull(event, "event");
        Arguments.inOpen("errorBudgetRatio", errorBudgetRatio, 0, 1);
        if (event instanceof SloAlertEvent.AlertFiring f) {
            return Optional.of(IncidentSignal.builder(
                            IncidentSignal.Kind.BURN_RATE_ALERT,
                            f.rule().severity() == Severity.PAGE
                                    ? IncidentSignal.Effect.FAILING
                                    : IncidentSignal.Effect.NOTE,
                            service,
                            f.at())
                    .condition("burn-rate:" + f.rule().name())
                    .what(String.format(
                            Locale.ROOT,
                            "SLO %s: alert %s (%s) firing, burn rate %.1f",
                            f.sloName(),
                            f.rule().name(),
                            f.rule().severity(),
                            f.longBurnRate()))
                    .burnRate(f.longBurnRate())
                    .impactRatio(Math.min(1.0, f.longBurnRate() * errorBudgetRatio))
                    .event(f)
                    .build());
        }
        if (event instanceof SloAlertEvent.AlertResolved r) {
            return Optional.of(IncidentSignal.builder(
                            IncidentSignal.Kind.BURN_RATE_ALERT,
                            r.rule().severity() == Severity.PAGE
                                    ? IncidentSignal.Effect.RECOVERED
                                    : IncidentSignal.Effect.NOTE,
                            service,
                            r.at())
                    .condition("burn-rate:" + r.rule().name())
                    .what("SLO " + r.sloName() + ": alert " + r.rule().name() + " resolved")
                    .event(r)
                    .build());
        }
        if (event instanceof SloAlertEvent.BudgetThresholdCrossed b) {
            return Optional.of(IncidentSignal.builder(
                            IncidentSignal.Kind.BUDGET_THRESHOLD, IncidentSignal.Effect.NOTE, service, b.at())
                    .condition("budget")
                    .what(String.format(
                            Locale.ROOT,
                            "SLO %s: %.0f%% of the error budget consumed",
                            b.sloName(),
                            100 * b.threshold()))
                    .event(b)
                    .build());
        }
        return Optional.empty();
    }

    /**
     * Returns the signal of a breaker event, if it is a state transition.
     *
     * @param event the event
     * @param component the dependency the breaker guards
     * @return the signal, empty for other events
     */
    public static Optional<IncidentSignal> of(CircuitBreakerEvent event, String component) {
        Objects.requireNonNull(event, "event");
        if (!(event instanceof CircuitBreakerEvent.StateTransition t)) {
            return Optional.empty();
        }
        IncidentSignal.Effect effect;
        if (t.to() == CircuitBreaker.State.HALF_OPEN
                || (t.from() == CircuitBreaker.State.HALF_OPEN && t.to() == CircuitBreaker.State.OPEN)) {
            return Optional.empty(); // a probe while open: nothing changed
        } else if (t.to() == CircuitBreaker.State.OPEN || t.to() == CircuitBreaker.State.FORCED_OPEN) {
            effect = IncidentSignal.Effect.FAILING;
        } else {
            effect = IncidentSignal.Effect.RECOVERED;
        }
        return Optional.of(IncidentSignal.builder(IncidentSignal.Kind.BREAKER, effect, component, t.time())
                .condition("breaker:" + t.breakerName())
                .what("breaker " + t.breakerName() + " " + t.from() + " -> " + t.to())
                .event(t)
                .build());
    }

    /**
     * Returns the signal of a health event, if it is a status change.
     *
     * @param event the event
     * @param component the component the check or group is about
     * @param now when a check's change happened, if its result carries no time
     * @return the signal, empty for other events
     */
    public static Optional<IncidentSignal> of(HealthEvent event, String component, Instant now) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(now, "now");
        HealthStatus from;
        HealthStatus to;
        Instant at;
        if (event instanceof HealthEvent.CheckStatusChanged c) {
            from = c.from();
            to = c.to();
            at = c.result().checkedAt().equals(Instant.EPOCH) ? now : c.result().checkedAt();
        } else if (event instanceof HealthEvent.GroupStatusChanged g) {
            from = g.from();
            to = g.to();
            at = g.at();
        } else {
            return Optional.empty();
        }
        IncidentSignal.Effect effect;
        if (!to.isHealthy() && !to.equals(HealthStatus.UNKNOWN)) {
            effect = IncidentSignal.Effect.FAILING;
        } else if (to.isHealthy() && !from.isHealthy() && !from.equals(HealthStatus.UNKNOWN)) {
            effect = IncidentSignal.Effect.RECOVERED;
        } else {
            effect = IncidentSignal.Effect.NOTE;
        }
        return Optional.of(IncidentSignal.builder(IncidentSignal.Kind.HEALTH, effect, component, at)
                .condition("health:" + event.name())
                .what("health " + event.name() + " " + from + " -> " + to)
                .event(event)
                .build());
    }

    /**
     * Returns the signal of a no-data event.
     *
     * @param event the event
     * @param service the component the SLO belongs to
     * @return the signal
     */
    public static IncidentSignal of(NoDataEvent event, String service) {
        Objects.requireNonNull(event, "event");
        if (event instanceof NoDataEvent.NoDataStarted s) {
            return IncidentSignal.builder(IncidentSignal.Kind.NO_DATA, IncidentSignal.Effect.FAILING, service, s.at())
                    .condition("no-data")
                    .since(s.since())
                    .what(String.format(
                            Locale.ROOT,
                            "SLO %s: no events since %s (%.0f expected)",
                            s.sloName(),
                            s.since(),
                            s.expectedEvents()))
                    .event(s)
                    .build();
        }
        NoDataEvent.NoDataEnded e = (NoDataEvent.NoDataEnded) event;
        return IncidentSignal.builder(IncidentSignal.Kind.NO_DATA, IncidentSignal.Effect.RECOVERED, service, e.at())
                .condition("no-data")
                .what("SLO " + e.sloName() + ": events again after a gap of "
                        + e.duration().toMinutes() + " min")
                .event(e)
                .build();
    }
}
