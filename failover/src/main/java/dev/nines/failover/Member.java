package dev.nines.failover;

import dev.nines.core.internal.Arguments;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A member of a failover group as configured: its id, promotion priority (higher is preferred),
 * replication mode and tags.
 *
 * <p>Immutable. The tag {@link #NO_FAILOVER} keeps a member from ever being promoted automatically
 * (it may still be forced).
 *
 * <pre>{@code
 * Member replica = Member.of("db-2").withPriority(10).withReplication(Replication.SYNC);
 * }</pre>
 *
 * @param id the unique, non-blank member id
 * @param priority the promotion priority; higher wins when lags are equal
 * @param replication how the member replicates
 * @param tags free-form tags, such as {@link #NO_FAILOVER}
 */
public record Member(String id, int priority, Replication replication, Set<String> tags) {

    /** The tag that excludes a member from automatic promotion. */
    public static final String NO_FAILOVER = "nofailover";

    /**
     * Checks and copies the fields.
     *
     * @throws IllegalArgumentException if {@code id} is blank
     */
    public Member {
        Arguments.notBlank("id", id);
        Objects.requireNonNull(replication, "replication");
        tags = Set.copyOf(new TreeSet<>(Objects.requireNonNull(tags, "tags")));
    }

    /**
     * Returns an asynchronous member with priority 0 and no tags.
     *
     * @param id the member id
     * @return a new member
     */
    public static Member of(String id) {
        return new Member(id, 0, Replication.ASYNC, Set.of());
    }

    /**
     * Returns a copy with the given priority.
     *
     * @param priority the priority; higher is preferred
     * @return a new member
     */
    public Member withPriority(int priority) {
        return new Member(id, priority, replication, tags);
    }

    /**
     * Returns a copy with the given replication mode.
     *
     * @param replication the replication mode
     * @return a new member
     */
    public Member withReplication(Replication replication) {
        return new Member(id, priority, replication, tags);
    }

    /**
     * Returns a copy with one more tag.
     *
     * @param tag the tag, not blank
     * @return a new member
     */
    public Member withTag(String tag) {
        Set<String> next = new TreeSet<>(tags);
        next.add(Arguments.notBlank("tag", tag));
        return new Member(id, priority, replication, next);
    }

    /**
     * Returns whether the member carries {@code tag}.
     *
     * @param tag the tag
     * @return {@code true} if tagged
     */
    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }
}
