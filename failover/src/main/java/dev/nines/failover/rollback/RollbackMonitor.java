package dev.nines.failover.rollback;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.Decision;
import dev.nines.failover.FailoverController;
import dev.nines.failover.FailoverEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Watches a failover group for a window after each promotion and rolls back when a rule fires: an
 * {@link ErrorRateRule} on the request and error counts fed to {@link #record(long, long)} (from an
 * SLO tracker or from metrics), or an integrity-check failure reported with
 * {@link #reportIntegrityFailure(String, String)}, which skips the volume minimum.
 *
 * <p>A rollback goes through {@link FailoverController#rollback}: the previous primary is promoted
 * with a new epoch only when it is eligible (and the current, bad primary is fenced); otherwise the
 * controller audits ROLLBACK_BLOCKED and raises an alert. Either way the monitor disarms until the
 * next promotion. Rollback promotions do not arm the monitor again.
 *
 * <p>The monitor arms itself from the controller's {@link FailoverEvent.FailedOver} events. Counts
 * recorded while not armed are ignored. Thread-safe; meant for aggregated counts (e.g. once a
 * second), not for every request.
 *
 * <pre>{@code
 * RollbackMonitor monitor = RollbackMonitor.builder(controller, time)
 *         .rule(ErrorRateRule.of(0.10, Duration.ofSeconds(60), 100))
 *         .watchWindow(Duration.ofMinutes(15))
 *         .build();
 * monitor.record(requestsThisSecond, errorsThisSecond);
 * }</pre>
 */
public final class RollbackMonitor implements AutoCloseable {

    private static final String ACTOR = "rollback-monitor";

    private final FailoverController controller;
    private final TimeSource time;
    private final List<ErrorRateRule> rules;
    private final Duration watchWindow;
    private final ReentrantLock lock = new ReentrantLock();
    private final EventListeners.Registration registration;
    private SlidingCounts @Nullable [] counts;
    private boolean armed;
    private long armedNanos;
    private @Nullable Decision lastDecision;

    private RollbackMonitor(Builder builder) {
        this.controller = builder.controller;
        this.time = builder.time;
        this.rules = List.copyOf(builder.rules);
        this.watchWindow = builder.watchWindow;
        this.registration = controller.onEvent(event -> {
            if (event instanceof FailoverEvent.FailedOver) {
                arm();
            }
        });
    }

    /**
     * Returns a builder.
     *
     * @param controller the controller to watch and roll back
     * @param time the clock for windows
     * @return a new builder
     */
    public static Builder builder(FailoverController controller, TimeSource time) {
        return new Builder(Objects.requireNonNull(controller, "controller"), Objects.requireNonNull(time, "time"));
    }

    /**
     * Opens the watch window now with empty counts; called on every promotion, and callable by hand
     * (e.g. after a promotion made before the monitor existed).
     */
    public void arm() {
        lock.lock();
        try {
            armed = true;
            armedNanos = time.nanoTime();
            counts = new SlidingCounts[rules.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new SlidingCounts(rules.get(i).window().toNanos());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns whether the watch window is open.
     *
     * @return {@code true} if a rule firing now would roll back
     */
    public boolean isArmed() {
        lock.lock();
        try {
            return armedLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records requests and errors seen now against the current primary, and rolls back if a rule
     * fires.
     *
     * @param requests requests since the last call, at least 0
     * @param errors errors among them, between 0 and {@code requests}
     * @return the rollback decision, or empty if nothing fired
     * @throws IllegalArgumentException if a count is out of range
     */
    public Optional<Decision> record(long requests, long errors) {
        Arguments.atLeast("requests", requests, 0L);
        Arguments.atLeast("errors", errors, 0L);
        if (errors > requests) {
            throw new IllegalArgumentException("errors must not exceed requests " + requests + ", was " + errors);
        }
        String reason = null;
        lock.lock();
        try {
            if (!armedLocked()) {
                return Optional.empty();
            }
            long nanos = time.nanoTime() - armedNanos;
            SlidingCounts[] counts = Objects.requireNonNull(this.counts, "counts, set when armed");
            for (int i = 0; i < rules.size() && reason == null; i++) {
                counts[i].add(nanos, requests, errors);
                long inWindow = counts[i].requests(nanos);
                long errorsInWindow = counts[i].errors(nanos);
                if (rules.get(i).firesOn(inWindow, errorsInWindow)) {
                    reason = "rollback rule fired: " + errorsInWindow + " errors in " + inWindow + " requests ("
                            + rules.get(i) + ")";
                }
            }
            if (reason == null) {
                return Optional.empty();
            }
            armed = false;
        } finally {
            lock.unlock();
        }
        return Optional.of(rollback(reason));
    }

    /**
     * Reports that an integrity check failed on {@code memberId} (checksums, constraint violations);
     * while armed and if it is the current primary, rolls back at once, without a volume minimum.
     *
     * @param memberId the member that failed the check
     * @param detail what failed
     * @return the rollback decision, or empty if not armed or the member is not the primary
     */
    public Optional<Decision> reportIntegrityFailure(String memberId, String detail) {
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(detail, "detail");
        lock.lock();
        try {
            if (!armedLocked() || !controller.primary().equals(memberId)) {
                return Optional.empty();
            }
            armed = false;
        } finally {
            lock.unlock();
        }
        return Optional.of(rollback("integrity check failed on " + memberId + ": " + detail));
    }

    /**
     * Returns the decision of the last rollback this monitor asked for.
     *
     * @return the decision, or empty if none yet
     */
    public Optional<Decision> lastDecision() {
        lock.lock();
        try {
            return Optional.ofNullable(lastDecision);
        } finally {
            lock.unlock();
        }
    }

    /** Stops listening to the controller's promotions. */
    @Override
    public void close() {
        registration.close();
    }

    private boolean armedLocked() {
        return armed && time.nanoTime() - armedNanos < watchWindow.toNanos();
    }

    private Decision rollback(String reason) {
        Decision decision = controller.rollback(ACTOR, reason);
        lock.lock();
        try {
            lastDecision = decision;
        } finally {
            lock.unlock();
        }
        return decision;
    }

    /** Builds a {@link RollbackMonitor}. Not thread-safe. */
    public static final class Builder {
        private final FailoverController controller;
        private final TimeSource time;
        private final List<ErrorRateRule> rules = new ArrayList<>();
        private Duration watchWindow = Duration.ofMinutes(15);

        private Builder(FailoverController controller, TimeSource time) {
            this.controller = controller;
            this.time = time;
        }

        /**
         * Adds an error-rate rule; any rule firing rolls back.
         *
         * @param rule the rule
         * @return this builder
         */
        public Builder rule(ErrorRateRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Sets how long after a promotion the rules are evaluated (default 15 minutes).
         *
         * @param watchWindow positive
         * @return this builder
         */
        public Builder watchWindow(Duration watchWindow) {
            this.watchWindow = Arguments.positive("watchWindow", watchWindow);
            return this;
        }

        /**
         * Builds the monitor and starts listening to the controller's promotions.
         *
         * @return a new monitor
         */
        public RollbackMonitor build() {
            return new RollbackMonitor(this);
        }
    }
}
