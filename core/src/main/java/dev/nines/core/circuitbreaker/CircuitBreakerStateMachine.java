package dev.nines.core.circuitbreaker;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.internal.Reconfigurator;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The circuit breaker: one immutable {@link Phase} per state entered, swapped by compare-and-set.
 *
 * <p>In {@code CLOSED} a permission is one volatile read; an outcome is one read of the phase, a
 * window update (see {@link PrefixCountWindow}, {@link CountWindow}, {@link TimeWindow}) and the
 * threshold check. Only the thread whose compare-and-set moves the breaker publishes the
 * transition, so each transition is reported once.
 */
final class CircuitBreakerStateMachine implements CircuitBreaker {

    private static final EventListeners<CircuitBreakerEvent> NO_REGISTRY = EventListeners.create("no registry");

    private static final AtomicReferenceFieldUpdater<CircuitBreakerStateMachine, Phase> PHASE =
            AtomicReferenceFieldUpdater.newUpdater(CircuitBreakerStateMachine.class, Phase.class, "phase");

    private final String name;
    private final TimeSource time;
    private final @Nullable ScheduledExecutorService scheduler;
    private final EventListeners<CircuitBreakerEvent> listeners;
    private final EventListeners<CircuitBreakerEvent> registryListeners;
    private final Reconfigurator<CircuitBreakerConfig> reconfigurator =
            new Reconfigurator<>(() -> this.settings.config, this::hasListeners);
    // The configuration in force, swapped as a whole by reconfigure(); read once per outcome.
    private volatile Settings settings;
    private volatile Phase phase;

    /** A configuration and the values the per-call path derives from it. */
    private static final class Settings {
        final CircuitBreakerConfig config;
        final long slowCallNanos;
        final long maxWaitInHalfOpenNanos;

        Settings(CircuitBreakerConfig config) {
            this.config = config;
            this.slowCallNanos = config.slowCallDurationThresholdNanos();
            long maxWait;
            try {
                maxWait = config.maxWaitDurationInHalfOpenState().toNanos();
            } catch (ArithmeticException e) {
                maxWait = Long.MAX_VALUE;
            }
            this.maxWaitInHalfOpenNanos = maxWait;
        }
    }

    /** One stay in one state: what that state needs, fixed when it is entered. */
    private static final class Phase {
        final State state;
        final int attempts;
        final SlidingWindow window;
        /** OPEN: when it opened and for how long; HALF_OPEN: when it began. */
        final long sinceNanos;

        final long waitNanos;
        /** The window's type and size: they decide whether a reconfiguration can keep the window. */
        final CircuitBreakerConfig.SlidingWindowType windowType;

        final int windowSize;
        /** The settings the window's thresholds were last tuned to. */
        volatile Settings tunedTo;
        /** HALF_OPEN: trial permits left. */
        final @Nullable AtomicInteger permits;
        /** METRICS_ONLY: whether the thresholds-exceeded event was published. */
        final @Nullable AtomicBoolean thresholdsReported;

        volatile @Nullable ScheduledFuture<?> timer;

        Phase(
                State state,
                int attempts,
                SlidingWindow window,
                long sinceNanos,
                long waitNanos,
                int permits,
                Settings tunedTo,
                CircuitBreakerConfig.SlidingWindowType windowType,
                int windowSize) {
            this.state = state;
            this.attempts = attempts;
            this.window = window;
            this.tunedTo = tunedTo;
            this.windowType = windowType;
            this.windowSize = windowSize;
            this.sinceNanos = sinceNanos;
            this.waitNanos = waitNanos;
            this.permits = state == State.HALF_OPEN ? new AtomicInteger(permits) : null;
            this.thresholdsReported = state == State.METRICS_ONLY ? new AtomicBoolean() : null;
        }
    }

    CircuitBreakerStateMachine(
            String name,
            CircuitBreakerConfig config,
            TimeSource time,
            @Nullable ScheduledExecutorService scheduler,
            @Nullable EventListeners<CircuitBreakerEvent> registryListeners) {
        this.name = Arguments.notBlank("name", name);
        Objects.requireNonNull(config, "config");
        this.time = Objects.requireNonNull(time, "timeSource");
        checkRunnable(config, scheduler);
        this.scheduler = scheduler;
        this.listeners = EventListeners.create("circuit breaker '" + name + "'");
        this.registryListeners = registryListeners == null ? NO_REGISTRY : registryListeners;
        this.settings = new Settings(config);
        this.phase = closed(settings);
    }

