package dev.nines.core.circuitbreaker;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
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
 * window update (see {@link CountWindow}, {@link TimeWindow}) and the threshold check. Only the
 * thread whose compare-and-set moves the breaker publishes the transition, so each transition is
 * reported once.
 */
final class CircuitBreakerStateMachine implements CircuitBreaker {

    private static final EventListeners<CircuitBreakerEvent> NO_REGISTRY = EventListeners.create("no registry");

    private static final AtomicReferenceFieldUpdater<CircuitBreakerStateMachine, Phase> PHASE =
            AtomicReferenceFieldUpdater.newUpdater(CircuitBreakerStateMachine.class, Phase.class, "phase");

    private final String name;
    private final CircuitBreakerConfig config;
    private final TimeSource time;
    private final @Nullable ScheduledExecutorService scheduler;
    private final EventListeners<CircuitBreakerEvent> listeners;
    private final EventListeners<CircuitBreakerEvent> registryListeners;
    private final long slowCallNanos;
    private final long maxWaitInHalfOpenNanos;
    private volatile Phase phase;

    /** One stay in one state: what that state needs, fixed when it is entered. */
    private static final class Phase {
        final State state;
        final int attempts;
        final SlidingWindow window;
        /** OPEN: when it opened and for how long; HALF_OPEN: when it began. */
        final long sinceNanos;

        final long waitNanos;
        /** HALF_OPEN: trial permits left. */
        final @Nullable AtomicInteger permits;
        /** METRICS_ONLY: whether the thresholds-exceeded event was published. */
        final @Nullable AtomicBoolean thresholdsReported;

        volatile @Nullable ScheduledFuture<?> timer;

        Phase(State state, int attempts, SlidingWindow window, long sinceNanos, long waitNanos, int permits) {
            this.state = state;
            this.attempts = attempts;
            this.window = window;
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
        this.config = Objects.requireNonNull(config, "config");
        this.time = Objects.requireNonNull(time, "timeSource");
        if (config.isAutomaticTransitionFromOpenToHalfOpenEnabled() && scheduler == null) {
            throw new IllegalArgumentException("automaticTransitionFromOpenToHalfOpenEnabled needs a "
                    + "ScheduledExecutorService, was none: pass one to CircuitBreaker.of or CircuitBreakerRegistry.of");
        }
        this.scheduler = scheduler;
        this.listeners = EventListeners.create("circuit breaker '" + name + "'");
        this.registryListeners = registryListeners == null ? NO_REGISTRY : registryListeners;
        this.slowCallNanos = config.slowCallDurationThresholdNanos();
        long maxWait;
        try {
            maxWait = config.maxWaitDurationInHalfOpenState().toNanos();
        } catch (ArithmeticException e) {
            maxWait = Long.MAX_VALUE;
        }
        this.maxWaitInHalfOpenNanos = maxWait;
        this.phase = closed();
    }

    // ---------------------------------------------------------------- phases

    private Phase closed() {
        return new Phase(State.CLOSED, 0, closedWindow(), 0, 0, 0);
    }

    private SlidingWindow closedWindow() {
        if (config.slidingWindowType() == CircuitBreakerConfig.SlidingWindowType.TIME_BASED) {
            return new TimeWindow(
                    config.slidingWindowSize(),
                    config.minimumNumberOfCalls(),
                    config.failureRateThreshold(),
                    config.slowCallRateThreshold(),
                    time);
        }
        return new CountWindow(
                config.slidingWindowSize(),
                config.minimumNumberOfCalls(),
                config.failureRateThreshold(),
                config.slowCallRateThreshold());
    }

    private SlidingWindow emptyWindow() {
        return new CountWindow(1, 1, config.failureRateThreshold(), config.slowCallRateThreshold());
    }

    private Phase open(int attempts, SlidingWindow window, long waitNanos) {
        return new Phase(State.OPEN, attempts, window, time.nanoTime(), waitNanos, 0);
    }

    private Phase halfOpen(int attempts) {
        int permitted = config.permittedNumberOfCallsInHalfOpenState();
        SlidingWindow window = new CountWindow(
                permitted,
                config.minimumNumberOfCalls(),
                config.failureRateThreshold(),
                config.slowCallRateThreshold());
        return new Phase(State.HALF_OPEN, attempts, window, time.nanoTime(), 0, permitted);
    }

    private Phase next(Phase from, State to, long openWaitNanos) {
        switch (to) {
            case CLOSED:
                return closed();
            case OPEN:
                int attempts = from.attempts + 1;
                return open(attempts, from.window, openWaitNanos >= 0 ? openWaitNanos : config.openWaitNanos(attempts));
            case HALF_OPEN:
                return halfOpen(from.attempts);
            case DISABLED:
                return new Phase(State.DISABLED, 0, emptyWindow(), 0, 0, 0);
            case FORCED_OPEN:
                return new Phase(State.FORCED_OPEN, from.attempts + 1, emptyWindow(), 0, 0, 0);
            case METRICS_ONLY:
                return new Phase(State.METRICS_ONLY, 0, closedWindow(), 0, 0, 0);
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
        if (scheduler != null) {
            if (to.state == State.OPEN && config.isAutomaticTransitionFromOpenToHalfOpenEnabled()) {
                to.timer = scheduler.schedule(() -> waitEnded(to), to.waitNanos, TimeUnit.NANOSECONDS);
            } else if (to.state == State.HALF_OPEN && maxWaitInHalfOpenNanos > 0) {
                to.timer = scheduler.schedule(() -> waitEnded(to), maxWaitInHalfOpenNanos, TimeUnit.NANOSECONDS);
            }
        }
        if (hasListeners()) {
            publish(new CircuitBreakerEvent.StateTransition(name, time.now(), from.state, to.state));
        }
    }

    private void waitEnded(Phase p) {
        if (phase != p) {
            return;
        }
        transition(p, p.state == State.OPEN ? State.HALF_OPEN : config.transitionToStateAfterWaitDuration());
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
                    if (maxWaitInHalfOpenNanos > 0 && time.nanoTime() - p.sinceNanos >= maxWaitInHalfOpenNanos) {
                        transition(p, config.transitionToStateAfterWaitDuration());
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
        record(p, durationNanos > slowCallNanos ? SlidingWindow.SLOW_SUCCESS : SlidingWindow.SUCCESS);
    }

    @Override
    public void onError(long durationNanos, Throwable error) {
        Objects.requireNonNull(error, "error");
        Throwable cause = error;
        if ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
            cause = error.getCause();
        }
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
        if (config.isResultRecordedAsFailure(result)) {
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
        record(p, durationNanos > slowCallNanos ? SlidingWindow.SLOW_FAILURE : SlidingWindow.FAILURE);
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
        Phase next = closed();
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
    }

    // ---------------------------------------------------------------- the rest

    @Override
    public String name() {
        return name;
    }

    @Override
    public CircuitBreakerConfig config() {
        return config;
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
        return slowCallNanos != Long.MAX_VALUE || hasListeners();
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
        listeners.publish(event);
        registryListeners.publish(event);
    }

    @Override
    public String toString() {
        return "CircuitBreaker[" + name + ", " + phase.state + "]";
    }
}
