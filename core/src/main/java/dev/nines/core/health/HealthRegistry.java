package dev.nines.core.health;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.Arguments;
import dev.nines.core.registry.Registry;
import dev.nines.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named health checks organised in groups, evaluated in parallel with timeouts, thresholds, cached
 * background results, startup gating and a fail-open guard for shared dependencies.
 *
 * <h2>What goes in which group</h2>
 * <ul>
 *   <li><b>Liveness</b> ({@value HealthGroupConfig#LIVENESS}) answers "is this process able to
 *       make progress, or should it be restarted?". Put only checks of the process itself here: a
 *       deadlocked or starved worker pool, an event loop that stopped turning, a corrupted local
 *       state. Never a database, a downstream service or anything shared: a dependency outage would
 *       restart every instance, which cures nothing and adds a cold-start storm. The registry
 *       enforces this: a check declared a {@linkplain HealthCheckConfig.Builder#dependency(boolean)
 *       dependency} (or shared dependency) that the liveness group would contain is rejected with an
 *       {@link IllegalArgumentException}, by {@link Builder#build()} and by {@code register}, unless
 *       it is {@linkplain HealthCheckConfig.Builder#safeForLiveness(boolean) marked safe for
 *       liveness}. Empty by default, and an empty liveness group is {@code UP}.</li>
 *   <li><b>Readiness</b> ({@value HealthGroupConfig#READINESS}) answers "can this instance serve
 *       traffic now, or should the load balancer route elsewhere?". Put the capabilities requests
 *       need: connection pools, caches that must be warm, an open circuit breaker or saturated
 *       bulkhead ({@link CapabilityChecks}), dependencies this instance alone may have lost. A
 *       dependency shared by the whole fleet should be declared
 *       {@link HealthCheckConfig.Builder#sharedDependency(boolean) sharedDependency} so that its
 *       outage degrades instead of emptying the load balancer. By default readiness contains every
 *       check; empty, it is {@code DOWN}.</li>
 *   <li><b>Startup</b> ({@value HealthGroupConfig#STARTUP}) answers "has this instance finished
 *       starting?": migrations applied, caches loaded, JIT warm-up done. Slow one-time work belongs
 *       here rather than in a long liveness delay. With {@link Builder#startupGate(Duration, int)},
 *       liveness reports {@code DOWN} and readiness {@code OUT_OF_SERVICE} until the startup group
 *       has been healthy once, and startup fails for good if that takes longer than the budget
 *       ({@code failureThreshold x period}, as Kubernetes computes it). Kubernetes does not probe
 *       liveness until its startup probe has passed, so the {@code DOWN} liveness of a starting
 *       instance only reaches pollers that ignore startup. Empty, it is {@code DOWN}.</li>
 * </ul>
 *
 * <h2>Evaluation</h2>
 * <p>{@link #evaluateAsync(String)} runs every on-demand member check of a group in parallel on the
 * executor given to the builder; scheduled members (with a {@link HealthCheckConfig#period()}) are
 * run in the background by the scheduler and their cached result is served, expiring when it is
 * older than {@code expireAfterMissedPeriods} periods. A check that throws is {@code DOWN} (reason
 * {@value HealthResult#REASON_EXCEPTION}); one that does not return within its timeout is
 * {@code DOWN} (reason {@value HealthResult#REASON_TIMEOUT}) and is interrupted; while its code has
 * still not returned, further runs are not started and report {@code DOWN} (timeout) at once, so a
 * hung check never piles up threads. Concurrent evaluations share a run in flight, so a check never
 * overlaps itself. Each finished run of a check passes through its thresholds
 * ({@link HealthCheckConfig#failureThreshold()}, {@link HealthCheckConfig#successThreshold()}); until
 * the first run of results reaches its threshold the check reports {@code UNKNOWN} (reason
 * {@code pending}). Every run of an on-demand check counts, so a check shared by two groups that are
 * both polled counts twice: prefer scheduled checks where thresholds matter.
 *
 * <p>A group's status is the most severe status of its members by the severity order (default
 * {@code DOWN > OUT_OF_SERVICE > DEGRADED > UP > UNKNOWN}), where a non-critical check, and a
 * failing shared dependency that fails open, count at most as {@code DEGRADED}.
 *
 * <h2>Custom statuses</h2>
 * <p>Applications that define their own status codes (as Spring Boot users do) give each to
 * {@link Builder#customStatus(HealthStatus, int)} with its HTTP code, and list it in
 * {@link Builder#severityOrder(List)} at its place. A custom status that a check reports although the
 * registry does not know it is not dropped: it ranks directly below {@code DOWN} (more severe than
 * every other status, since nobody said it is harmless), counts as unhealthy unless created healthy,
 * maps to HTTP 503 unless healthy, and is logged once per code.
 *
 * <p>Thread-safe. No threads of its own: the scheduler (timeouts, scheduled checks) and the executor
 * (check runs) belong to the caller, and {@link #close()} only cancels this registry's tasks.
 *
 * <pre>{@code
 * HealthRegistry health = HealthRegistry.builder(TimeSource.system(), scheduler, checkPool)
 *         .register("db", () -> db.ping() ? HealthResult.up() : HealthResult.down("no ping"),
 *                 HealthCheckConfig.builder().timeout(Duration.ofSeconds(2)).build())
 *         .register("payments-breaker", CapabilityChecks.circuitBreaker("payments", breaker::getState))
 *         .group(HealthGroupConfig.builder(HealthGroupConfig.LIVENESS).include("event-loop").build())
 *         .register("event-loop", eventLoopWatchdog)
 *         .build();
 * HealthGroupResult ready = health.evaluate(HealthGroupConfig.READINESS);
 * int httpStatus = HttpStatusMapping.defaults().statusCode(ready.status());
 * String body = HealthJson.render(ready);
 * }</pre>
 */
public final class HealthRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthRegistry.class);

    /** The default severity order, most severe first. */
    public static final List<HealthStatus> DEFAULT_SEVERITY_ORDER = List.of(
            HealthStatus.DOWN,
            HealthStatus.OUT_OF_SERVICE,
            HealthStatus.DEGRADED,
            HealthStatus.UP,
            HealthStatus.UNKNOWN);

    /** Detail key of the reason a result has no verdict yet (thresholds not reached). */
    static final String REASON_PENDING = "pending";

    private static final int PENDING = 0;
    private static final int STARTED = 1;
    private static final int EXHAUSTED = 2;

    private final TimeSource time;
    private final HealthCheckConfig defaultConfig;
    private final Map<String, HealthCheckConfig> configurations;
    private final CheckRunner runner;
    private final GroupAggregator aggregator;
    private final HttpStatusMapping httpStatusMapping;
    private final Map<String, HealthGroupConfig> groups;
    private final Map<String, AtomicReference<HealthStatus>> groupStatus;
    private final ConcurrentSkipListMap<String, CheckEntry> checks = new ConcurrentSkipListMap<>();
    private final EventListeners<HealthEvent> listeners = EventListeners.create("health registry");
    private final @Nullable Duration startupPeriod;
    private final int startupFailureThreshold;
    private final long startupBudgetNanos;
    private final long createdNanos;
    private final AtomicInteger startupState;
    private volatile boolean closed;

    private HealthRegistry(Builder builder) {
        this.time = builder.time;
        this.defaultConfig = builder.defaultConfig;
        this.configurations = new ConcurrentHashMap<>(builder.configurations);
        this.runner = new CheckRunner(time, builder.scheduler, builder.executor, listeners);
        this.aggregator = new GroupAggregator(time, runner, builder.severityOrder);
        HttpStatusMapping mapping = HttpStatusMapping.defaults();
        for (Map.Entry<HealthStatus, Integer> custom : builder.customStatuses.entrySet()) {
            mapping = mapping.with(custom.getKey(), custom.getValue());
        }
        this.httpStatusMapping = mapping;
        Map<String, HealthGroupConfig> groupMap = new LinkedHashMap<>();
        for (String name :
                List.of(HealthGroupConfig.LIVENESS, HealthGroupConfig.READINESS, HealthGroupConfig.STARTUP)) {
            groupMap.put(name, builder.groups.getOrDefault(name, HealthGroupConfig.ofDefaults(name)));
        }
        groupMap.putAll(builder.groups);
        this.groups = Collections.unmodifiableMap(groupMap);
        Map<String, AtomicReference<HealthStatus>> statusMap = new LinkedHashMap<>();
        for (String name : groups.keySet()) {
            statusMap.put(name, new AtomicReference<>(HealthStatus.UNKNOWN));
        }
        this.groupStatus = Collections.unmodifiableMap(statusMap);
        this.startupPeriod = builder.startupPeriod;
        this.startupFailureThreshold = builder.startupFailureThreshold;
        this.startupBudgetNanos = startupPeriod == null
                ? 0
                : startupPeriod.multipliedBy(startupFailureThreshold).toNanos();
        this.createdNanos = time.nanoTime();
        this.startupState = new AtomicInteger(startupPeriod == null ? STARTED : PENDING);
        for (Builder.Pending pending : builder.registrations) {
            add(
                    pending.name,
                    pending.check,
                    Objects.requireNonNull(pending.config, "resolved in build()"),
                    pending.synthetic);
        }
    }

    /**
     * Returns a builder.
     *
     * @param timeSource the clock for durations, check times, expiry and the startup budget
     * @param scheduler runs timeouts and scheduled checks (which it hands to the executor); its tasks
     *     are short and never block
     * @param executor runs the checks, in parallel: give it as many threads as the largest group has
     *     on-demand checks, and never the scheduler's only thread (a hung check would then delay the
     *     timeout meant to end it)
     * @return a new builder
     */
    public static Builder builder(TimeSource timeSource, ScheduledExecutorService scheduler, Executor executor) {
        return new Builder(
                Objects.requireNonNull(timeSource, "timeSource"),
                Objects.requireNonNull(scheduler, "scheduler"),
                Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Adds a named check configuration for {@link #register(String, HealthCheck, String)}.
     *
     * @param configName the configuration name
     * @param config the configuration
     * @throws IllegalArgumentException if the name is blank
     */
    public void addConfiguration(String configName, HealthCheckConfig config) {
        configurations.put(Arguments.notBlank("configName", configName), Objects.requireNonNull(config, "config"));
    }

    /**
     * Registers a check with the default configuration. It joins every group that includes it
     * (by {@value HealthGroupConfig#ALL}); a scheduled check starts running at once.
     *
     * @param name the check name, not blank
     * @param check the check
     * @throws IllegalArgumentException if the name is blank or already registered
     * @throws IllegalStateException if the registry is closed
     */
    public void register(String name, HealthCheck check) {
        register(name, check, defaultConfig);
    }

    /**
     * Registers a check with a named configuration added with
     * {@link #addConfiguration(String, HealthCheckConfig)} or {@link Builder#addConfiguration}.
     *
     * @param name the check name, not blank
     * @param check the check
     * @param configName the configuration name
     * @throws IllegalArgumentException if the name is blank or taken, or the configuration unknown
     * @throws IllegalStateException if the registry is closed
     */
    public void register(String name, HealthCheck check, String configName) {
        register(name, check, configuration(configurations, configName));
    }

    /**
     * Registers a check with its own configuration.
     *
     * @param name the check name, not blank
     * @param check the check
     * @param config the configuration
     * @throws IllegalArgumentException if the name is blank or already registered
     * @throws IllegalStateException if the registry is closed
     */
    public void register(String name, HealthCheck check, HealthCheckConfig config) {
        add(
                Arguments.notBlank("name", name),
                Objects.requireNonNull(check, "check"),
                Objects.requireNonNull(config, "config"),
                false);
    }

    /**
     * Registers a synthetic check: the transaction runs every {@link HealthCheckConfig#period()};
     * success (returning within the timeout) is {@code UP}, failure {@code DOWN}; each run publishes
     * a {@link HealthEvent.SyntheticOutcome} with its latency, so an SLO tracker can count them.
     *
     * @param name the check name, not blank
     * @param transaction the synthetic transaction
     * @param config the configuration; its period must be positive
     * @throws IllegalArgumentException if the name is blank or taken, or the period is zero
     * @throws IllegalStateException if the registry is closed
     */
    public void registerSynthetic(String name, SyntheticTransaction transaction, HealthCheckConfig config) {
        Objects.requireNonNull(transaction, "transaction");
        add(Arguments.notBlank("name", name), synthetic(transaction), checkSyntheticConfig(config), true);
    }

    /**
     * Unregisters a check and cancels its schedule.
     *
     * @param name the check name
     * @return whether a check was removed
     * @throws IllegalStateException if a group names the check explicitly (remove it from the group
     *     configuration first)
     */
    public boolean unregister(String name) {
        Objects.requireNonNull(name, "name");
        for (HealthGroupConfig group : groups.values()) {
            if (group.include().contains(name) || group.exclude().contains(name)) {
                throw new IllegalStateException(
                        "check '" + name + "' is named by group '" + group.name() + "' and cannot be unregistered");
            }
        }
        CheckEntry entry = checks.remove(name);
        if (entry == null) {
            return false;
        }
        CheckRunner.cancel(entry);
        if (listeners.hasListeners()) {
            listeners.publish(new HealthEvent.CheckUnregistered(name));
        }
        return true;
    }

    /**
     * Returns the names of the registered checks, sorted.
     *
     * @return an unmodifiable snapshot
     */
    public Set<String> checkNames() {
        return Collections.unmodifiableSet(new TreeSet<>(checks.keySet()));
    }

    /**
     * Returns the configuration of a registered check.
     *
     * @param checkName the check name
     * @return its configuration, or empty if not registered
     */
    public Optional<HealthCheckConfig> checkConfig(String checkName) {
        CheckEntry entry = checks.get(Objects.requireNonNull(checkName, "checkName"));
        return entry == null ? Optional.empty() : Optional.of(entry.config);
    }

    /**
     * Returns the group configurations by name: liveness, readiness, startup, then custom groups.
     *
     * @return an unmodifiable map
     */
    public Map<String, HealthGroupConfig> groups() {
        return groups;
    }

    /**
     * Returns the severity order used for aggregation, most severe first.
     *
     * @return an unmodifiable list of all five statuses
     */
    public List<HealthStatus> severityOrder() {
        return aggregator.severityOrder();
    }

    /**
     * Evaluates a group: runs its on-demand checks in parallel on the executor, reads its scheduled
     * checks' cached results, and aggregates. Liveness and readiness are gated by startup when a
     * startup gate is configured. The future never completes exceptionally; it completes at the
     * latest when the slowest member's timeout fires.
     *
     * @param group the group name
     * @return the group result
     * @throws IllegalArgumentException if there is no such group
     */
    public CompletableFuture<HealthGroupResult> evaluateAsync(String group) {
        HealthGroupConfig config = group(group);
        CompletableFuture<HealthGroupResult> result;
        boolean gated = HealthGroupConfig.LIVENESS.equals(group) || HealthGroupConfig.READINESS.equals(group);
        if (HealthGroupConfig.STARTUP.equals(group)) {
            result = evaluateStartup();
        } else if (gated && startupState.get() != STARTED) {
            result = evaluateStartup()
                    .thenApply(this::published)
                    .thenCompose(startup -> startupState.get() == STARTED
                            ? aggregator.aggregate(config, checks.values())
                            : CompletableFuture.completedFuture(gatedResult(config)));
        } else {
            result = aggregator.aggregate(config, checks.values());
        }
        return result.thenApply(this::published);
    }

    /**
     * Evaluates a group and waits for the result; see {@link #evaluateAsync(String)}. Blocks for at
     * most the longest timeout of its on-demand checks (plus executor queueing).
     *
     * @param group the group name
     * @return the group result
     * @throws IllegalArgumentException if there is no such group
     */
    public HealthGroupResult evaluate(String group) {
        return evaluateAsync(group).join();
    }

    /**
     * Returns the result a check reports now without running it: the cached result (expired if
     * stale) of a scheduled check, the last result of an on-demand check.
     *
     * @param checkName the check name
     * @return the result, or empty if the check is not registered or has never run on demand
     */
    public Optional<HealthResult> lastResult(String checkName) {
        CheckEntry entry = checks.get(Objects.requireNonNull(checkName, "checkName"));
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.config.isScheduled()) {
            return Optional.of(runner.current(entry, time.nanoTime()));
        }
        CheckEntry.Snapshot last = entry.last;
        return last == null ? Optional.empty() : Optional.of(last.result());
    }

    /**
     * Returns a group's status at its last evaluation, without evaluating it.
     *
     * @param group the group name
     * @return the last status, {@code UNKNOWN} before the first evaluation
     * @throws IllegalArgumentException if there is no such group
     */
    public HealthStatus lastStatus(String group) {
        group(group);
        return Objects.requireNonNull(
                Objects.requireNonNull(groupStatus.get(group), group).get(), "status");
    }

    /**
     * Returns whether startup has completed: always {@code true} without a startup gate, otherwise
     * once the startup group has been healthy within its budget.
     *
     * @return {@code true} once started
     */
    public boolean isStarted() {
        return startupState.get() == STARTED;
    }

    /**
     * Registers a listener for every event of this registry: check runs, status changes of checks
     * and groups, registrations and synthetic outcomes. Listeners run on the thread that finished
     * the check or evaluation; a listener's exception is logged and ignored.
     *
     * @param listener the listener
     * @return a handle that unregisters the listener when closed
     */
    public EventListeners.Registration onEvent(Consumer<? super HealthEvent> listener) {
        return listeners.register(listener);
    }

    /**
     * Cancels every scheduled check of this registry. The scheduler and executor are not shut down
     * (they belong to the caller). Idempotent; further registrations are rejected.
     */
    @Override
    public void close() {
        closed = true;
        for (CheckEntry entry : checks.values()) {
            CheckRunner.cancel(entry);
        }
    }

    @Override
    public String toString() {
        return "HealthRegistry[checks=" + checks.keySet() + ", groups=" + groups.keySet() + "]";
    }

    // ---------------------------------------------------------------- registration

    private void add(String name, HealthCheck check, HealthCheckConfig config, boolean synthetic) {
        if (closed) {
            throw new IllegalStateException("health registry is closed");
        }
        checkLiveness(Objects.requireNonNull(groups.get(HealthGroupConfig.LIVENESS), "liveness"), name, config);
        CheckEntry entry = new CheckEntry(name, check, config, synthetic, time.nanoTime());
        if (checks.putIfAbsent(name, entry) != null) {
            throw new IllegalArgumentException("check '" + name + "' is already registered");
        }
        if (config.isScheduled()) {
            try {
                runner.schedule(entry, () -> runScheduled(entry));
            } catch (RejectedExecutionException e) {
                checks.remove(name, entry);
                throw new IllegalStateException("scheduler rejected scheduled check '" + name + "'", e);
            }
        }
        if (listeners.hasListeners()) {
            listeners.publish(new HealthEvent.CheckRegistered(name, config));
        }
    }

    /** Rejects a dependency check that the liveness group would contain, unless marked safe. */
    static void checkLiveness(HealthGroupConfig liveness, String name, HealthCheckConfig config) {
        if (config.isDependency() && !config.isSafeForLiveness() && liveness.contains(name)) {
            throw new IllegalArgumentException("check '" + name + "' is declared a "
                    + (config.isSharedDependency() ? "shared dependency" : "dependency")
                    + " and the liveness group would contain it: a failing dependency would restart every replica."
                    + " Keep it out of liveness (readiness is the place for dependencies), or mark it"
                    + " HealthCheckConfig.Builder.safeForLiveness(true) if a restart of this instance can cure it");
        }
    }

    private void runScheduled(CheckEntry entry) {
        try {
            if (checks.get(entry.name) == entry) {
                CompletableFuture<HealthResult> unused = runner.run(entry); // recorded by the runner
            }
        } catch (RuntimeException e) {
            // Never let an exception cancel the periodic task.
            LOG.warn("Scheduled health check '{}' could not be started", entry.name, e);
        }
    }

    private static HealthCheck synthetic(SyntheticTransaction transaction) {
        return () -> {
            transaction.run();
            return HealthResult.up();
        };
    }

    private static HealthCheckConfig checkSyntheticConfig(HealthCheckConfig config) {
        Objects.requireNonNull(config, "config");
        if (!config.isScheduled()) {
            throw new IllegalArgumentException("period must be positive for a synthetic check, was " + config.period());
        }
        return config;
    }

    private static HealthCheckConfig configuration(Map<String, HealthCheckConfig> configurations, String configName) {
        Objects.requireNonNull(configName, "configName");
        HealthCheckConfig config = configurations.get(configName);
        if (config == null) {
            throw new IllegalArgumentException(Registry.unknownConfigMessage(configName, configurations.keySet()));
        }
        return config;
    }

    private HealthGroupConfig group(String group) {
        Objects.requireNonNull(group, "group");
        HealthGroupConfig config = groups.get(group);
        if (config == null) {
            throw new IllegalArgumentException("group must be one of " + groups.keySet() + ", was " + group);
        }
        return config;
    }

    // ---------------------------------------------------------------- groups and startup gating

    /**
     * Returns the HTTP status codes of this registry's statuses: the defaults of
     * {@link HttpStatusMapping#defaults()} plus the custom statuses' codes.
     *
     * @return the mapping
     */
    public HttpStatusMapping httpStatusMapping() {
        return httpStatusMapping;
    }

    private CompletableFuture<HealthGroupResult> evaluateStartup() {
        HealthGroupConfig startup = Objects.requireNonNull(groups.get(HealthGroupConfig.STARTUP), "startup");
        return aggregator.aggregate(startup, checks.values()).thenApply(result -> {
            if (startupState.get() == PENDING) {
                if (time.nanoTime() - createdNanos > startupBudgetNanos) {
                    startupState.compareAndSet(PENDING, EXHAUSTED);
                } else if (result.status().isHealthy()) {
                    startupState.compareAndSet(PENDING, STARTED);
                }
            }
            if (startupState.get() == EXHAUSTED) {
                return new HealthGroupResult(
                        result.name(),
                        HealthStatus.DOWN,
                        result.checks(),
                        Optional.of(budgetExhausted()),
                        result.evaluatedAt());
            }
            return result;
        });
    }

    private String budgetExhausted() {
        return "startup budget of " + Duration.ofNanos(startupBudgetNanos) + " (" + startupFailureThreshold + " x "
                + startupPeriod + ") exhausted before startup succeeded";
    }

    private HealthGroupResult gatedResult(HealthGroupConfig group) {
        HealthStatus status =
                HealthGroupConfig.LIVENESS.equals(group.name()) ? HealthStatus.DOWN : HealthStatus.OUT_OF_SERVICE;
        String reason = startupState.get() == EXHAUSTED ? budgetExhausted() : "startup has not completed";
        return new HealthGroupResult(group.name(), status, Map.of(), Optional.of(reason), time.now());
    }

    private HealthGroupResult published(HealthGroupResult result) {
        HealthStatus previous = Objects.requireNonNull(groupStatus.get(result.name()), result.name())
                .getAndSet(result.status());
        if (!previous.equals(result.status()) && listeners.hasListeners()) {
            listeners.publish(
                    new HealthEvent.GroupStatusChanged(result.name(), previous, result.status(), result.evaluatedAt()));
        }
        return result;
    }

    /**
     * Builds a {@link HealthRegistry}. Not thread-safe.
     *
     * <p>Configuration errors (a group naming a check that is not registered, an unknown
     * configuration name, a bad severity order) are reported by {@link #build()} or the setter with
     * an {@link IllegalArgumentException}.
     */
    public static final class Builder {

        private final TimeSource time;
        private final ScheduledExecutorService scheduler;
        private final Executor executor;
        private HealthCheckConfig defaultConfig = HealthCheckConfig.ofDefaults();
        private final Map<String, HealthCheckConfig> configurations = new LinkedHashMap<>();
        private List<HealthStatus> severityOrder = DEFAULT_SEVERITY_ORDER;
        private final Map<HealthStatus, Integer> customStatuses = new LinkedHashMap<>();
        private final Map<String, HealthGroupConfig> groups = new LinkedHashMap<>();
        private final List<Pending> registrations = new ArrayList<>();
        private @Nullable Duration startupPeriod;
        private int startupFailureThreshold;

        private Builder(TimeSource time, ScheduledExecutorService scheduler, Executor executor) {
            this.time = time;
            this.scheduler = scheduler;
            this.executor = executor;
        }

        /**
         * Sets the configuration of checks registered without one.
         *
         * @param defaultConfig the default check configuration
         * @return this builder
         */
        public Builder defaultConfig(HealthCheckConfig defaultConfig) {
            this.defaultConfig = Objects.requireNonNull(defaultConfig, "defaultConfig");
            return this;
        }

        /**
         * Adds a named check configuration.
         *
         * @param configName the name, not blank
         * @param config the configuration
         * @return this builder
         */
        public Builder addConfiguration(String configName, HealthCheckConfig config) {
            configurations.put(Arguments.notBlank("configName", configName), Objects.requireNonNull(config, "config"));
            return this;
        }

        /**
         * Sets the severity order for aggregation, most severe first. It must list every standard
         * status and every {@linkplain #customStatus(HealthStatus, int) custom status} exactly once
         * (checked by {@link #build()}).
         *
         * @param severityOrder every status exactly once
         * @return this builder
         * @throws IllegalArgumentException if a status is repeated or a standard status missing
         */
        public Builder severityOrder(List<HealthStatus> severityOrder) {
            Objects.requireNonNull(severityOrder, "severityOrder");
            Set<HealthStatus> seen = new HashSet<>();
            for (HealthStatus status : severityOrder) {
                if (!seen.add(Objects.requireNonNull(status, "status"))) {
                    throw new IllegalArgumentException("severityOrder must list every status exactly once, was "
                            + severityOrder + " with " + status + " twice");
                }
            }
            if (!seen.containsAll(HealthStatus.standard())) {
                throw new IllegalArgumentException("severityOrder must list every standard status "
                        + HealthStatus.standard() + ", was " + severityOrder);
            }
            this.severityOrder = List.copyOf(severityOrder);
            return this;
        }

        /**
         * Declares a custom status code that checks of this registry may report, with the HTTP code of
         * a probe endpoint that reports it ({@link HealthRegistry#httpStatusMapping()}). List it in
         * {@link #severityOrder(List)} at its place.
         *
         * @param status a status made by {@link HealthStatus#custom(String, boolean)}
         * @param httpCode an HTTP status code in [100, 599]
         * @return this builder
         * @throws IllegalArgumentException if the status is standard, its code is already declared, or
         *     the HTTP code is outside [100, 599]
         */
        public Builder customStatus(HealthStatus status, int httpCode) {
            Objects.requireNonNull(status, "status");
            if (status.isStandard()) {
                throw new IllegalArgumentException("status must be custom, was the standard " + status);
            }
            if (httpCode < 100 || httpCode > 599) {
                throw new IllegalArgumentException(
                        "httpCode must be in [100, 599], was " + httpCode + " for " + status);
            }
            for (HealthStatus declared : customStatuses.keySet()) {
                if (declared.code().equals(status.code())) {
                    throw new IllegalArgumentException("custom status " + status + " is already declared");
                }
            }
            customStatuses.put(status, httpCode);
            return this;
        }

        /**
         * Defines a group, replacing any group of the same name (including the defaults of
         * liveness, readiness and startup).
         *
         * @param group the group configuration
         * @return this builder
         */
        public Builder group(HealthGroupConfig group) {
            Objects.requireNonNull(group, "group");
            groups.put(group.name(), group);
            return this;
        }

        /**
         * Enables startup gating: liveness reports {@code DOWN} and readiness
         * {@code OUT_OF_SERVICE} until the startup group has been healthy once, and startup fails
         * for good (startup {@code DOWN}, liveness {@code DOWN} so the orchestrator restarts the
         * instance) if that has not happened within {@code failureThreshold x period} of
         * {@link #build()}, the budget Kubernetes gives a startup probe.
         *
         * @param period the startup probe period
         * @param failureThreshold the number of periods allowed
         * @return this builder
         * @throws IllegalArgumentException if the period is not positive or the threshold below 1
         */
        public Builder startupGate(Duration period, int failureThreshold) {
            Arguments.positive("period", period);
            Arguments.atLeast("failureThreshold", failureThreshold, 1);
            try {
                long unused = period.multipliedBy(failureThreshold).toNanos(); // for its ArithmeticException
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(
                        "period x failureThreshold must fit in a long of nanoseconds, was " + period + " x "
                                + failureThreshold,
                        e);
            }
            this.startupPeriod = period;
            this.startupFailureThreshold = failureThreshold;
            return this;
        }

        /**
         * Registers a check with the default configuration.
         *
         * @param name the check name, not blank and unique
         * @param check the check
         * @return this builder
         */
        public Builder register(String name, HealthCheck check) {
            return add(name, Objects.requireNonNull(check, "check"), null, null, false);
        }

        /**
         * Registers a check with a named configuration (resolved at {@link #build()}).
         *
         * @param name the check name, not blank and unique
         * @param check the check
         * @param configName the configuration name
         * @return this builder
         */
        public Builder register(String name, HealthCheck check, String configName) {
            return add(
                    name,
                    Objects.requireNonNull(check, "check"),
                    null,
                    Objects.requireNonNull(configName, "configName"),
                    false);
        }

        /**
         * Registers a check with its own configuration.
         *
         * @param name the check name, not blank and unique
         * @param check the check
         * @param config the configuration
         * @return this builder
         */
        public Builder register(String name, HealthCheck check, HealthCheckConfig config) {
            return add(
                    name,
                    Objects.requireNonNull(check, "check"),
                    Objects.requireNonNull(config, "config"),
                    null,
                    false);
        }

        /**
         * Registers a synthetic check; see
         * {@link HealthRegistry#registerSynthetic(String, SyntheticTransaction, HealthCheckConfig)}.
         *
         * @param name the check name, not blank and unique
         * @param transaction the synthetic transaction
         * @param config the configuration; its period must be positive
         * @return this builder
         */
        public Builder registerSynthetic(String name, SyntheticTransaction transaction, HealthCheckConfig config) {
            Objects.requireNonNull(transaction, "transaction");
            return add(name, synthetic(transaction), checkSyntheticConfig(config), null, true);
        }

        private Builder add(
                String name,
                HealthCheck check,
                @Nullable HealthCheckConfig config,
                @Nullable String configName,
                boolean synthetic) {
            Arguments.notBlank("name", name);
            for (Pending pending : registrations) {
                if (pending.name.equals(name)) {
                    throw new IllegalArgumentException("check '" + name + "' is already registered");
                }
            }
            registrations.add(new Pending(name, check, config, configName, synthetic));
            return this;
        }

        /**
         * Builds the registry and starts its scheduled checks on the scheduler.
         *
         * @return a new registry
         * @throws IllegalArgumentException if a group names a check that is not registered, a
         *     registration names an unknown configuration, the liveness group would contain a
         *     dependency check not marked safe for liveness, or the severity order does not list
         *     exactly the standard and custom statuses
         */
        public HealthRegistry build() {
            Set<HealthStatus> ordered = new HashSet<>(severityOrder);
            for (HealthStatus custom : customStatuses.keySet()) {
                if (!ordered.contains(custom)) {
                    throw new IllegalArgumentException(
                            "severityOrder must place custom status " + custom + ", was " + severityOrder);
                }
            }
            for (HealthStatus status : severityOrder) {
                if (!status.isStandard() && !customStatuses.containsKey(status)) {
                    throw new IllegalArgumentException("severityOrder lists " + status
                            + ", which is not declared with customStatus(status, httpCode)");
                }
            }
            Set<String> names = new HashSet<>();
            List<Pending> resolved = new ArrayList<>();
            for (Pending pending : registrations) {
                names.add(pending.name);
                HealthCheckConfig config = pending.config != null
                        ? pending.config
                        : pending.configName != null
                                ? configuration(configurations, pending.configName)
                                : defaultConfig;
                resolved.add(new Pending(pending.name, pending.check, config, null, pending.synthetic));
            }
            for (HealthGroupConfig group : groups.values()) {
                for (Set<String> named : List.of(group.include(), group.exclude())) {
                    for (String name : named) {
                        if (!HealthGroupConfig.ALL.equals(name) && !names.contains(name)) {
                            throw new IllegalArgumentException(
                                    "group '" + group.name() + "' names check '" + name + "', which is not registered");
                        }
                    }
                }
            }
            HealthGroupConfig liveness = groups.getOrDefault(
                    HealthGroupConfig.LIVENESS, HealthGroupConfig.ofDefaults(HealthGroupConfig.LIVENESS));
            for (Pending pending : resolved) {
                checkLiveness(liveness, pending.name, Objects.requireNonNull(pending.config, "resolved above"));
            }
            registrations.clear();
            registrations.addAll(resolved);
            return new HealthRegistry(this);
        }

        private static final class Pending {
            final String name;
            final HealthCheck check;
            final @Nullable HealthCheckConfig config;
            final @Nullable String configName;
            final boolean synthetic;

            Pending(
                    String name,
                    HealthCheck check,
                    @Nullable HealthCheckConfig config,
                    @Nullable String configName,
                    boolean synthetic) {
                this.name = name;
                this.check = check;
                this.config = config;
                this.configName = configName;
                this.synthetic = synthetic;
            }
        }
    }
}