    private static void checkRunnable(CircuitBreakerConfig config, @Nullable ScheduledExecutorService scheduler) {
        if (config.isAutomaticTransitionFromOpenToHalfOpenEnabled() && scheduler == null) {
            throw new IllegalArgumentException("automaticTransitionFromOpenToHalfOpenEnabled needs a "
                    + "ScheduledExecutorService, was none: pass one to CircuitBreaker.of or CircuitBreakerRegistry.of");
        }
    }

    // ---------------------------------------------------------------- phases

    private Phase closed(Settings s) {
        return withClosedWindow(State.CLOSED, s);
    }

    private Phase withClosedWindow(State state, Settings s) {
        CircuitBreakerConfig config = s.config;
        return new Phase(
                state, 0, closedWindow(config), 0, 0, 0, s, config.slidingWindowType(), config.slidingWindowSize());
    }

    private SlidingWindow closedWindow(CircuitBreakerConfig config) {
        if (config.slidingWindowType() == CircuitBreakerConfig.SlidingWindowType.TIME_BASED) {
            return new TimeWindow(
                    config.slidingWindowSize(),
                    config.minimumNumberOfCalls(),
                    config.failureRateThreshold(),
                    config.slowCallRateThreshold(),
                    time);
        }
        return SlidingWindow.countBased(
                config.slidingWindowSize(),
                config.minimumNumberOfCalls(),
                config.failureRateThreshold(),
                config.slowCallRateThreshold());
    }

    private Phase empty(State state, int attempts, Settings s) {
        CircuitBreakerConfig config = s.config;
        SlidingWindow window =
                SlidingWindow.countBased(1, 1, config.failureRateThreshold(), config.slowCallRateThreshold());
        return new Phase(state, attempts, window, 0, 0, 0, s, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 1);
    }

    private Phase open(int attempts, Phase from, long waitNanos, Settings s) {
        // OPEN keeps the window it opened with, for metrics: its geometry comes along.
        return new Phase(
                State.OPEN, attempts, from.window, time.nanoTime(), waitNanos, 0, s, from.windowType, from.windowSize);
    }

    private Phase halfOpen(int attempts, Settings s) {
        CircuitBreakerConfig config = s.config;
        int permitted = config.permittedNumberOfCallsInHalfOpenState();
        SlidingWindow window = SlidingWindow.countBased(
                permitted,
                config.minimumNumberOfCalls(),
                config.failureRateThreshold(),
                config.slowCallRateThreshold());
        return new Phase(
                State.HALF_OPEN,
                attempts,
                window,
                time.nanoTime(),
                0,
                permitted,
                s,
                CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                permitted);
    }

    private Phase next(Phase from, State to, long openWaitNanos) {
        Settings s = settings;
        switch (to) {
            case CLOSED:
                return closed(s);
            case OPEN:
                int attempts = from.attempts + 1;
                return open(attempts, from, openWaitNanos >= 0 ? openWaitNanos : s.config.openWaitNanos(attempts), s);
            case HALF_OPEN:
                return halfOpen(from.attempts, s);
            case DISABLED:
                return empty(State.DISABLED, 0, s);
            case FORCED_OPEN:
                return empty(State.FORCED_OPEN, from.attempts + 1, s);
            case METRICS_ONLY:
                return withClosedWindow(State.METRICS_ONLY, s);
            default:
                throw new AssertionError(to);
        }
    }

    /** Moves from {@code from} to {@code to} unless another thread moved first. */
    private boolean transition(Phase from, State to) {
        return swap(from, next(from, to, -1));
    }

    private boolean swap(Phase from, Phase to) {
        if (!PHASE.compareAndSet(this, from, to)) {
            return false;
        }
        entered(from, to);
        return true;
    }

