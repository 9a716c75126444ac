package dev.nines.failover.access;

import dev.nines.core.access.AccessDeniedException;
import dev.nines.core.access.AccessRequest;
import dev.nines.core.access.Authorization;
import dev.nines.core.access.Authorizer;
import dev.nines.core.access.ManualAction;
import dev.nines.core.internal.Arguments;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.audit.AuditLog;
import dev.nines.failover.audit.AuditType;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@link Authorizer}: time-boxed grants, each naming an actor, a manual action, a
 * target scope, an expiry and a reason, and approved by someone other than the actor.
 *
 * <p>Every grant, use, expiry, revocation and denial is an audit record in the given {@link
 * AuditLog} (source {@value #AUDIT_SOURCE}; types {@link AuditType#GRANTED}, {@link
 * AuditType#GRANT_USED}, {@link AuditType#GRANT_EXPIRED}, {@link AuditType#GRANT_REVOKED}, {@link
 * AuditType#ACCESS_DENIED}), written before the answer is returned, so with a {@link
 * dev.nines.failover.audit.FileAuditSink} the record is on disk before the action proceeds. A grant
 * or a use whose record cannot be made durable does not happen: the grant is not created ({@link
 * IOException}), the use is denied.
 *
 * <p>Ending access fails safe instead: a revocation or an expiry takes effect first and is recorded
 * after, so a broken audit sink can never keep a grant alive. {@link #revoke} and {@link #expire()}
 * then throw {@link IOException} if the record could not be made durable; the record stays in memory
 * and in every sink that took it, and the sink failure is also logged, counted and published by the
 * {@link AuditLog}. Where the store cannot throw (the lazy expiries and the denials inside {@link
 * #authorize}, whose contract is to answer, and {@link #liveGrants()}) the record is appended and
 * awaited just as durably, a failure reaches the caller only through the {@link AuditLog}'s sink
 * failure channel ({@link AuditLog#sinkFailures()}, {@link AuditLog#onSinkFailure}), and a denial
 * whose record failed says so in its reason.
 *
 * <p>Revocation is not itself an authorized action: whoever holds the store may revoke any grant,
 * and the record names them ({@code by}). Removing access must never wait for a grant, just as
 * aborting a switchover is not guarded; granting, which adds access, needs an approver.
 *
 * <p>Expiry is noticed lazily, on the next {@link #grant}, {@link #authorize}, {@link #revoke},
 * {@link #expire()} or {@link #liveGrants()} at or after the expiry instant, and audited once. Time
 * comes from the injected {@link TimeSource}; nothing runs in the background.
 *
 * <p>Thread-safe. No audit record is written under the store's lock. Each grant ends (revoked or
 * expired) exactly once, with exactly one record. A use holds its grant's own read lock while its
 * record is written, and ending a grant takes that lock's write side, so a revocation or expiry waits
 * for the uses of that grant already being recorded (at most one sink write each) and lets no use
 * through after it: once {@link #revoke} returns or throws, the grant permits nothing, and in the
 * audit log no {@link AuditType#GRANT_USED} of a grant follows its {@link AuditType#GRANT_REVOKED}
 * or {@link AuditType#GRANT_EXPIRED}. (The one exception: an {@link AuditLog#onSinkFailure}
 * listener that ends grants while its thread records a use cannot wait for that use; the grants end
 * at once, and a use of them being recorded on another thread is denied after its record.) A permitted action still runs after {@link #authorize} has returned, so
 * it may complete after a revocation that came later.
 *
 * <pre>{@code
 * GrantStore grants = GrantStore.create(time, auditLog, Duration.ofHours(4));
 * grants.grant("alice", ManualAction.FORCE_FAILOVER, "orders-db/*", Duration.ofHours(1),
 *         "INC-4711: db-1 disk failing", "bob");
 * GuardedFailover guarded = GuardedFailover.of(controller, grants);
 * guarded.forceFailover("alice", "db-2", "INC-4711");   // audited use; after an hour, denied
 * }</pre>
 */
public final class GrantStore implements Authorizer {

    /** The {@code source} of every audit record this store writes. */
    public static final String AUDIT_SOURCE = "access";

    private enum State {
        EXPIRED,
        REVOKED
    }

    /** How a grant ended. */
    private record End(State state, String description) {}

    private static final class Entry {
        final Grant grant;
        /** Empty while live; set once, by compare-and-set, when the grant ends. */
        final AtomicReference<@Nullable End> end = new AtomicReference<>();
        /** Read side held while a use is recorded; write side taken to end the grant. */
        final ReentrantReadWriteLock uses = new ReentrantReadWriteLock();

        Entry(Grant grant) {
            this.grant = grant;
        }

        boolean isLive() {
            return end.get() == null;
        }
    }

    /** How many uses this thread is recording (an audit listener may call back into a store). */
    private static final ThreadLocal<int[]> RECORDING_USES = ThreadLocal.withInitial(() -> new int[1]);

    private final TimeSource time;
    private final AuditLog audit;
    private final Duration maxDuration;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Entry> grants = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    private GrantStore(TimeSource time, AuditLog audit, Duration maxDuration) {
        this.time = time;
        this.audit = audit;
        this.maxDuration = maxDuration;
    }

    /**
     * Creates an empty store whose grants last at most {@code maxDuration}.
     *
     * @param time the clock for grant times and expiry
     * @param audit where every grant, use, expiry and denial is recorded
     * @param maxDuration the longest a grant may last, positive
     * @return a new store
     * @throws IllegalArgumentException if {@code maxDuration} is not positive
     */
    public static GrantStore create(TimeSource time, AuditLog audit, Duration maxDuration) {
        return new GrantStore(
                Objects.requireNonNull(time, "time"),
                Objects.requireNonNull(audit, "audit"),
                Arguments.positive("maxDuration", maxDuration));
    }

    /**
     * Creates an empty store whose grants last at most 12 hours.
     *
     * @param time the clock
     * @param audit the audit log
     * @return a new store
     */
    public static GrantStore create(TimeSource time, AuditLog audit) {
        return create(time, audit, Duration.ofHours(12));
    }

    /**
     * Grants {@code actor} the right to {@code action} on targets in {@code scope} from now for
     * {@code validFor}, as approved by {@code approver}.
     *
     * @param actor who may act
     * @param action what they may do
     * @param scope an exact target or a prefix ending in {@code *}
     * @param validFor how long, positive and at most the store's maximum
     * @param reason why (a ticket, an incident)
     * @param approver who approves; must not be the actor
     * @return the grant, live until {@code now + validFor}
     * @throws IllegalArgumentException naming the field and value if a string is blank or {@code
     *     validFor} is not in (0, maxDuration]
     * @throws AccessDeniedException if the approver is the actor (audited as a denial; no grant); if
     *     the denial's record could not be made durable, that {@link IOException} is suppressed in it
     * @throws IOException if the grant's audit record could not be made durable (no grant)
     */
    public Grant grant(
            String actor, ManualAction action, String scope, Duration validFor, String reason, String approver)
            throws IOException {
        Arguments.notBlank("actor", actor);
        Objects.requireNonNull(action, "action");
        Arguments.notBlank("scope", scope);
        Arguments.positive("validFor", validFor);
        if (validFor.compareTo(maxDuration) > 0) {
            throw new IllegalArgumentException(
                    "validFor must be at most maxDuration " + maxDuration + ", was " + validFor);
        }
        Arguments.notBlank("reason", reason);
        Arguments.notBlank("approver", approver);
        expireDue();
        if (approver.equals(actor)) {
            AccessRequest request = AccessRequest.of(actor, action, scope, reason);
            String why = "a grant needs an approver other than the actor; " + actor + " approved their own";
            AccessDeniedException denied = new AccessDeniedException(request, why);
            try {
                recordDenial(request, why);
            } catch (IOException e) {
                denied.addSuppressed(e);
            }
            throw denied;
        }
        Instant now = time.now();
        Grant grant =
                new Grant("g" + ids.incrementAndGet(), actor, action, scope, approver, reason, now, now.plus(validFor));
        audit.appendDurably(AuditType.GRANTED, AUDIT_SOURCE, approver, reason, 0, inputs(grant));
        lock.lock();
        try {
            grants.put(grant.id(), new Entry(grant));
        } finally {
            lock.unlock();
        }
        return grant;
    }

    /**
     * Permits the request if a live grant covers its actor, action and target, recording the use
     * durably first; otherwise denies it, recording the denial. Never throws for a well-formed
     * request: a use whose record cannot be made durable is denied, and a denial whose record cannot
     * be made durable is still a denial, whose reason then says so (the {@link AuditLog} has logged,
     * counted and published the sink failure). Due grants are expired first (see the class javadoc).
     *
     * @param request what is asked
     * @return {@link Authorization.Permitted} with the grant, or {@link Authorization.Denied} with why
     */
    @Override
    public Authorization authorize(AccessRequest request) {
        Objects.requireNonNull(request, "request");
        expireDue();
        List<Entry> candidates = new ArrayList<>();
        lock.lock();
        try {
            for (Entry entry : grants.values()) {
                Grant g = entry.grant;
                if (g.actor().equals(request.actor()) && g.action() == request.action() && g.covers(request.target())) {
                    candidates.add(entry);
                }
            }
        } finally {
            lock.unlock();
        }
        String why = "no grant for " + request.actor() + " to " + request.action() + " on " + request.target();
        for (Entry entry : candidates) {
            Grant g = entry.grant;
            entry.uses.readLock().lock();
            try {
                End end = entry.end.get();
                Instant now = time.now();
                if (end == null && g.liveAt(now)) {
                    return use(entry, request);
                }
                why = "grant " + g.id() + " " + (end == null ? "expired at " + g.expiresAt() : end.description());
            } finally {
                entry.uses.readLock().unlock();
            }
        }
        return deny(request, why);
    }

    /** Records a use of a live grant; called holding the grant's read lock. */
    private Authorization use(Entry entry, AccessRequest request) {
        Grant live = entry.grant;
        Map<String, String> inputs = inputs(live);
        inputs.put("target", request.target());
        int[] recording = RECORDING_USES.get();
        recording[0]++;
        try {
            audit.appendDurably(AuditType.GRANT_USED, AUDIT_SOURCE, request.actor(), request.reason(), 0, inputs);
        } catch (IOException e) {
            return deny(request, "the use of grant " + live.id() + " could not be recorded durably: " + e.getMessage());
        } finally {
            recording[0]--;
        }
        End end = entry.end.get();
        if (end != null) {
            // Only when a sink-failure listener ended the grant without waiting (see the class javadoc).
            return deny(request, "grant " + live.id() + " " + end.description() + " while its use was recorded");
        }
        return new Authorization.Permitted(live.id(), live.expiresAt());
    }

    /**
     * Revokes a live grant now. The revocation takes effect before its record is written, so a
     * failing audit sink cannot keep the grant alive; the caller learns of that failure from the
     * {@link IOException}. It waits for uses of this grant already being recorded; once it returns
     * or throws, the grant permits nothing. Not itself authorized: see the class javadoc.
     *
     * @param grantId the grant
     * @param by who revokes (named in the record)
     * @param reason why
     * @return {@code true} if the grant was live and is now revoked, {@code false} if it was unknown
     *     or had already ended (expired or revoked; nothing is recorded then)
     * @throws IllegalArgumentException naming the field and value if a string is blank
     * @throws IOException if the revocation's record could not be made durable in every sink; the
     *     grant is revoked nonetheless, and the record is kept in memory and in the sinks that took it
     */
    public boolean revoke(String grantId, String by, String reason) throws IOException {
        Arguments.notBlank("grantId", grantId);
        Arguments.notBlank("by", by);
        Arguments.notBlank("reason", reason);
        expireDue();
        @Nullable Entry entry;
        lock.lock();
        try {
            entry = grants.get(grantId);
        } finally {
            lock.unlock();
        }
        if (entry == null
                || !end(entry, new End(State.REVOKED, "was revoked by " + by + " at " + time.now() + ": " + reason))) {
            return false;
        }
        audit.appendDurably(AuditType.GRANT_REVOKED, AUDIT_SOURCE, by, reason, 0, inputs(entry.grant));
        return true;
    }

    /**
     * Ends every live grant whose expiry has come, recording each expiry once. Every due grant ends
     * and every record is attempted even if a sink fails.
     *
     * @return the grants that expired in this call
     * @throws IOException if any expiry record could not be made durable in every sink (the first
     *     failure, the others suppressed); the grants have expired nonetheless, and the records are
     *     kept in memory and in the sinks that took them
     */
    public List<Grant> expire() throws IOException {
        List<Grant> expired = endDue();
        @Nullable IOException failure = null;
        for (Grant g : expired) {
            try {
                audit.appendDurably(
                        AuditType.GRANT_EXPIRED, AUDIT_SOURCE, g.actor(), "expired at " + g.expiresAt(), 0, inputs(g));
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return expired;
    }

    /** Expires the due grants where the caller cannot throw; a sink failure reaches the audit log's channel. */
    private void expireDue() {
        for (Grant g : endDue()) {
            audit.append(AuditType.GRANT_EXPIRED, AUDIT_SOURCE, g.actor(), "expired at " + g.expiresAt(), 0, inputs(g));
        }
    }

    /** Ends the due grants (each exactly once, across threads) and returns them; records nothing. */
    private List<Grant> endDue() {
        Instant now = time.now();
        List<Entry> due = new ArrayList<>();
        lock.lock();
        try {
            for (Entry entry : grants.values()) {
                if (entry.isLive() && !now.isBefore(entry.grant.expiresAt())) {
                    due.add(entry);
                }
            }
        } finally {
            lock.unlock();
        }
        List<Grant> expired = new ArrayList<>();
        for (Entry entry : due) {
            if (end(entry, new End(State.EXPIRED, "expired at " + entry.grant.expiresAt()))) {
                expired.add(entry.grant);
            }
        }
        return List.copyOf(expired);
    }

    /**
     * Ends a live grant, waiting for its uses being recorded; {@code true} if this call ended it. A
     * thread that is itself recording a use (a sink-failure listener calling back) never waits, so
     * no thread holding a grant's read lock waits for a write lock and no cycle can form: it ends the
     * grant at once, and a use being recorded elsewhere is denied after its record.
     */
    private boolean end(Entry entry, End end) {
        boolean locked;
        if (RECORDING_USES.get()[0] == 0) {
            entry.uses.writeLock().lock();
            locked = true;
        } else {
            locked = entry.uses.writeLock().tryLock();
        }
        try {
            return entry.end.compareAndSet(null, end);
        } finally {
            if (locked) {
                entry.uses.writeLock().unlock();
            }
        }
    }

    /**
     * Returns the grants live now, oldest first (expiring the due ones first; a failure to record
     * an expiry reaches the audit log's sink-failure channel, not the caller).
     *
     * @return a snapshot
     */
    public List<Grant> liveGrants() {
        expireDue();
        List<Grant> out = new ArrayList<>();
        lock.lock();
        try {
            for (Entry entry : grants.values()) {
                if (entry.isLive()) {
                    out.add(entry.grant);
                }
            }
        } finally {
            lock.unlock();
        }
        return List.copyOf(out);
    }

    /**
     * Returns a grant by id, live or ended.
     *
     * @param grantId the id
     * @return the grant, empty if unknown
     */
    public Optional<Grant> find(String grantId) {
        lock.lock();
        try {
            @Nullable Entry entry = grants.get(grantId);
            return entry == null ? Optional.empty() : Optional.of(entry.grant);
        } finally {
            lock.unlock();
        }
    }

    /** Records a denial durably where it can and returns it; a record that failed is named in the reason. */
    private Authorization.Denied deny(AccessRequest request, String why) {
        try {
            recordDenial(request, why);
            return new Authorization.Denied(why);
        } catch (IOException e) {
            return new Authorization.Denied(
                    why + " (the denial's record could not be made durable: " + e.getMessage() + ")");
        }
    }

    private void recordDenial(AccessRequest request, String why) throws IOException {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("actor", request.actor());
        inputs.put("action", request.action().name());
        inputs.put("target", request.target());
        inputs.put("request", request.reason());
        audit.appendDurably(AuditType.ACCESS_DENIED, AUDIT_SOURCE, request.actor(), why, 0, inputs);
    }

    private static Map<String, String> inputs(Grant g) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("grant", g.id());
        inputs.put("actor", g.actor());
        inputs.put("action", g.action().name());
        inputs.put("scope", g.scope());
        inputs.put("approver", g.approver());
        inputs.put("grantedAt", g.grantedAt().toString());
        inputs.put("expiresAt", g.expiresAt().toString());
        return inputs;
    }

    @Override
    public String toString() {
        return "GrantStore[" + liveGrants().size() + " live]";
    }
}
