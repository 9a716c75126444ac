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
import java.util.concurrent.locks.ReentrantLock;
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
 * <p>Expiry is noticed lazily, on the next {@link #grant}, {@link #authorize}, {@link #expire()} or
 * {@link #liveGrants()} at or after the expiry instant, and audited once. Time comes from the
 * injected {@link TimeSource}; nothing runs in the background.
 *
 * <p>Thread-safe. A revocation racing a use of the same grant may let that one use through (it is
 * audited).
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
        LIVE,
        EXPIRED,
        REVOKED
    }

    private static final class Entry {
        final Grant grant;
        State state = State.LIVE;
        String ended = "";

        Entry(Grant grant) {
            this.grant = grant;
        }
    }

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
     * @throws AccessDeniedException if the approver is the actor (audited as a denial; no grant)
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
        expire();
        if (approver.equals(actor)) {
            AccessRequest request = AccessRequest.of(actor, action, scope, reason);
            String why = "a grant needs an approver other than the actor; " + actor + " approved their own";
            deny(request, why);
            throw new AccessDeniedException(request, why);
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
     * request.
     *
     * @param request what is asked
     * @return {@link Authorization.Permitted} with the grant, or {@link Authorization.Denied} with why
     */
    @Override
    public Authorization authorize(AccessRequest request) {
        Objects.requireNonNull(request, "request");
        expire();
        Instant now = time.now();
        Grant live = null;
        String why = "no grant for " + request.actor() + " to " + request.action() + " on " + request.target();
        lock.lock();
        try {
            for (Entry entry : grants.values()) {
                Grant g = entry.grant;
                if (!g.actor().equals(request.actor())
                        || g.action() != request.action()
                        || !g.covers(request.target())) {
                    continue;
                }
                if (entry.state == State.LIVE && g.liveAt(now)) {
                    live = g;
                    break;
                }
                why = "grant " + g.id() + " " + entry.ended;
            }
        } finally {
            lock.unlock();
        }
        if (live == null) {
            deny(request, why);
            return new Authorization.Denied(why);
        }
        Map<String, String> inputs = inputs(live);
        inputs.put("target", request.target());
        try {
            audit.appendDurably(AuditType.GRANT_USED, AUDIT_SOURCE, request.actor(), request.reason(), 0, inputs);
        } catch (IOException e) {
            String failed = "the use of grant " + live.id() + " could not be recorded durably: " + e.getMessage();
            deny(request, failed);
            return new Authorization.Denied(failed);
        }
        return new Authorization.Permitted(live.id(), live.expiresAt());
    }

    /**
     * Revokes a live grant now.
     *
     * @param grantId the grant
     * @param by who revokes
     * @param reason why
     * @return {@code true} if the grant was live and is now revoked, {@code false} if it was unknown
     *     or had already ended
     * @throws IllegalArgumentException naming the field and value if a string is blank
     */
    public boolean revoke(String grantId, String by, String reason) {
        Arguments.notBlank("grantId", grantId);
        Arguments.notBlank("by", by);
        Arguments.notBlank("reason", reason);
        expire();
        Grant revoked;
        lock.lock();
        try {
            Entry entry = grants.get(grantId);
            if (entry == null || entry.state != State.LIVE) {
                return false;
            }
            entry.state = State.REVOKED;
            entry.ended = "was revoked by " + by + " at " + time.now() + ": " + reason;
            revoked = entry.grant;
        } finally {
            lock.unlock();
        }
        audit.append(AuditType.GRANT_REVOKED, AUDIT_SOURCE, by, reason, 0, inputs(revoked));
        return true;
    }

    /**
     * Ends every live grant whose expiry has come, recording each expiry once.
     *
     * @return the grants that expired in this call
     */
    public List<Grant> expire() {
        Instant now = time.now();
        List<Grant> expired = new ArrayList<>();
        lock.lock();
        try {
            for (Entry entry : grants.values()) {
                if (entry.state == State.LIVE && !now.isBefore(entry.grant.expiresAt())) {
                    entry.state = State.EXPIRED;
                    entry.ended = "expired at " + entry.grant.expiresAt();
                    expired.add(entry.grant);
                }
            }
        } finally {
            lock.unlock();
        }
        for (Grant g : expired) {
            audit.append(AuditType.GRANT_EXPIRED, AUDIT_SOURCE, g.actor(), "expired at " + g.expiresAt(), 0, inputs(g));
        }
        return List.copyOf(expired);
    }

    /**
     * Returns the grants live now, oldest first (expiring the due ones first).
     *
     * @return a snapshot
     */
    public List<Grant> liveGrants() {
        expire();
        List<Grant> out = new ArrayList<>();
        lock.lock();
        try {
            for (Entry entry : grants.values()) {
                if (entry.state == State.LIVE) {
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

    private void deny(AccessRequest request, String why) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("actor", request.actor());
        inputs.put("action", request.action().name());
        inputs.put("target", request.target());
        inputs.put("request", request.reason());
        audit.append(AuditType.ACCESS_DENIED, AUDIT_SOURCE, request.actor(), why, 0, inputs);
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