    private void entered(Phase from, Phase to) {
        ScheduledFuture<?> timer = from.timer;
        if (timer != null) {
            timer.cancel(false);
        }
        Settings s = to.tunedTo;
        if (scheduler != null) {
            if (to.state == State.OPEN && s.config.isAutomaticTransitionFromOpenToHalfOpenEnabled()) {
                to.timer = scheduler.schedule(() -> waitEnded(to), to.waitNanos, TimeUnit.NANOSECONDS);
            } else if (to.state == State.HALF_OPEN && s.maxWaitInHalfOpenNanos > 0) {
                to.timer = scheduler.schedule(() -> waitEnded(to), s.maxWaitInHalfOpenNanos, TimeUnit.NANOSECONDS);
            }
        }
        if (hasListeners()) {
            publish(new CircuitBreakerEvent.StateTransition(name, time.now(), from.state, to.state));
        }
        // A reconfiguration that read the phase before this transition did not see this phase:
        // bring it to the settings in force (the reconfiguration wrote them before reading the phase).
        if (settings != s) {
            reconcile(settings);
        }
    }

    private void waitEnded(Phase p) {
        if (phase != p) {
            return;
        }
        transition(p, p.state == State.OPEN ? State.HALF_OPEN : settings.config.transitionToStateAfterWaitDuration());
    }

    private void manualTransition(State to, long openWaitNanos) {
        while (true) {
            Phase from = phase;
            if (!isAllowed(from.state, to)) {
                throw new IllegalStateException(
                        "CircuitBreaker '" + name + "' cannot transition from " + from.state + " to " + to);
            }
            if (swap(from, next(from, to, openWaitNanos))) {
                return;
            }
        }
    }

    /** The transitions resilience4j allows; every other pair throws. */
    private static boolean isAllowed(State from, State to) {
        if (from == State.CLOSED) {
            return to != State.HALF_OPEN;
        }
        if (from == State.METRICS_ONLY) {
            return to != State.OPEN && to != State.HALF_OPEN;
        }
        return true;
    }

    // ---------------------------------------------------------------- permissions

    @Override
    public boolean tryAcquirePermission() {
        Phase p = phase;
        if (p.state == State.CLOSED) {
            return true;
        }
        return tryAcquireSlow(p);
    }

    private boolean tryAcquireSlow(Phase p) {
        while (true) {
            switch (p.state) {
                case CLOSED:
                case DISABLED:
                case METRICS_ONLY:
                    return true;
                case OPEN:
                    if (time.nanoTime() - p.sinceNanos > p.waitNanos) {
                        transition(p, State.HALF_OPEN);
                        p = phase;
                        continue;
                    }
                    return notPermitted(p);
                case HALF_OPEN:
                    Settings s = settings;
                    if (s.maxWaitInHalfOpenNanos > 0 && time.nanoTime() - p.sinceNanos >= s.maxWaitInHalfOpenNanos) {
                        transition(p, s.config.transitionToStateAfterWaitDuration());
                        p = phase;
                        continue;
                    }
                    AtomicInteger permits = Objects.requireNonNull(p.permits, "permits"); // set in HALF_OPEN
                    for (int n = permits.get(); n > 0; n = permits.get()) {
                        if (permits.compareAndSet(n, n - 1)) {
                            return true;
                        }
                    }
                    return notPermitted(p);
                case FORCED_OPEN:
                    return notPermitted(p);
                default:
                    throw new AssertionError(p.state);
            }
        }
    }

    private boolean notPermitted(Phase p) {
        p.window.onCallNotPermitted();
        if (p.state.publishesCallEvents() && hasListeners()) {
            publish(new CircuitBreakerEvent.CallNotPermitted(name, time.now(), p.state));
        }
        return false;
    }

    @Override
    public void acquirePermission() {
        if (!tryAcquirePermission()) {
            throw callNotPermitted();
        }
    }

    @Override
    public void releasePermission() {
        Phase p = phase;
        if (p.state == State.HALF_OPEN) {
            Objects.requireNonNull(p.permits, "permits").incrementAndGet(); // set in HALF_OPEN
        }
    }

    // ---------------------------------------------------------------- outcomes

    @Override
    public void onSuccess(long durationNanos) {
        Phase p = phase;
        if (hasListeners() && p.state.publishesCallEvents()) {
            publish(new CircuitBreakerEvent.Success(name, time.now(), durationNanos));
        }
        record(p, durationNanos > settings.slowCallNanos ? SlidingWindow.SLOW_SUCCESS : SlidingWindow.SUCCESS);
    }

