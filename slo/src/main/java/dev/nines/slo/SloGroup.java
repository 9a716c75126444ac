package dev.nines.slo;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.TimeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * One SLO definition applied per value of a label: an {@link SloTracker} per route, per tenant or
 * per customer, each created the first time its value is seen (Pyrra's grouping, Sloth's
 * per-service SLOs).
 *
 * <h2>Bound</h2>
 * A group holds at most {@code maxMembers} label values. Past the bound, every new value shares
 * one overflow tracker under the reserved value {@value #OVERFLOW}: its events still count, in
 * the overflow member, and {@link #overflowedLookups()} counts the lookups that landed there, so
 * the overflow is visible as a metric rather than as lost data or an exception on the request
 * path. The group therefore never holds more than {@code maxMembers + 1} trackers (about 130 KiB
 * each for a 30-day window, see {@link SloTracker}). Values already admitted keep their own
 * tracker; members are never evicted.
 *
 * <h2>Threads</h2>
 * Thread-safe. {@link #tracker(String)} for a value already admitted is one
 * {@link ConcurrentHashMap#get} (no lock, no allocation); so is a value past the bound once the
 * group is full. Creating a member takes the map's per-bin lock once. While the group fills up,
 * a lookup of a value past the bound waits (spinning, without a lock) for the creations already
 * in flight, so that a value never gets both its own tracker and the overflow one. Listeners added with
 * {@link #onNewMember(BiConsumer)} run on the thread that created the member, once per member,
 * after it is visible in {@link #members()}.
 *
 * <pre>{@code
 * SloGroup byRoute = SloGroup.create(slo, "route", 500, TimeSource.system());
 * byRoute.tracker(request.route()).recordGood();
 * PrometheusRules rules = PrometheusRules.builder(slo).aggregateBy(byRoute.label()).build();
 * }</pre>
 */
public final class SloGroup {

    /** The label value of the member that takes every value past the bound. */
    public static final String OVERFLOW = "__other__";
    /** The largest bound a group accepts. */
    public static final int MAX_MEMBERS_LIMIT = 100_000;

    private final Slo slo;
    private final String label;
    private final int maxMembers;
    private final TimeSource time;
    private final SloTracker.Timestamping timestamping;
    private final ConcurrentHashMap<String, SloTracker> members = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger creating = new AtomicInteger();
    private final AtomicReference<SloTracker> overflow = new AtomicReference<>();
    private final LongAdder overflowed = new LongAdder();
    private final List<BiConsumer<String, SloTracker>> listeners = new CopyOnWriteArrayList<>();

    private SloGroup(Slo slo, String label, int maxMembers, TimeSource time, SloTracker.Timestamping timestamping) {
        this.slo = slo;
        this.label = label;
        this.maxMembers = maxMembers;
        this.time = time;
        this.timestamping = timestamping;
    }

    /**
     * Creates an empty group whose trackers read the clock on every record.
     *
     * @param slo the definition every member tracks
     * @param label the label whose values name the members, e.g. {@code route}: a Prometheus label
     *     name ({@code [a-zA-Z_][a-zA-Z0-9_]*}), not {@code slo}, not starting with {@code __}
     * @param maxMembers the most label values with a tracker of their own, in [1, 100,000]
     * @param timeSource the clock of every member
     * @return a new group
     * @throws IllegalArgumentException if {@code label} or {@code maxMembers} is invalid
     */
    public static SloGroup create(Slo slo, String label, int maxMembers, TimeSource timeSource) {
        return create(slo, label, maxMembers, timeSource, SloTracker.Timestamping.PER_EVENT);
    }

    /**
     * Creates an empty group.
     *
     * @param slo the definition every member tracks
     * @param label the label whose values name the members (see {@link #create(Slo, String, int, TimeSource)})
     * @param maxMembers the most label values with a tracker of their own, in [1, 100,000]
     * @param timeSource the clock of every member
     * @param timestamping the timestamping of every member; with {@code PER_TICK} call {@link #tick()}
     * @return a new group
     * @throws IllegalArgumentException if {@code label} or {@code maxMembers} is invalid
     */
    public static SloGroup create(
            Slo slo, String label, int maxMembers, TimeSource timeSource, SloTracker.Timestamping timestamping) {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(timeSource, "timeSource");
        Objects.requireNonNull(timestamping, "timestamping");
        if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*") || label.startsWith("__") || label.equals("slo")) {
            throw new IllegalArgumentException(
                    "label must be a Prometheus label name, not 'slo' nor starting with '__', was '" + label + "'");
        }
        if (maxMembers < 1 || maxMembers > MAX_MEMBERS_LIMIT) {
            throw new IllegalArgumentException(
                    "maxMembers must be in [1, " + MAX_MEMBERS_LIMIT + "], was " + maxMembers);
        }
        return new SloGroup(slo, label, maxMembers, timeSource, timestamping);
    }

    /**
     * Returns the tracker of {@code value}, creating it on first use; past the bound, the overflow
     * tracker ({@value #OVERFLOW}). Lock-free and allocation-free for a value seen before.
     *
     * @param value the label value, e.g. a route; not {@value #OVERFLOW}
     * @return the member's tracker
     * @throws IllegalArgumentException if {@code value} is the reserved {@value #OVERFLOW}
     */
    public SloTracker tracker(String value) {
        SloTracker tracker = members.get(Objects.requireNonNull(value, "value"));
        if (tracker != null) {
            return tracker;
        }
        return admit(value);
    }

    private SloTracker admit(String value) {
        if (OVERFLOW.equals(value)) {
            throw new IllegalArgumentException("value must not be the reserved '" + OVERFLOW + "'");
        }
        if (admitted.get() < maxMembers) {
            SloTracker[] created = new SloTracker[1];
            SloTracker tracker;
            creating.incrementAndGet();
            try {
                tracker = members.computeIfAbsent(value, v -> {
                    int count;
                    do {
                        count = admitted.get();
                        if (count >= maxMembers) {
                            return null;
                        }
                    } while (!admitted.compareAndSet(count, count + 1));
                    created[0] = SloTracker.create(slo, time, timestamping);
                    return created[0];
                });
            } finally {
                creating.decrementAndGet();
            }
            if (tracker != null) {
                if (tracker == created[0]) {
                    announce(value, tracker);
                }
                return tracker;
            }
        }
        // Full. A creation that reserved the last slots may still be inserting this very value:
        // wait for creations in flight (only while the group fills up), then look again.
        while (creating.get() != 0) {
            Thread.onSpinWait();
        }
        SloTracker late = members.get(value);
        if (late != null) {
            return late;
        }
        overflowed.increment();
        SloTracker other = overflow.get();
        if (other != null) {
            return other;
        }
        SloTracker candidate = SloTracker.create(slo, time, timestamping);
        SloTracker winner = overflow.compareAndExchange(null, candidate);
        if (winner != null) {
            return winner; // another thread created the overflow tracker first
        }
        announce(OVERFLOW, candidate);
        return candidate;
    }

    private void announce(String value, SloTracker tracker) {
        for (BiConsumer<String, SloTracker> listener : listeners) {
            listener.accept(value, tracker);
        }
    }

    /**
     * Returns the tracker of {@code value} if it was admitted, without creating one.
     *
     * @param value the label value; {@value #OVERFLOW} finds the overflow tracker once it exists
     * @return the tracker, or empty
     */
    public Optional<SloTracker> find(String value) {
        Objects.requireNonNull(value, "value");
        return Optional.ofNullable(OVERFLOW.equals(value) ? overflow.get() : members.get(value));
    }

    /**
     * Returns the members at this instant, by label value, with the overflow tracker last under
     * {@value #OVERFLOW} once it exists.
     *
     * @return an unmodifiable copy
     */
    public Map<String, SloTracker> members() {
        Map<String, SloTracker> copy = new LinkedHashMap<>(members);
        SloTracker other = overflow.get();
        if (other != null) {
            copy.put(OVERFLOW, other);
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Calls {@code listener} with the label value and tracker of every member created from now on
     * (the overflow tracker included, under {@value #OVERFLOW}), on the creating thread. Members
     * that already exist are not replayed: read {@link #members()} after adding the listener.
     *
     * @param listener the listener; it should be quick and must not throw
     * @return a registration that removes the listener when closed (closing again does nothing)
     */
    public EventListeners.Registration onNewMember(BiConsumer<String, SloTracker> listener) {
        // A wrapper per registration, so that closing removes this one even if the same listener
        // was added twice.
        Objects.requireNonNull(listener, "listener");
        BiConsumer<String, SloTracker> registered = (value, tracker) -> listener.accept(value, tracker);
        listeners.add(registered);
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                listeners.remove(registered);
            }
        };
    }

    /**
     * Returns how many lookups of values past the bound went to the overflow tracker. Above zero
     * means the bound is too low for the label's cardinality, or the label is unbounded (an id
     * where a route was meant).
     *
     * @return the count since the group was created
     */
    public long overflowedLookups() {
        return overflowed.sum();
    }

    /** Ticks every member (see {@link SloTracker#tick()}): for {@code PER_TICK} groups. */
    public void tick() {
        for (SloTracker tracker : members().values()) {
            tracker.tick();
        }
    }

    /**
     * Returns snapshots of every member, by label value (see {@link #members()}).
     *
     * @return an unmodifiable map
     */
    public Map<String, SloSnapshot> snapshots() {
        Map<String, SloSnapshot> result = new LinkedHashMap<>();
        for (Map.Entry<String, SloTracker> e : members().entrySet()) {
            result.put(e.getKey(), e.getValue().snapshot());
        }
        return Collections.unmodifiableMap(result);
    }

    /**
     * Returns the number of members: admitted values, plus the overflow tracker once it exists.
     * O(1), for gauges.
     *
     * @return at most {@link #maxMembers()} + 1
     */
    public int size() {
        return members.size() + (overflow.get() == null ? 0 : 1);
    }

    /**
     * Returns the label values admitted so far, in no particular order (the overflow not included).
     *
     * @return an unmodifiable copy
     */
    public List<String> values() {
        return List.copyOf(new ArrayList<>(members.keySet()));
    }

    /**
     * Returns the definition every member tracks.
     *
     * @return the SLO
     */
    public Slo slo() {
        return slo;
    }

    /**
     * Returns the label whose values name the members.
     *
     * @return the label name
     */
    public String label() {
        return label;
    }

    /**
     * Returns the most label values with a tracker of their own.
     *
     * @return the bound
     */
    public int maxMembers() {
        return maxMembers;
    }

    @Override
    public String toString() {
        return "SloGroup[" + slo.name() + " by " + label + ", " + members.size() + "/" + maxMembers
                + (overflow.get() == null ? "" : ", overflowing") + "]";
    }
}
