package dev.nines.slo.chaos;

import dev.nines.core.chaos.ChaosPolicy;
import dev.nines.core.chaos.InjectedFault;
import dev.nines.core.chaos.InjectionGuard;
import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.Budgeting;
import dev.nines.slo.SloTracker;
import dev.nines.slo.alert.AlertState;
import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.alert.SloAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A chaos experiment bound to an SLO: it runs a {@link ChaosPolicy} while it may spend at most a
 * configured share of the SLO's <em>remaining</em> error budget, stops itself when one of the SLO's
 * burn-rate alerts fires, when the share is spent or when its maximum duration passes, and reports
 * what it spent ({@link ExperimentReport}).
 *
 * <p><b>How the budget is guarded.</b> At {@link #start()} the experiment reads the tracker's
 * remaining budget (in events: the SLO must count occurrences) and allows
 * {@code floor(maxBudgetShare x remaining)} injections. It enables the policy with an
 * {@link InjectionGuard} that grants injections one by one, exactly up to that number even under
 * contention, and disables the policy at the last one. Each injection counts as one bad event
 * spent: an injected failure that reaches a user is a failure the user saw, so the application
 * records it against the SLO like any other (that is what the budget is for; recording code that
 * must not count it tells it apart with {@link InjectedFault#isInjected(Throwable)}). Counting
 * every injection as spent, recorded or not, keeps the bound safe.
 *
 * <p><b>Alerts.</b> With {@link Builder#alerts(SloAlerts)}, the experiment does not start injecting
 * if a rule is already firing, and stops as soon as an evaluation fires one (on the evaluating
 * thread: the application's scheduler calls {@link SloAlerts#evaluate()} as usual).
 *
 * <p><b>A unit.</b> {@link #start()}, {@link #stop()}, {@link #report()}: an experiment runs once;
 * build a new one to run again. It starts no thread: the deadline is checked on each injection and
 * by {@link #tick()} (call it from your scheduler to stop on time when traffic is sparse).
 * {@link #dryRun()} tells, without side effects, what a start would allow now and every reason it
 * would not inject (an {@link ExperimentPlan}); a dry run leaves the experiment startable.
 * Thread-safe.
 *
 * <pre>{@code
 * ChaosPolicy outage = ChaosPolicy.of("payments-outage",
 *         ChaosConfig.builder().fault(() -> new ConnectException("injected")).injectionRatio(0.05)
 *                 .enabled(false).build(),
 *         TimeSource.system());
 * ChaosExperiment experiment = ChaosExperiment.builder("payments-game-day")
 *         .policy(outage)
 *         .tracker(checkoutTracker)
 *         .alerts(checkoutAlerts)
 *         .maxBudgetShare(0.10)                  // at most 10% of what is left
 *         .maxDuration(Duration.ofMinutes(30))
 *         .build();
 * experiment.onStopped(report -> log.info("chaos experiment ended: {}", report));
 * experiment.start();
 * // ... traffic flows through a pipeline with .chaos(outage) ...
 * ExperimentReport report = experiment.stop();
 * }</pre>
 */
public final class ChaosExperiment {

    private final String name;
    private final ChaosPolicy policy;
    private final SloTracker tracker;
    private final @Nullable SloAlerts alerts;
    private final double maxBudgetShare;
    private final @Nullable Duration maxDuration;
    private final TimeSource time;
    private final EventListeners<ExperimentReport> stoppedListeners;
    private final Object lock = new Object();
    private final AtomicLong granted = new AtomicLong();
    private final InjectionGuard guard = this::tryAcquireInjection;

    // Written under the lock at start and stop; read by reports and the guard.
    private volatile boolean running;
    private volatile long allowed;
    private volatile long deadlineNanos;
    private @Nullable Instant startedAt;
    private long startNanos;
    private double remainingAtStart;
    private long goodAtStart;
    private long badAtStart;
    private long refusedAtStart;
    private EventListeners.@Nullable Registration alertRegistration;
    private volatile @Nullable ExperimentReport finalReport;

    private ChaosExperiment(Builder builder, ChaosPolicy policy, SloTracker tracker) {
        this.name = builder.name;
        this.policy = policy;
        this.tracker = tracker;
        this.alerts = builder.alerts;
        this.maxBudgetShare = builder.maxBudgetShare;
        this.maxDuration = builder.maxDuration;
        this.time = policy.timeSource();
        this.stoppedListeners = EventListeners.create("chaos experiment '" + name + "'");
    }

    /**
     * Returns a builder for an experiment called {@code name}.
     *
     * @param name the experiment's name, for reports and logs
     * @return a new builder
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static Builder builder(String name) {
        return new Builder(Arguments.notBlank("name", name));
    }

    /**
     * Returns the experiment's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the chaos policy the experiment runs.
     *
     * @return the policy
     */
    public ChaosPolicy policy() {
        return policy;
    }

    /**
     * Returns the tracker of the SLO whose budget the experiment spends.
     *
     * @return the tracker
     */
    public SloTracker tracker() {
        return tracker;
    }

    /**
     * Starts the experiment: reads the remaining budget, allows its share, and enables the policy
     * with the experiment's guard. If nothing can be spent (no budget left, or a share of less than
     * one event) or an alert is already firing, the experiment stops at once without injecting.
     *
     * @throws IllegalStateException if the experiment has already started, or the policy is
     *     already enabled (its injections would not be counted)
     */
    public void start() {
        ExperimentStatus stopAt = null;
        String firingRule = null;
        synchronized (lock) {
            if (startedAt != null) {
                throw new IllegalStateException("chaos experiment '" + name + "' has already started: build a new one");
            }
            if (policy.isEnabled()) {
                throw new IllegalStateException("chaos policy '" + policy.name()
                        + "' must be disabled before experiment '" + name
                        + "' starts, was enabled: injections made outside the experiment would not be counted");
            }
            startedAt = time.now();
            startNanos = time.nanoTime();
            remainingAtStart = tracker.errorBudget().remaining();
            allowed = allowedFor(remainingAtStart);
            deadlineNanos = maxDuration == null ? 0 : startNanos + maxDuration.toNanos();
            goodAtStart = tracker.totalGood();
            badAtStart = tracker.totalBad();
            refusedAtStart = policy.metrics().numberOfRefusedInjections();
            List<String> firingNow = firingRules();
            firingRule = firingNow.isEmpty() ? null : firingNow.get(0);
            if (firingRule != null) {
                stopAt = ExperimentStatus.ALERT_FIRING;
            } else if (allowed == 0) {
                stopAt = ExperimentStatus.BUDGET_SHARE_SPENT;
            } else {
                running = true;
                if (alerts != null) {
                    alertRegistration = alerts.onAlertFiring(firing ->
                            stop(ExperimentStatus.ALERT_FIRING, firing.rule().name()));
                }
                policy.enable(guard);
            }
        }
        if (stopAt != null) {
            stop(stopAt, firingRule);
        }
    }

    /**
     * Computes what {@link #start()} would do now, without doing it: the remaining budget and the
     * injections it would allow, the alerts firing, and whether the policy or the experiment is in a
     * state that prevents the start. Nothing changes: the policy is not touched and the experiment can
     * still start afterwards. Works before, during and after the run.
     *
     * <pre>{@code
     * ExperimentPlan plan = experiment.dryRun();
     * if (!plan.wouldInject()) log.warn("game day would not inject: {}", plan.blockers());
     * }</pre>
     *
     * @return the plan
     */
    public ExperimentPlan dryRun() {
        synchronized (lock) {
            double remaining = tracker.errorBudget().remaining();
            long allowedNow = allowedFor(remaining);
            List<String> firing = firingRules();
            return new ExperimentPlan(
                    name,
                    tracker.slo().name(),
                    policy.name(),
                    policy.config().kind(),
                    policy.config().injectionRatio(),
                    time.now(),
                    startedAt != null,
                    startedAt == null && policy.isEnabled(),
                    maxBudgetShare,
                    remaining,
                    allowedNow,
                    Optional.ofNullable(maxDuration),
                    firing);
        }
    }

    /** The injections a start allows with {@code remaining} bad events of budget left. */
    private long allowedFor(double remaining) {
        return remaining > 0 ? (long) Math.floor(maxBudgetShare * remaining) : 0;
    }

    /** The burn-rate rules firing now, in the alert policy's order; none without alerts. */
    private List<String> firingRules() {
        List<String> firing = new ArrayList<>();
        if (alerts != null) {
            for (BurnRateRule rule : alerts.policy().rules()) {
                if (alerts.state(rule.name()) == AlertState.FIRING) {
                    firing.add(rule.name());
                }
            }
        }
        return firing;
    }

    /**
     * Stops the experiment (if it runs) and disables the policy.
     *
     * @return the final report; the same report for every later call
     * @throws IllegalStateException if the experiment has not started
     */
    public ExperimentReport stop() {
        return stop(ExperimentStatus.STOPPED, null);
    }

    /**
     * Stops the experiment if its maximum duration has passed; call it from your scheduler to stop
     * on time when traffic is sparse (injections check the deadline too).
     *
     * @return whether the experiment is still running
     */
    public boolean tick() {
        if (running && deadlinePassed()) {
            stop(ExperimentStatus.DEADLINE_PASSED, null);
        }
        return running;
    }

    /**
     * Returns whether the experiment is injecting.
     *
     * @return {@code true} between {@link #start()} and the stop
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * Returns what the experiment spent so far, or in total once it stopped.
     *
     * @return a new report while running; the final report afterwards
     * @throws IllegalStateException if the experiment has not started
     */
    public ExperimentReport report() {
        ExperimentReport done = finalReport;
        if (done != null) {
            return done;
        }
        synchronized (lock) {
            done = finalReport;
            if (done != null) {
                return done;
            }
            return snapshot(ExperimentStatus.RUNNING, null);
        }
    }

    /**
     * Registers a listener told of the final report when the experiment stops, whether stopped by
     * the caller or by itself (on the thread that stopped it: the caller's, an injecting call's, or
     * the alert evaluation's).
     *
     * @param listener the listener
     * @return a registration that unregisters when closed
     */
    public EventListeners.Registration onStopped(Consumer<? super ExperimentReport> listener) {
        return stoppedListeners.register(Objects.requireNonNull(listener, "listener"));
    }

    /** The guard: grants injections up to the allowance, exactly, and stops the experiment at it. */
    private boolean tryAcquireInjection() {
        if (!running) {
            return false;
        }
        if (deadlinePassed()) {
            stop(ExperimentStatus.DEADLINE_PASSED, null);
            return false;
        }
        long limit = allowed;
        while (true) {
            long used = granted.get();
            if (used >= limit) {
                stop(ExperimentStatus.BUDGET_SHARE_SPENT, null);
                return false;
            }
            if (granted.compareAndSet(used, used + 1)) {
                if (used + 1 == limit) {
                    stop(ExperimentStatus.BUDGET_SHARE_SPENT, null);
                }
                return true;
            }
        }
    }

    private boolean deadlinePassed() {
        return maxDuration != null && time.nanoTime() - deadlineNanos >= 0;
    }

    private ExperimentReport stop(ExperimentStatus status, @Nullable String firingRule) {
        ExperimentReport report;
        EventListeners.@Nullable Registration registration;
        synchronized (lock) {
            if (startedAt == null) {
                throw new IllegalStateException("chaos experiment '" + name + "' has not started");
            }
            ExperimentReport done = finalReport;
            if (done != null) {
                return done;
            }
            running = false;
            policy.disable();
            report = snapshot(status, firingRule);
            finalReport = report;
            registration = alertRegistration;
            alertRegistration = null;
        }
        if (registration != null) {
            registration.close();
        }
        stoppedListeners.publish(report);
        return report;
    }

    @SuppressWarnings("NullAway") // called only after start, under the lock: startedAt is set
    private ExperimentReport snapshot(ExperimentStatus status, @Nullable String firingRule) {
        if (startedAt == null) {
            throw new IllegalStateException("chaos experiment '" + name + "' has not started");
        }
        long good = tracker.totalGood() - goodAtStart;
        long bad = tracker.totalBad() - badAtStart;
        return new ExperimentReport(
                name,
                tracker.slo().name(),
                policy.name(),
                status,
                startedAt,
                startedAt.plusNanos(Math.max(0, time.nanoTime() - startNanos)),
                maxBudgetShare,
                remainingAtStart,
                allowed,
                granted.get(),
                policy.metrics().numberOfRefusedInjections() - refusedAtStart,
                bad,
                good + bad,
                firingRule == null ? List.of() : List.of(firingRule));
    }

    @Override
    public String toString() {
        return "ChaosExperiment[" + name + ", " + policy.name() + " on SLO "
                + tracker.slo().name() + ", " + (running ? "running" : startedAt == null ? "not started" : "stopped")
                + "]";
    }

    /** A builder of {@link ChaosExperiment}; not thread-safe. */
    public static final class Builder {

        private final String name;
        private @Nullable ChaosPolicy policy;
        private @Nullable SloTracker tracker;
        private @Nullable SloAlerts alerts;
        private double maxBudgetShare = 0.1;
        private @Nullable Duration maxDuration;

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Sets the chaos policy to run; it must be disabled until the experiment starts.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(ChaosPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the tracker of the SLO whose budget the experiment spends; the SLO must count
         * occurrences (events), as {@link Budgeting#occurrences()}.
         *
         * @param tracker the tracker
         * @return this builder
         */
        public Builder tracker(SloTracker tracker) {
            this.tracker = Objects.requireNonNull(tracker, "tracker");
            return this;
        }

        /**
         * Sets the burn-rate alerts that stop the experiment when one fires; they must watch the
         * experiment's tracker. Without alerts, only the share and the deadline stop it.
         *
         * @param alerts the alerts
         * @return this builder
         */
        public Builder alerts(SloAlerts alerts) {
            this.alerts = Objects.requireNonNull(alerts, "alerts");
            return this;
        }

        /**
         * Sets the share of the remaining error budget (at the start) the experiment may spend.
         *
         * @param maxBudgetShare in (0, 1]; 0.1 by default
         * @return this builder
         * @throws IllegalArgumentException if NaN or outside (0, 1]
         */
        public Builder maxBudgetShare(double maxBudgetShare) {
            this.maxBudgetShare = Arguments.inOpenClosed("maxBudgetShare", maxBudgetShare, 0, 1);
            return this;
        }

        /**
         * Sets how long the experiment may run at most; without one it runs until the share is
         * spent, an alert fires or it is stopped.
         *
         * @param maxDuration positive
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = Arguments.positive("maxDuration", maxDuration);
            return this;
        }

        /**
         * Builds the experiment (not started).
         *
         * @return a new experiment
         * @throws IllegalArgumentException if the policy or tracker is missing, the SLO counts time
         *     slices, or the alerts watch another tracker
         */
        @SuppressWarnings("ReferenceEquality") // the alerts must watch this very tracker
        public ChaosExperiment build() {
            if (policy == null) {
                throw new IllegalArgumentException("policy must be set, was none");
            }
            if (tracker == null) {
                throw new IllegalArgumentException("tracker must be set, was none");
            }
            if (!(tracker.slo().budgeting() instanceof Budgeting.Occurrences)) {
                throw new IllegalArgumentException(
                        "tracker must count occurrences (an experiment spends budget in events), was SLO '"
                                + tracker.slo().name() + "' budgeting "
                                + tracker.slo().budgeting());
            }
            if (alerts != null && alerts.tracker() != tracker) {
                throw new IllegalArgumentException("alerts must watch the experiment's tracker of SLO '"
                        + tracker.slo().name() + "', was alerts of SLO '"
                        + alerts.tracker().slo().name() + "'");
            }
            return new ChaosExperiment(this, policy, tracker);
        }
    }
}
