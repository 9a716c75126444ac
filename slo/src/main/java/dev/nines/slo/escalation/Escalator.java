package dev.nines.slo.escalation;

import dev.nines.core.event.EventListeners;
import dev.nines.core.time.TimeSource;
import dev.nines.slo.incident.IncidentRecorder;
import dev.nines.slo.incident.IncidentSignal;
import dev.nines.slo.incident.RecordedIncident;
import dev.nines.slo.incident.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces an {@link EscalationPolicy} on the incidents of an {@link IncidentRecorder}: pages
 * level 1 when an incident opens, the next level when nobody acknowledged within the level's
 * timeout (round after round, up to the policy's repeats), and the next level again when a
 * person marked the incident mitigated but a failing condition is still active after the
 * policy's {@code mitigationGrace}. An acknowledgement stops the timeouts; resolution stops
 * everything.
 *
 * <p>Pages leave through the {@link PageListener}; one that throws is logged, kept in
 * {@link #failedPages()}, and the next level is paged at once.
 *
 * <p>No thread of its own: every step runs on the {@link ScheduledExecutorService} passed in,
 * timeouts as tasks scheduled at {@code page time + ackTimeout} (so the time source must be the
 * scheduler's clock). Thread-safe.
 *
 * <pre>{@code
 * Escalator escalator = Escalator.create(policy, page -> pager.send(page), TimeSource.system(), scheduler);
 * escalator.attach(recorder);
 * }</pre>
 */
public final class Escalator {

    private static final Logger LOG = LoggerFactory.getLogger(Escalator.class);

    private final EscalationPolicy policy;
    private final PageListener listener;
    private final TimeSource time;
    private final ScheduledExecutorService scheduler;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private final Map<String, Track> tracks = new HashMap<>();
    private final List<Page> delivered = new ArrayList<>();
    private final List<Page> failed = new ArrayList<>();
    private @Nullable IncidentRecorder recorder; // set once by attach

    private Escalator(
            EscalationPolicy policy, PageListener listener, TimeSource time, ScheduledExecutorService scheduler) {
        this.policy = policy;
        this.listener = listener;
        this.time = time;
        this.scheduler = scheduler;
    }

    /**
     * Creates an escalator.
     *
     * @param policy the policy
     * @param listener delivers the pages
     * @param timeSource the scheduler's clock
     * @param scheduler runs every step and timeout
     * @return the escalator, attached to nothing yet
     */
    public static Escalator create(
            EscalationPolicy policy, PageListener listener, TimeSource timeSource, ScheduledExecutorService scheduler) {
        return new Escalator(
                Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(listener, "listener"),
                Objects.requireNonNull(timeSource, "timeSource"),
                Objects.requireNonNull(scheduler, "scheduler"));
    }

    /**
     * Follows the incidents of {@code recorder}: each change is handled on the scheduler.
     *
     * @param recorder the recorder
     * @return a registration that stops following when closed (pending timeouts still run)
     * @throws IllegalArgumentException if already attached to a recorder
     */
    public EventListeners.Registration attach(IncidentRecorder recorder) {
        Objects.requireNonNull(recorder, "recorder");
        lock.lock();
        try {
            if (this.recorder != null) {
                throw new IllegalArgumentException("recorder must be the only one attached, was a second one");
            }
            this.recorder = recorder;
        } finally {
            lock.unlock();
        }
        return recorder.onUpdate(incident -> {
            ScheduledFuture<?> unused = scheduler.schedule(() -> onUpdate(incident), 0, TimeUnit.NANOSECONDS);
        });
    }

    /**
     * Returns the pages delivered so far, in order.
     *
     * @return a copy
     */
    public List<Page> pages() {
        lock.lock();
        try {
            return List.copyOf(delivered);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the pages whose delivery failed, in order.
     *
     * @return a copy
     */
    public List<Page> failedPages() {
        lock.lock();
        try {
            return List.copyOf(failed);
        } finally {
            lock.unlock();
        }
    }

    /** One incident's progress through the policy; guarded by lock. */
    private static final class Track {
        final String id;
        int level = -1;
        int round;

        @Nullable
        ScheduledFuture<?> timeout;

        boolean mitigationCheckScheduled;

        Track(String id) {
            this.id = id;
        }
    }

    private void onUpdate(RecordedIncident incident) {
        lock.lock();
        try {
            Track track = tracks.get(incident.id());
            if (track == null) {
                track = new Track(incident.id());
                tracks.put(incident.id(), track);
                if (incident.state() != RecordedIncident.State.RESOLVED
                        && incident.acknowledged().isEmpty()) {
                    page(track, 0, Page.Reason.OPENED);
                }
                return;
            }
            if ((incident.acknowledged().isPresent() || incident.state() == RecordedIncident.State.RESOLVED)
                    && track.timeout != null) {
                track.timeout.cancel(false);
                track.timeout = null;
            }
            if (incident.state() == RecordedIncident.State.MITIGATED
                    && !track.mitigationCheckScheduled
                    && mitigatedByAPerson(incident)) {
                track.mitigationCheckScheduled = true;
                Track t = track;
                ScheduledFuture<?> unused = scheduler.schedule(
                        () -> checkBurnAfterMitigation(t),
                        policy.mitigationGrace().toNanos(),
                        TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean mitigatedByAPerson(RecordedIncident incident) {
        for (TimelineEntry e : incident.timeline()) {
            if (e.kind() == TimelineEntry.Kind.MITIGATED && e.cause().kind() == IncidentSignal.Kind.HUMAN) {
                return true;
            }
        }
        return false;
    }

    private void checkBurnAfterMitigation(Track track) {
        lock.lock();
        try {
            IncidentRecorder source = recorder;
            if (source == null) {
                return; // scheduled only for incidents of an attached recorder
            }
            Optional<RecordedIncident> now = source.incident(track.id);
            if (now.isEmpty()
                    || now.get().state() == RecordedIncident.State.RESOLVED
                    || source.activeConditions(track.id).isEmpty()) {
                return;
            }
            next(track, Page.Reason.BURN_AFTER_MITIGATION);
        } finally {
            lock.unlock();
        }
    }

    private void onTimeout(Track track, int level, int round) {
        lock.lock();
        try {
            if (track.level != level || track.round != round) {
                return; // a later page superseded this timeout
            }
            track.timeout = null;
            IncidentRecorder source = recorder;
            if (source == null) {
                return; // armed only for incidents of an attached recorder
            }
            Optional<RecordedIncident> now = source.incident(track.id);
            if (now.isEmpty()
                    || now.get().acknowledged().isPresent()
                    || now.get().state() == RecordedIncident.State.RESOLVED) {
                return;
            }
            next(track, Page.Reason.NOT_ACKNOWLEDGED);
        } finally {
            lock.unlock();
        }
    }

    /** Pages the next level (or level 1 of the next round); lock held. */
    private void next(Track track, Page.Reason reason) {
        int level = track.level + 1;
        if (level == policy.levels().size()) {
            if (track.round == policy.repeats()) {
                LOG.warn(
                        "Incident {}: every level of the escalation policy was paged {} time(s), nobody acknowledged",
                        track.id,
                        policy.repeats() + 1);
                return;
            }
            track.round++;
            level = 0;
        }
        page(track, level, reason);
    }

    /** Pages every target of a level and arms its timeout; on a failed delivery, the next level at once. */
    private void page(Track track, int level, Page.Reason reason) {
        track.level = level;
        EscalationPolicy.Level l = policy.levels().get(level);
        Instant now = time.now();
        Optional<RecordedIncident> current = recorder == null ? Optional.empty() : recorder.incident(track.id);
        String service = current.map(RecordedIncident::service).orElse("");
        String severity = current.map(i -> i.severity().name()).orElse("");
        boolean deliveryFailed = false;
        for (EscalationTarget target : l.targets()) {
            Page page;
            try {
                page = new Page(track.id, service, severity, l.number(), track.round, target.resolve(now), reason, now);
            } catch (RuntimeException e) {
                LOG.warn("Incident {}: level {} target {} could not be resolved", track.id, l.number(), target, e);
                deliveryFailed = true;
                continue;
            }
            try {
                listener.deliver(page);
                delivered.add(page);
            } catch (Exception e) {
                LOG.warn(
                        "Incident {}: page to {} (level {}) failed; paging the next level",
                        track.id,
                        page.recipient(),
                        l.number(),
                        e);
                failed.add(page);
                deliveryFailed = true;
            }
        }
        if (deliveryFailed) {
            next(track, Page.Reason.DELIVERY_FAILED);
            return;
        }
        if (current.isPresent() && current.get().acknowledged().isPresent()) {
            return; // already acknowledged (a page after mitigation): no timeout
        }
        int round = track.round;
        Duration timeout = l.ackTimeout();
        track.timeout =
                scheduler.schedule(() -> onTimeout(track, level, round), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
