package dev.nines.slo.incident;

import dev.nines.core.circuitbreaker.CircuitBreaker;
import dev.nines.core.circuitbreaker.CircuitBreakerEvent;
import dev.nines.core.event.EventListeners;
import dev.nines.core.health.HealthEvent;
import dev.nines.core.health.HealthRegistry;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.alert.NoDataWatch;
import dev.nines.slo.alert.SloAlerts;
import dev.nines.slo.dependency.DependencyGraph;
import dev.nines.slo.dependency.Requirement;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Opens, updates and closes incidents from Nines' own events, and keeps each incident's timeline
 * as it happens: what, when, which component, and which event caused each entry.
 *
 * <h2>Correlation</h2>
 * A {@linkplain IncidentSignal.Effect#FAILING failing} signal joins the first incident not yet
 * resolved that is <em>related</em>: one that holds the same component, or a component that
 * depends on it or that it depends on in the {@link DependencyGraph} (transitively). Otherwise it
 * opens a new incident. A recovery clears its condition in the incident that holds it; a note
 * joins the first related incident. A signal that finds no incident (a recovery or a note while
 * all is calm) is counted as {@linkplain #unattachedCount() unattached}: no signal is lost, none
 * attached twice. The order of signals alone decides the result.
 *
 * <h2>Lifecycle</h2>
 * An incident is {@code OPEN} while any of its failing conditions is active (or until a person
 * says it is mitigated). When the last condition recovers it is {@code MITIGATED} at that instant;
 * a related failure within the {@linkplain Builder#correlationWindow(Duration) correlation window}
 * after that joins it again ({@code IMPACT_RESUMED}); once the window has passed with nothing new it
 * is {@code RESOLVED} at {@code mitigated + window} (checked on every signal and on {@link #tick()}).
 * People add entries with {@link #acknowledge}, {@link #mitigate}, {@link #note}, {@link #exclude}
 * and {@link #resolve}; their time stamps (from the time source) give MTTA and MTTR.
 *
 * <h2>Attribution and severity</h2>
 * The incident's {@code service} is the deepest failing dependency: among the components that
 * failed, one none of whose dependencies failed, the farthest from the top of the graph (ties:
 * the one that failed first). Severity comes from the highest burn rate and impact ratio reported,
 * through a replaceable {@link SeverityRule}. Changes of either are timeline entries.
 *
 * <p>Thread-safe: signals and people's entries are serialised by a lock; listeners run on the
 * calling thread after the lock is released. No thread of its own: closing happens on signals and
 * on {@link #tick()}, which the application calls from its scheduler. A signal that finds no
 * incident open costs a lock and a counter.
 *
 * <pre>{@code
 * IncidentRecorder recorder = IncidentRecorder.builder(TimeSource.system())
 *         .dependencyGraph(graph)                       // checkout -> payments, orders-db
 *         .correlationWindow(Duration.ofMinutes(30))
 *         .build();
 * recorder.subscribe(alerts, "checkout");               // burn-rate alerts and budget thresholds
 * recorder.subscribe(breaker, "payments");              // breaker transitions
 * recorder.subscribe(health, check -> check);           // health status changes
 * recorder.onUpdate(incident -> pager.update(incident));
 * recorder.acknowledge("INC-1", "alice");
 * recorder.mitigate("INC-1", "alice", "switched to the standby provider");
 * AvailabilityMetrics.ofRecorded(recorder.incidents(), monthStart, monthEnd, now);
 * }</pre>
 */
public final class IncidentRecorder {

    /** The default correlation window. */
    public static final Duration DEFAULT_CORRELATION_WINDOW = Duration.ofMinutes(30);

    /** How many unattached signals {@link #unattached()} keeps, most recent last. */
    public static final int UNATTACHED_KEPT = 1_000;

    private final TimeSource time;
    private final @Nullable DependencyGraph graph;
    private final Duration window;
    private final SeverityRule severityRule;
    private final String idPrefix;
    private final Map<String, Set<String>> dependencies = new HashMap<>();
    private final Map<String, Integer> depths;
    private final EventListeners<RecordedIncident> listeners = EventListeners.create("incident recorder");
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private final Map<String, Live> incidents = new LinkedHashMap<>();
    private final List<Live> active = new ArrayList<>();
    private final ArrayDeque<IncidentSignal> unattached = new ArrayDeque<>();
    private long unattachedCount;
    private long sequence;

    private IncidentRecorder(Builder b) {
        this.time = b.time;
        this.graph = b.graph;
        this.window = b.window;
        this.severityRule = b.severityRule;
        this.idPrefix = b.idPrefix;
        this.depths = graph == null ? Map.of() : depths(graph);
    }

    /**
     * Returns a builder of a recorder that reads people's time stamps and closing times from
     * {@code timeSource}.
     *
     * @param timeSource the clock
     * @return a new builder
     */
    public static Builder builder(TimeSource timeSource) {
        return new Builder(timeSource);
    }

    // ---------------------------------------------------------------------------------- signals

    /**
     * Files one signal: opens, joins or updates an incident, or counts it unattached.
     *
     * @param signal the signal
     * @return the id of the incident it joined, or empty if unattached
     */
    public Optional<String> record(IncidentSignal signal) {
        Objects.requireNonNull(signal, "signal");
        boolean calm =
                signal.effect() == IncidentSignal.Effect.RECOVERED || signal.effect() == IncidentSignal.Effect.NOTE;
        if (calm) {
            lock.lock();
            try {
                if (active.isEmpty()) { // nothing open: count it, allocate nothing, read no clock
                    unattached(signal);
                    return Optional.empty();
                }
            } finally {
                lock.unlock();
            }
        }
        List<RecordedIncident> changed = new ArrayList<>(2);
        String id = null;
        lock.lock();
        try {
            closeDue(time.now(), changed);
            Live target = target(signal);
            if (target == null
                    && (signal.effect() == IncidentSignal.Effect.FAILING
                            || signal.effect() == IncidentSignal.Effect.TRANSIENT)) {
                target = open(signal);
            } else if (target == null) {
                unattached(signal);
            } else {
                target.apply(signal);
            }
            if (target != null) {
                id = target.id;
                changed.add(target.snapshot());
            }
        } finally {
            lock.unlock();
        }
        publish(changed);
        return Optional.ofNullable(id);
    }

    /** Counts and keeps a signal that found no incident; lock held. */
    private void unattached(IncidentSignal signal) {
        unattachedCount++;
        if (unattached.size() == UNATTACHED_KEPT) {
            unattached.removeFirst();
        }
        unattached.addLast(signal);
    }

    /**
     * Closes the mitigated incidents whose correlation window has passed. Signals do it too; call
     * it from your scheduler (every minute, say) so that incidents close when all is calm.
     */
    public void tick() {
        List<RecordedIncident> changed = new ArrayList<>(1);
        lock.lock();
        try {
            closeDue(time.now(), changed);
        } finally {
            lock.unlock();
        }
        publish(changed);
    }

    private void publish(List<RecordedIncident> changed) {
        for (RecordedIncident incident : changed) {
            listeners.publish(incident);
        }
    }

    private @Nullable Live target(IncidentSignal signal) {
        if (active.isEmpty()) {
            return null;
        }
        if (signal.effect() == IncidentSignal.Effect.RECOVERED) {
            String key = key(signal);
            for (Live live : active) {
                if (live.conditions.contains(key)) {
                    return live;
                }
            }
        }
        for (Live live : active) {
            if (live.isRelated(signal.component())) {
                return live;
            }
        }
        return null;
    }

    private Live open(IncidentSignal signal) {
        sequence++;
        Live live = new Live(idPrefix + sequence, signal);
        incidents.put(live.id, live);
        active.add(live);
        return live;
    }

    private void closeDue(Instant now, List<RecordedIncident> changed) {
        for (int i = 0; i < active.size(); i++) {
            Live live = active.get(i);
            IncidentSignal recovery = live.lastRecovery;
            if (live.conditions.isEmpty()
                    && recovery != null
                    && !now.isBefore(recovery.at().plus(window))) {
                live.close(
                        recovery.at().plus(window),
                        recovery,
                        "closed: nothing new for " + window.toMinutes() + " min after the last recovery");
                active.remove(i--);
                changed.add(live.snapshot());
            }
        }
    }

    private static String key(IncidentSignal s) {
        return s.component() + '\u0000' + s.condition();
    }

    // --------------------------------------------------------------------------------- people

    /**
     * Records that {@code actor} acknowledged the incident now.
     *
     * @param id the incident
     * @param actor who, not blank
     * @return the incident after the change
     * @throws IllegalArgumentException if the incident is unknown, resolved or already acknowledged
     */
    public RecordedIncident acknowledge(String id, String actor) {
        return human(id, actor, TimelineEntry.Kind.ACKNOWLEDGED, "acknowledged by " + actor);
    }

    /**
     * Records that {@code actor} says user impact ended now: the incident's mitigation time (MTTR),
     * unless a failure comes back before it closes.
     *
     * @param id the incident
     * @param actor who, not blank
     * @param note what was done
     * @return the incident after the change
     * @throws IllegalArgumentException if the incident is unknown, resolved or already mitigated
     */
    public RecordedIncident mitigate(String id, String actor, String note) {
        Objects.requireNonNull(note, "note");
        return human(
                id, actor, TimelineEntry.Kind.MITIGATED, "mitigated by " + actor + (note.isEmpty() ? "" : ": " + note));
    }

    /**
     * Adds {@code actor}'s note to the timeline now; notes are welcome on resolved incidents too.
     *
     * @param id the incident
     * @param actor who, not blank
     * @param text the note, not blank
     * @return the incident after the change
     * @throws IllegalArgumentException if the incident is unknown or the text blank
     */
    public RecordedIncident note(String id, String actor, String text) {
        Arguments.notBlank("text", text);
        return human(id, actor, TimelineEntry.Kind.NOTE, actor + ": " + text);
    }

    /**
     * Excludes the incident from availability figures on {@code actor}'s word (agreed maintenance,
     * force majeure): it stays recorded, its timeline shows why, and {@link RecordedIncident#toIncident}
     * marks it {@linkplain Incident#excluded() excluded}.
     *
     * @param id the incident
     * @param actor who, not blank
     * @param reason why, not blank
     * @return the incident after the change
     * @throws IllegalArgumentException if the incident is unknown or already excluded, or the reason blank
     */
    public RecordedIncident exclude(String id, String actor, String reason) {
        Arguments.notBlank("reason", reason);
        return human(id, actor, TimelineEntry.Kind.EXCLUDED, "excluded by " + actor + ": " + reason);
    }

    /**
     * Closes the incident now, on {@code actor}'s word; also mitigates it if it was not.
     *
     * @param id the incident
     * @param actor who, not blank
     * @param note why
     * @return the incident after the change
     * @throws IllegalArgumentException if the incident is unknown or already resolved
     */
    public RecordedIncident resolve(String id, String actor, String note) {
        Objects.requireNonNull(note, "note");
        return human(
                id, actor, TimelineEntry.Kind.RESOLVED, "resolved by " + actor + (note.isEmpty() ? "" : ": " + note));
    }

    private RecordedIncident human(String id, String actor, TimelineEntry.Kind kind, String what) {
        Objects.requireNonNull(id, "id");
        Arguments.notBlank("actor", actor);
        RecordedIncident snapshot;
        List<RecordedIncident> changed = new ArrayList<>(2);
        lock.lock();
        try {
            Instant now = time.now();
            closeDue(now, changed);
            Live live = incidents.get(id);
            if (live == null) {
                throw new IllegalArgumentException("id must name a recorded incident, was '" + id + "'");
            }
            if (kind == TimelineEntry.Kind.EXCLUDED && live.excluded) {
                throw new IllegalArgumentException("incident " + id + " must not be excluded twice, was excluded");
            }
            if (kind != TimelineEntry.Kind.NOTE && kind != TimelineEntry.Kind.EXCLUDED && live.resolved != null) {
                throw new IllegalArgumentException("incident " + id + " must not be resolved to be "
                        + kind.name().toLowerCase(java.util.Locale.ROOT) + ", was resolved at " + live.resolved);
            }
            if (kind == TimelineEntry.Kind.ACKNOWLEDGED && live.acknowledged != null) {
                throw new IllegalArgumentException(
                        "incident " + id + " must not be acknowledged twice, was at " + live.acknowledged);
            }
            if (kind == TimelineEntry.Kind.MITIGATED && live.humanMitigated != null) {
                throw new IllegalArgumentException(
                        "incident " + id + " must not be mitigated twice, was at " + live.humanMitigated);
            }
            IncidentSignal signal = IncidentSignal.builder(
                            IncidentSignal.Kind.HUMAN, IncidentSignal.Effect.NOTE, live.service, now)
                    .condition("human")
                    .what(what)
                    .event(actor)
                    .build();
            switch (kind) {
                case ACKNOWLEDGED:
                    live.acknowledged = now;
                    live.add(new TimelineEntry(now, live.service, kind, what, signal));
                    break;
                case MITIGATED:
                    live.humanMitigated = now;
                    live.add(new TimelineEntry(now, live.service, kind, what, signal));
                    break;
                case NOTE:
                    live.add(new TimelineEntry(now, live.service, kind, what, signal));
                    break;
                case EXCLUDED:
                    live.excluded = true;
                    live.add(new TimelineEntry(now, live.service, kind, what, signal));
                    break;
                case RESOLVED:
                    if (live.mitigated() == null) {
                        live.humanMitigated = now;
                    }
                    live.close(now, signal, what);
                    active.remove(live);
                    break;
                default:
                    throw new AssertionError(kind);
            }
            snapshot = live.snapshot();
            changed.add(snapshot);
        } finally {
            lock.unlock();
        }
        publish(changed);
        return snapshot;
    }

    // -------------------------------------------------------------------------------- queries

    /**
     * Returns every recorded incident, open or not, in the order they opened.
     *
     * @return snapshots
     */
    public List<RecordedIncident> incidents() {
        lock.lock();
        try {
            List<RecordedIncident> out = new ArrayList<>(incidents.size());
            for (Live live : incidents.values()) {
                out.add(live.snapshot());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the incidents not yet resolved, in the order they opened.
     *
     * @return snapshots
     */
    public List<RecordedIncident> openIncidents() {
        lock.lock();
        try {
            List<RecordedIncident> out = new ArrayList<>(active.size());
            for (Live live : active) {
                out.add(live.snapshot());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns one incident.
     *
     * @param id the incident
     * @return its snapshot, if recorded
     */
    public Optional<RecordedIncident> incident(String id) {
        Objects.requireNonNull(id, "id");
        lock.lock();
        try {
            Live live = incidents.get(id);
            return live == null ? Optional.empty() : Optional.of(live.snapshot());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the conditions still failing in an incident, as {@code component/condition}, sorted:
     * what keeps it open (or, after a person's mitigation, what says the burn goes on).
     *
     * @param id the incident
     * @return the active conditions, empty if none or the incident is unknown or resolved
     */
    public List<String> activeConditions(String id) {
        Objects.requireNonNull(id, "id");
        lock.lock();
        try {
            Live live = incidents.get(id);
            if (live == null || live.resolved != null) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String key : live.conditions) {
                out.add(key.replace('\u0000', '/'));
            }
            out.sort(null);
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many signals found no incident (recoveries and notes while all was calm).
     *
     * @return the count since the recorder was built
     */
    public long unattachedCount() {
        lock.lock();
        try {
            return unattachedCount;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the last {@value #UNATTACHED_KEPT} unattached signals, oldest first.
     *
     * @return a copy
     */
    public List<IncidentSignal> unattached() {
        lock.lock();
        try {
            return List.copyOf(unattached);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes the timelines of every incident as JSON lines ({@link RecordedIncident#toJsonLines()}).
     *
     * @param out the writer, not closed
     * @throws IOException if writing fails
     */
    public void writeJsonLines(Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        for (RecordedIncident incident : incidents()) {
            out.write(incident.toJsonLines());
        }
    }

    /**
     * Registers a listener told of every change to an incident (opened, joined, acknowledged,
     * mitigated, resolved), with the incident's new snapshot.
     *
     * @param listener the listener
     * @return a registration that unregisters it when closed
     */
    public EventListeners.Registration onUpdate(Consumer<? super RecordedIncident> listener) {
        return listeners.register(listener);
    }

    // -------------------------------------------------------------------------- subscriptions

    /**
     * Files {@code alerts}' firing and resolved alerts and budget thresholds as signals of
     * {@code service} ({@link IncidentSignals#of(dev.nines.slo.alert.SloAlertEvent, String, double)}).
     *
     * @param alerts the evaluator
     * @param service the component its SLO belongs to
     * @return a registration that unsubscribes when closed
     */
    public EventListeners.Registration subscribe(SloAlerts alerts, String service) {
        Objects.requireNonNull(alerts, "alerts");
        Arguments.notBlank("service", service);
        double budget = alerts.tracker().slo().errorBudgetRatio();
        return alerts.onEvent(e -> IncidentSignals.of(e, service, budget).ifPresent(this::record));
    }

    /**
     * Files {@code breaker}'s state transitions as signals of {@code component}
     * ({@link IncidentSignals#of(CircuitBreakerEvent, String)}). The breaker then builds an event
     * for every call (its events cost nothing only while nobody listens); the recorder drops all but
     * the transitions at the cost of a type check.
     *
     * @param breaker the breaker
     * @param component the dependency it guards
     * @return a registration that unsubscribes when closed
     */
    public EventListeners.Registration subscribe(CircuitBreaker breaker, String component) {
        Objects.requireNonNull(breaker, "breaker");
        Arguments.notBlank("component", component);
        return breaker.onEvent(e -> {
            if (e instanceof CircuitBreakerEvent.StateTransition) {
                IncidentSignals.of(e, component).ifPresent(this::record);
            }
        });
    }

    /**
     * Files {@code registry}'s status changes of checks and groups as signals of the component
     * {@code componentOf} names for each check or group.
     *
     * @param registry the health registry
     * @param componentOf the component of a check or group name
     * @return a registration that unsubscribes when closed
     */
    public EventListeners.Registration subscribe(HealthRegistry registry, Function<String, String> componentOf) {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(componentOf, "componentOf");
        return registry.onEvent(e -> {
            if (e instanceof HealthEvent.CheckStatusChanged || e instanceof HealthEvent.GroupStatusChanged) {
                IncidentSignals.of(e, componentOf.apply(e.name()), time.now()).ifPresent(this::record);
            }
        });
    }

    /**
     * Files {@code watch}'s no-data gaps as signals of {@code service}.
     *
     * @param watch the watch
     * @param service the component its SLO belongs to
     * @return a registration that unsubscribes when closed
     */
    public EventListeners.Registration subscribe(NoDataWatch watch, String service) {
        Objects.requireNonNull(watch, "watch");
        Arguments.notBlank("service", service);
        return watch.onEvent(e -> record(IncidentSignals.of(e, service)));
    }

    // ------------------------------------------------------------------------------- the graph

    private Set<String> dependenciesOf(String component) {
        DependencyGraph g = graph;
        if (g == null) {
            return Set.of();
        }
        return dependencies.computeIfAbsent(
                component, c -> g.nodes().contains(c) ? new HashSet<>(g.transitiveDependencies(c)) : Set.of());
    }

    /** Each node's distance from the top of the graph: the longest path from a node nothing needs. */
    private static Map<String, Integer> depths(DependencyGraph graph) {
        Map<String, List<String>> needs = new HashMap<>();
        for (String node : graph.nodes()) {
            needs.put(
                    node, graph.requirement(node).map(Requirement::dependencies).orElse(List.of()));
        }
        Map<String, Integer> depth = new HashMap<>();
        // Kahn's order from the top: a node's depth is one more than its deepest dependent's.
        Map<String, Integer> dependents = new HashMap<>();
        for (String node : graph.nodes()) {
            dependents.putIfAbsent(node, 0);
            for (String d : needs.getOrDefault(node, List.of())) {
                dependents.merge(d, 1, Integer::sum);
            }
        }
        ArrayDeque<String> ready = new ArrayDeque<>();
        for (String node : graph.nodes()) {
            if (dependents.getOrDefault(node, 0) == 0) {
                ready.add(node);
                depth.put(node, 0);
            }
        }
        while (!ready.isEmpty()) {
            String node = ready.poll();
            for (String d : needs.getOrDefault(node, List.of())) {
                depth.merge(d, depth.getOrDefault(node, 0) + 1, Math::max); // a ready node has its depth
                if (dependents.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        return Collections.unmodifiableMap(depth);
    }

    // ------------------------------------------------------------------------------ an incident

    /** One incident while it is recorded; guarded by the recorder's lock. */
    private final class Live {
        final String id;
        final LinkedHashSet<String> components = new LinkedHashSet<>();
        final LinkedHashMap<String, Instant> failed = new LinkedHashMap<>(); // component -> first failure
        final Set<String> conditions = new HashSet<>();
        final List<TimelineEntry> timeline = new ArrayList<>();
        Instant start;
        final Instant detected;

        @Nullable
        Instant acknowledged;

        @Nullable
        Instant humanMitigated;

        @Nullable
        Instant autoMitigated;

        @Nullable
        IncidentSignal lastRecovery; // the signal that last cleared every condition

        @Nullable
        Instant resolved;

        IncidentSeverity severity;
        double burnRate;
        double impactRatio;
        String service;
        boolean excluded;

        @Nullable
        RecordedIncident snapshot; // cached until the next change

        Live(String id, IncidentSignal first) {
            this.id = id;
            this.start = first.since();
            this.detected = first.at();
            this.service = first.component();
            components.add(first.component());
            burnRate = first.burnRate();
            impactRatio = first.impactRatio();
            severity = severityRule.severity(burnRate, impactRatio);
            add(new TimelineEntry(
                    first.at(),
                    first.component(),
                    TimelineEntry.Kind.OPENED,
                    "opened (" + severity + "): " + first.what(),
                    first));
            fail(first);
        }

        boolean isRelated(String component) {
            if (components.contains(component)) {
                return true;
            }
            Set<String> below = dependenciesOf(component);
            for (String c : components) {
                if (below.contains(c) || dependenciesOf(c).contains(component)) {
                    return true;
                }
            }
            return false;
        }

        void apply(IncidentSignal signal) {
            components.add(signal.component());
            add(new TimelineEntry(signal.at(), signal.component(), TimelineEntry.Kind.SIGNAL, signal.what(), signal));
            switch (signal.effect()) {
                case FAILING:
                case TRANSIENT:
                    Instant mitigatedAt = mitigated();
                    if (mitigatedAt != null
                            && (signal.effect() == IncidentSignal.Effect.FAILING
                                    || signal.since().isAfter(mitigatedAt))) {

                        add(new TimelineEntry(
                                signal.at(),
                                signal.component(),
                                TimelineEntry.Kind.IMPACT_RESUMED,
                                "impact resumed: " + signal.what(),
                                signal));
                        humanMitigated = null;
                        autoMitigated = null;
                        lastRecovery = null;
                    }
                    if (signal.since().isBefore(start)) {
                        start = signal.since();
                    }
                    fail(signal);
                    break;
                case RECOVERED:
                    if (conditions.remove(key(signal)) && conditions.isEmpty()) {
                        recovered(signal);
                    }
                    break;
                case NOTE:
                    break;
                default:
                    throw new AssertionError(signal.effect());
            }
            burnRate = Math.max(burnRate, signal.burnRate());
            impactRatio = Math.max(impactRatio, signal.impactRatio());
            IncidentSeverity next = severityRule.severity(burnRate, impactRatio);
            if (next != severity) {
                add(new TimelineEntry(
                        signal.at(),
                        signal.component(),
                        TimelineEntry.Kind.SEVERITY_CHANGED,
                        "severity " + severity + " -> " + next,
                        signal));
                severity = next;
            }
        }

        /** A failing or transient signal: its component failed; a failing one leaves its condition active. */
        private void fail(IncidentSignal signal) {
            failed.putIfAbsent(signal.component(), signal.since());
            if (signal.effect() == IncidentSignal.Effect.FAILING) {
                conditions.add(key(signal));
            } else {
                conditions.remove(key(signal)); // over: a failover ends the failure of the primary it replaced
                if (conditions.isEmpty() && (lastRecovery == null || signal.at().isAfter(lastRecovery.at()))) {
                    recovered(signal);
                }
            }
            String deepest = attribution();
            if (!deepest.equals(service)) {
                add(new TimelineEntry(
                        signal.at(),
                        deepest,
                        TimelineEntry.Kind.ATTRIBUTED,
                        "attributed to " + deepest + " (deepest failing dependency, was " + service + ")",
                        signal));
                service = deepest;
            }
        }

        private void recovered(IncidentSignal signal) {
            lastRecovery = signal;
            if (humanMitigated == null) {
                autoMitigated = signal.at();
                add(new TimelineEntry(
                        signal.at(),
                        signal.component(),
                        TimelineEntry.Kind.MITIGATED,
                        "mitigated: every failing condition recovered",
                        signal));
            }
        }

        /** The failed component none of whose dependencies failed, deepest first, then earliest. */
        private String attribution() {
            String best = null;
            int bestDepth = -1;
            Instant bestSince = null;
            for (Map.Entry<String, Instant> e : failed.entrySet()) {
                String c = e.getKey();
                boolean hasFailedDependency = false;
                for (String d : dependenciesOf(c)) {
                    if (failed.containsKey(d)) {
                        hasFailedDependency = true;
                        break;
                    }
                }
                if (hasFailedDependency) {
                    continue;
                }
                int depth = depths.getOrDefault(c, 0);
                if (best == null
                        || depth > bestDepth
                        || (depth == bestDepth && e.getValue().isBefore(bestSince))) {
                    best = c;
                    bestDepth = depth;
                    bestSince = e.getValue();
                }
            }
            return best == null ? service : best;
        }

        @Nullable
        Instant mitigated() {
            if (humanMitigated != null) {
                return humanMitigated;
            }
            return conditions.isEmpty() ? autoMitigated : null;
        }

        void close(Instant at, IncidentSignal cause, String what) {
            resolved = at;
            add(new TimelineEntry(at, service, TimelineEntry.Kind.RESOLVED, what, cause));
        }

        /** Inserts in time order; entries of equal time keep their order of arrival. */
        void add(TimelineEntry entry) {
            int i = timeline.size();
            while (i > 0 && timeline.get(i - 1).at().isAfter(entry.at())) {
                i--;
            }
            timeline.add(i, entry);
            snapshot = null;
        }

        RecordedIncident snapshot() {
            RecordedIncident cached = snapshot;
            if (cached == null) {
                Instant m = mitigated();
                RecordedIncident.State state = resolved != null
                        ? RecordedIncident.State.RESOLVED
                        : m != null ? RecordedIncident.State.MITIGATED : RecordedIncident.State.OPEN;
                cached = new RecordedIncident(
                        id,
                        service,
                        new ArrayList<>(components),
                        state,
                        severity,
                        start,
                        detected,
                        Optional.ofNullable(acknowledged),
                        Optional.ofNullable(m),
                        Optional.ofNullable(resolved),
                        impactRatio,
                        burnRate,
                        excluded,
                        timeline);
                snapshot = cached;
            }
            return cached;
        }
    }

    /** Builds an {@link IncidentRecorder}; not thread-safe. */
    public static final class Builder {
        private final TimeSource time;
        private @Nullable DependencyGraph graph;

        private Duration window = DEFAULT_CORRELATION_WINDOW;
        private SeverityRule severityRule = SeverityRule.standard();
        private String idPrefix = "INC-";

        private Builder(TimeSource time) {
            this.time = Objects.requireNonNull(time, "timeSource");
        }

        /**
         * Sets the graph that relates components: a signal joins an incident that holds a
         * component it depends on or that depends on it. Without one, only the same component joins.
         *
         * @param graph the dependency graph
         * @return this builder
         */
        public Builder dependencyGraph(DependencyGraph graph) {
            this.graph = Objects.requireNonNull(graph, "graph");
            return this;
        }

        /**
         * Sets how long after its mitigation an incident still takes related failures, before it
         * closes.
         *
         * @param window positive; default 30 minutes
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder correlationWindow(Duration window) {
            this.window = Arguments.positive("correlationWindow", window);
            return this;
        }

        /**
         * Replaces the severity rule.
         *
         * @param rule the rule; default {@link SeverityRule#standard()}
         * @return this builder
         */
        public Builder severityRule(SeverityRule rule) {
            this.severityRule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /**
         * Sets the prefix of incident ids, followed by a sequence number from 1.
         *
         * @param idPrefix not blank; default {@code INC-}
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder idPrefix(String idPrefix) {
            this.idPrefix = Arguments.notBlank("idPrefix", idPrefix);
            return this;
        }

        /**
         * Builds the recorder.
         *
         * @return the recorder
         */
        public IncidentRecorder build() {
            return new IncidentRecorder(this);
        }
    }
}