    @Override
    public void onError(long durationNanos, Throwable error) {
        Objects.requireNonNull(error, "error");
        Throwable cause = error;
        if ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            cause = error.getCause();
        }
        CircuitBreakerConfig config = settings.config;
        if (config.isIgnored(cause)) {
            releasePermission();
            if (hasListeners() && phase.state.publishesCallEvents()) {
                publish(new CircuitBreakerEvent.IgnoredError(name, time.now(), durationNanos, cause));
            }
        } else if (config.isRecorded(cause)) {
            recordFailure(durationNanos, cause);
        } else {
            onSuccess(durationNanos);
        }
    }

    @Override
    public void onResult(long durationNanos, Object result) {
        if (settings.config.isResultRecordedAsFailure(result)) {
            recordFailure(durationNanos, new ResultRecordedAsFailureException(name, result));
        } else {
            onSuccess(durationNanos);
        }
    }

    private void recordFailure(long durationNanos, Throwable error) {
        Phase p = phase;
        if (hasListeners() && p.state.publishesCallEvents()) {
            publish(new CircuitBreakerEvent.Error(name, time.now(), durationNanos, error));
        }
        record(p, durationNanos > settings.slowCallNanos ? SlidingWindow.SLOW_FAILURE : SlidingWindow.FAILURE);
    }

    private void record(Phase p, int outcome) {
        if (p.state == State.CLOSED) {
            if (SlidingWindow.exceeded(p.window.record(outcome))) {
                thresholdsExceeded(p, State.OPEN);
            }
            return;
        }
        recordOutsideClosed(p, outcome);
    }

    private void recordOutsideClosed(Phase p, int outcome) {
        switch (p.state) {
            case HALF_OPEN: {
                int result = p.window.record(outcome);
                if (SlidingWindow.exceeded(result)) {
                    transition(p, State.OPEN);
                } else if (result == SlidingWindow.RESULT_BELOW_THRESHOLDS) {
                    transition(p, State.CLOSED);
                }
                return;
            }
            case OPEN:
                // A call permitted before the breaker opened: counted, decides nothing.
                p.window.record(outcome);
                return;
            case METRICS_ONLY: {
                int result = p.window.record(outcome);
                if (SlidingWindow.exceeded(result)
                        && Objects.requireNonNull(p.thresholdsReported, "thresholdsReported")
                                .compareAndSet(false, true)
                        && hasListeners()) {
                    publishThresholdsExceeded(p);
                }
                return;
            }
            default:
            // DISABLED and FORCED_OPEN record nothing.
        }
    }

    private void thresholdsExceeded(Phase p, State to) {
        Phase next = next(p, to, -1);
        // Publish the thresholds event before the transition, as resilience4j does.
        if (PHASE.compareAndSet(this, p, next)) {
            if (hasListeners()) {
                publishThresholdsExceeded(p);
            }
            entered(p, next);
        }
    }

    private void publishThresholdsExceeded(Phase p) {
        CircuitBreaker.Metrics m = p.window.snapshot();
        publish(new CircuitBreakerEvent.ThresholdsExceeded(name, time.now(), m.failureRate(), m.slowCallRate()));
    }

    // ---------------------------------------------------------------- manual transitions

    @Override
    public void transitionToClosedState() {
        manualTransition(State.CLOSED, -1);
    }

    @Override
    public void transitionToOpenState() {
        manualTransition(State.OPEN, -1);
    }

    @Override
    public void transitionToOpenStateFor(Duration wait) {
        Arguments.positive("wait", wait);
        long nanos;
        try {
            nanos = wait.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        manualTransition(State.OPEN, nanos);
    }

    @Override
    public void transitionToHalfOpenState() {
        manualTransition(State.HALF_OPEN, -1);
    }

    @Override
    public void transitionToDisabledState() {
        manualTransition(State.DISABLED, -1);
    }

    @Override
    public void transitionToForcedOpenState() {
        manualTransition(State.FORCED_OPEN, -1);
    }

    @Override
    public void transitionToMetricsOnlyState() {
        manualTransition(State.METRICS_ONLY, -1);
    }

    @Override
    public void reset() {
        Phase next = closed(settings);
        Phase previous = PHASE.getAndSet(this, next);
        ScheduledFuture<?> timer = previous.timer;
        if (timer != null) {
            timer.cancel(false);
        }
        if (hasListeners()) {
            if (previous.state != State.CLOSED) {
                publish(new CircuitBreakerEvent.StateTransition(name, time.now(), previous.state, State.CLOSED));
            }
            publish(new CircuitBreakerEvent.Reset(name, time.now()));
        }
        if (settings != next.tunedTo) {
            reconcile(settings);
        }
    }

    // ---------------------------------------------------------------- reconfiguration

    @Override
    public CircuitBreakerConfig reconfigure(CircuitBreakerConfig newConfig) {
        return reconfigurator.reconfigure(newConfig, (old, config) -> {
            checkRunnable(config, scheduler); // throws before anything changes
            Settings next = new Settings(config);
            settings = next;
            boolean windowReset = reconcile(next);
            return () ->
                    publish(new CircuitBreakerEvent.ConfigurationChanged(name, time.now(), old, config, windowReset));
        });
    }

    @Override
    public long configurationChanges() {
        return reconfigurator.changes();
    }

    /**
     * Brings the current phase to {@code s}: a CLOSED or METRICS_ONLY window whose type or size
     * changed is replaced by an empty one (by compare-and-set, so a racing transition wins and is
     * reconciled by its own thread); any other window keeps its outcomes and takes the new
     * thresholds. Then a CLOSED window that exceeds the new thresholds opens the breaker, as the
     * next recorded outcome would have. Returns whether a window was replaced.
     */
    private boolean reconcile(Settings s) {
        while (true) {
            Phase p = phase;
            if (settings != s) {
                return false; // a newer reconfiguration brings the phase further
            }
            CircuitBreakerConfig config = s.config;
            boolean keepsWindow = (p.state != State.CLOSED && p.state != State.METRICS_ONLY)
                    || (p.windowType == config.slidingWindowType() && p.windowSize == config.slidingWindowSize());
            if (!keepsWindow) {
                Phase fresh = withClosedWindow(p.state, s);
                if (!PHASE.compareAndSet(this, p, fresh)) {
                    continue;
                }
                return true;
            }
            int minimumCalls = config.minimumNumberOfCalls();
            if (p.windowType == CircuitBreakerConfig.SlidingWindowType.COUNT_BASED) {
                minimumCalls = Math.min(minimumCalls, p.windowSize);
            }
            SlidingWindow.Thresholds thresholds = new SlidingWindow.Thresholds(
                    minimumCalls, config.failureRateThreshold(), config.slowCallRateThreshold());
            if (!thresholds.equals(p.window.thresholds())) {
                p.window.retune(thresholds);
            }
            p.tunedTo = s;
            if (p.state == State.CLOSED && SlidingWindow.exceeded(p.window.evaluateNow())) {
                thresholdsExceeded(p, State.OPEN);
            }
            return false;
        }
    }

    // ---------------------------------------------------------------- the rest

    @Override
    public String name() {
        return name;
    }

    @Override
    public CircuitBreakerConfig config() {
        return settings.config;
    }

    @Override
    public TimeSource timeSource() {
        return time;
    }

    /**
     * Returns whether an attempt's duration is needed: to tell slow calls apart, or for the
     * events of a listener. A breaker configured without slow-call detection and with nobody
     * listening needs none, and a pipeline then reads no clock for it.
     */
    @Override
    public boolean needsDuration() {
        return settings.slowCallNanos != Long.MAX_VALUE || hasListeners();
    }

    @Override
    public State state() {
        return phase.state;
    }

    @Override
    public Metrics metrics() {
        return phase.window.snapshot();
    }

    @Override
    public EventListeners.Registration onEvent(Consumer<? super CircuitBreakerEvent> listener) {
        return listeners.register(listener);
    }

    private boolean hasListeners() {
        return listeners.hasListeners() || registryListeners.hasListeners();
    }

    private void publish(CircuitBreakerEvent event) {
        if (reconfigurator.isApplyingOnThisThread()) {
            // A transition that reconfigure() caused: delivered in order, after its lock is released.
            reconfigurator.announceLater(() -> publishNow(event));
            return;
        }
        publishNow(event);
    }

    private void publishNow(CircuitBreakerEvent event) {
        listeners.publish(event);
        registryListeners.publish(event);
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + phase.state + "]";
    }
}
