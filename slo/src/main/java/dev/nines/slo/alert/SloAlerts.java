package dev.nines.slo.alert;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.SliCounts;
import dev.nines.slo.SloTracker;
import dev.nines.slo.alert.SloAlertEvent.AlertFiring;
import dev.nines.slo.alert.SloAlertEvent.AlertPending;
import dev.nines.slo.alert.SloAlertEvent.AlertResolved;
import dev.nines.slo.alert.SloAlertEvent.BudgetThresholdCrossed;
import dev.nines.slo.exclusion.Exclusion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Evaluates a {@link BurnRateAlertPolicy} against a {@link SloTracker} each time the application
 * calls {@link #evaluate()}, and reports lifecycle changes (pending, firing, resolved) and budget
 * threshold crossings to listeners. No thread of its own: call {@code evaluate()} from your
 * scheduler, e.g. every 30 seconds.
 *
 * <p>A rule's condition holds when its long window has at least {@code minimumEvents} counted
 * events and the burn rates of both its long and short windows are at or above its factor.
 * Events inside exclusions are not counted, so an outage that outlasts its maintenance window
 * alerts as soon as the window ends. Inside a maintenance window, a rule holds only if the
 * short window's error ratio over all events (excluded ones included) is above the window's
 * {@code alertAboveErrorRatio}, and then it is judged on all events.
 *
 * <p>Thread-safe: evaluations are serialised; listeners run on the evaluating thread after the
 * state has been updated, and a listener's exception never breaks the evaluation.
 *
 * <pre>{@code
 * SloAlerts alerts = SloAlerts.of(tracker, BurnRateAlertPolicy.sreWorkbook(), TimeSource.system());
 * alerts.onAlertFiring(e -> pager.page(e.sloName() + ": " + e.rule().name()));
 * alerts.onAlertResolved(e -> pager.resolve(e.sloName() + ": " + e.rule().name()));
 * scheduler.scheduleAtFixedRate(alerts::evaluate, 30, 30, TimeUnit.SECONDS);
 * }</pre>
 */
public final class SloAlerts {

    private static final double TOLERANCE = 1e-9;

    private final SloTracker tracker;
    private final BurnRateAlertPolicy policy;
    private final TimeSource time;
    private final EventListeners<SloAlertEvent> listeners;
    private final ReentrantLock lock = new ReentrantLock();
    private final AlertState[] states;
    private final Instant[] since;
    private final boolean[] notified;

    private SloAlerts(SloTracker tracker, BurnRateAlertPolicy policy, TimeSource time) {
        this.tracker = tracker;
        this.policy = policy;
        this.time = time;
        this.listeners = EventListeners.create("SLO alerts '" + tracker.slo().name() + "'");
        int n = policy.rules().size();
        this.states = new AlertState[n];
        this.since = new Instant[n];
        Instant now = time.now();
        for (int i = 0; i < n; i++) {
            states[i] = AlertState.INACTIVE;
            since[i] = now;
        }
        this.notified = new boolean[policy.budgetThresholds().size()];
    }

    /**
     * Creates an evaluator; every rule starts inactive and every threshold armed.
     *
     * @param tracker the tracker to watch
     * @param policy the rules and thresholds
     * @param timeSource the clock for pending times and event timestamps (use the tracker's)
     * @return the evaluator
     */
    public static SloAlerts of(SloTracker tracker, BurnRateAlertPolicy policy, TimeSource timeSource) {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(timeSource, "timeSource");
        return new SloAlerts(tracker, policy, timeSource);
    }

    /**
     * Returns the tracker this evaluator watches.
     *
     * @return the tracker
     */
    public SloTracker tracker() {
        return tracker;
    }

    /**
     * Returns the policy.
     *
     * @return the policy
     */
    public BurnRateAlertPolicy policy() {
        return policy;
    }

    /**
     * Evaluates every rule and threshold now, updates the lifecycle and notifies listeners.
     *
     * @return the state of each rule, in policy order
     */
    public List<AlertStatus> evaluate() {
        List<SloAlertEvent> events = new ArrayList<>();
        List<AlertStatus> result = new ArrayList<>();
        lock.lock();
        try {
            Instant now = time.now();
            String slo = tracker.slo().name();
            double budgetRatio = tracker.slo().errorBudgetRatio();
            Duration period = tracker.slo().window().period(now);
            Optional<Exclusion> maintenance = tracker.activeMaintenance();
            List<BurnRateRule> rules = policy.rules();
            for (int i = 0; i < rules.size(); i++) {
                BurnRateRule rule = rules.get(i);
                double factor = rule.factor(period);
                SliCounts longCounts;
                SliCounts shortCounts;
                boolean suppressed = false;
                if (maintenance.isPresent()) {
                    longCounts = tracker.rawCounts(rule.longWindow());
                    shortCounts = tracker.rawCounts(rule.shortWindow());
                    suppressed = shortCounts.errorRatio() <= maintenance.get().alertAboveErrorRatio();
                } else {
                    longCounts = tracker.counts(rule.longWindow());
                    shortCounts = tracker.counts(rule.shortWindow());
                }
                double longBurn = longCounts.errorRatio() / budgetRatio;
                double shortBurn = shortCounts.errorRatio() / budgetRatio;
                double threshold = factor * (1 - TOLERANCE);
                boolean holds = !suppressed
                        && longCounts.total() >= policy.minimumEvents()
                        && longBurn >= threshold
                        && shortBurn >= threshold;
                transition(i, rule, holds, longBurn, shortBurn, now, slo, events);
                result.add(
                        new AlertStatus(rule, states[i], factor, longBurn, shortBurn, suppressed && !holds, since[i]));
            }
            if (!policy.budgetThresholds().isEmpty()) {
                double consumed = tracker.errorBudget().consumedRatio();
                List<Double> thresholds = policy.budgetThresholds();
                for (int i = 0; i < thresholds.size(); i++) {
                    double t = thresholds.get(i);
                    if (consumed >= t * (1 - TOLERANCE)) {
                        if (!notified[i]) {
                            notified[i] = true;
                            events.add(new BudgetThresholdCrossed(slo, t, consumed, now));
                        }
                    } else {
                        notified[i] = false;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (listeners.hasListeners()) {
            for (SloAlertEvent e : events) {
                listeners.publish(e);
            }
        }
        return result;
    }

    private void transition(
            int i,
            BurnRateRule rule,
            boolean holds,
            double longBurn,
            double shortBurn,
            Instant now,
            String slo,
            List<SloAlertEvent> events) {
        switch (states[i]) {
            case INACTIVE:
                if (holds) {
                    since[i] = now;
                    if (rule.pendingFor().isZero()) {
                        states[i] = AlertState.FIRING;
                        events.add(new AlertFiring(slo, rule, longBurn, shortBurn, now));
                    } else {
                        states[i] = AlertState.PENDING;
                        events.add(new AlertPending(slo, rule, longBurn, shortBurn, now));
                    }
                }
                break;
            case PENDING:
                if (!holds) {
                    states[i] = AlertState.INACTIVE;
                    since[i] = now;
                } else if (Duration.between(since[i], now).compareTo(rule.pendingFor()) >= 0) {
                    states[i] = AlertState.FIRING;
                    since[i] = now;
                    events.add(new AlertFiring(slo, rule, longBurn, shortBurn, now));
                }
                break;
            case FIRING:
                if (!holds) {
                    events.add(new AlertResolved(slo, rule, since[i], now));
                    states[i] = AlertState.INACTIVE;
                    since[i] = now;
                }
                break;
            default:
                throw new AssertionError(states[i]);
        }
    }

    /**
     * Returns the current state of a rule, as of the last evaluation.
     *
     * @param ruleName the rule name
     * @return the state
     * @throws IllegalArgumentException if the policy has no such rule
     */
    public AlertState state(String ruleName) {
        Objects.requireNonNull(ruleName, "ruleName");
        lock.lock();
        try {
            List<BurnRateRule> rules = policy.rules();
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).name().equals(ruleName)) {
                    return states[i];
                }
            }
        } finally {
            lock.unlock();
        }
        throw new IllegalArgumentException("ruleName must name a rule of the policy, was " + ruleName);
    }

    /**
     * Registers a listener for every event.
     *
     * @param listener the listener
     * @return a registration that unregisters when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super SloAlertEvent> listener) {
        return listeners.register(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Registers a listener for alerts that fire.
     *
     * @param listener the listener
     * @return a registration that unregisters when closed
     */
    public EventListeners.Registration onAlertFiring(Consumer<? super AlertFiring> listener) {
        Objects.requireNonNull(listener, "listener");
        return listeners.register(e -> {
            if (e instanceof AlertFiring alertFiring) {
                listener.accept(alertFiring);
            }
        });
    }

    /**
     * Registers a listener for alerts that resolve.
     *
     * @param listener the listener
     * @return a registration that unregisters when closed
     */
    public EventListeners.Registration onAlertResolved(Consumer<? super AlertResolved> listener) {
        Objects.requireNonNull(listener, "listener");
        return listeners.register(e -> {
            if (e instanceof AlertResolved alertResolved) {
                listener.accept(alertResolved);
            }
        });
    }

    /**
     * Registers a listener for budget threshold crossings.
     *
     * @param listener the listener
     * @return a registration that unregisters when closed
     */
    public EventListeners.Registration onBudgetThreshold(Consumer<? super BudgetThresholdCrossed> listener) {
        Objects.requireNonNull(listener, "listener");
        return listeners.register(e -> {
            if (e instanceof BudgetThresholdCrossed budgetThresholdCrossed) {
                listener.accept(budgetThresholdCrossed);
            }
        });
    }

    @Override
    public String toString() {
        return "SloAlerts[" + tracker.slo().name() + ", " + policy.rules().size() + " rules]";
    }
}
