package dev.nines.failover;

import dev.nines.core.health.Hysteresis;
import dev.nines.failover.lease.ControllerRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The members of one group, in configuration order, and which of them is the primary. Guarded by
 * the controller's lock.
 */
final class Membership {

    private final String group;
    private final Map<String, MemberState> members = new LinkedHashMap<>();
    private MemberState primary;
    private @Nullable String previousPrimary;

    Membership(String group, List<Member> configured, Member configuredPrimary, FailoverConfig config) {
        this.group = group;
        @Nullable MemberState first = null;
        for (Member member : configured) {
            boolean isPrimary = member.id().equals(configuredPrimary.id()); // ids are unique (checked by the builder)
            MemberState state = new MemberState(
                    member,
                    isPrimary ? Role.PRIMARY : Role.STANDBY,
                    Hysteresis.of(config.failureThreshold(), config.successThreshold()));
            members.put(member.id(), state);
            if (isPrimary) {
                first = state;
            }
        }
        this.primary = Objects.requireNonNull(first, "primary");
    }

    MemberState primary() {
        return primary;
    }

    /** The primary replaced by the latest promotion, or {@code null} before the first. */
    @Nullable
    String previousPrimary() {
        return previousPrimary;
    }

    /** The member with this id, or {@code null}. */
    @Nullable
    MemberState find(String memberId) {
        return members.get(memberId);
    }

    /**
     * Returns the member with this id.
     *
     * @throws IllegalArgumentException if there is no such member
     */
    MemberState require(String memberId) {
        Objects.requireNonNull(memberId, "memberId");
        MemberState member = members.get(memberId);
        if (member == null) {
            throw new IllegalArgumentException("memberId must name a member of " + group + ", was " + memberId);
        }
        return member;
    }

    Collection<MemberState> all() {
        return members.values();
    }

    List<MemberStatus> statuses() {
        List<MemberStatus> out = new ArrayList<>(members.size());
        for (MemberState member : members.values()) {
            out.add(member.status());
        }
        return List.copyOf(out);
    }

    /** The inputs every audit record carries: the primary, the epoch, and each member's health and lag. */
    Map<String, String> inputs(long epoch) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("primary", primary.member.id());
        inputs.put("epoch", Long.toString(epoch));
        for (MemberState member : members.values()) {
            inputs.put("health." + member.member.id(), member.health().name());
            inputs.put("lag." + member.member.id(), member.lag.toString());
        }
        return inputs;
    }

    /** Makes {@code target} the primary and fences the old one, which it returns. */
    MemberState promote(MemberState target) {
        MemberState old = primary;
        old.role = Role.FENCED;
        target.role = Role.PRIMARY;
        primary = target;
        previousPrimary = old.member.id();
        return old;
    }

    /**
     * Takes the roles from a stored record: its primary, its fenced members, and the primary its last
     * transition replaced.
     *
     * @throws IllegalStateException if the record names a primary that is not a member
     */
    void restore(ControllerRecord record) {
        MemberState stored = members.get(record.primary());
        if (stored == null) {
            throw new IllegalStateException(
                    "the stored state of " + group + " names primary " + record.primary() + ", which is not a member");
        }
        for (MemberState member : members.values()) {
            member.role = member == stored
                    ? Role.PRIMARY
                    : record.fenced().contains(member.member.id()) ? Role.FENCED : Role.STANDBY;
        }
        primary = stored;
        Optional<ControllerRecord.Transition> last = record.lastTransition();
        previousPrimary = last.map(ControllerRecord.Transition::from).orElse(null);
    }
}
