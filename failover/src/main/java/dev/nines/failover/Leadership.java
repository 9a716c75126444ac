package dev.nines.failover;

import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStoreException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance may act, and, with durable state, the writes that must precede every change:
 * a tenure new to this instance loads the stored record (handed to {@code resume}) before anything
 * else happens, and promotions, rejoins and acknowledgements are written by compare-and-set under the
 * current lease. Guarded by the controller's lock.
 */
final class Leadership {

    /** Logs under the controller's name, where operators already look. */
    private static final Logger LOG = LoggerFactory.getLogger(FailoverController.class);

    private final String group;
    private final BooleanSupplier leader;
    private final @Nullable DurableState durable;
    private final Supplier<ControllerRecord> initial;
    private final Consumer<ControllerRecord> resume;
    private @Nullable Lease tenure;

    /**
     * @param durable the durable state, or {@code null} for none
     * @param initial the record to store when nothing is stored yet
     * @param resume applies a loaded record to the controller
     */
    Leadership(
            String group,
            BooleanSupplier leader,
            @Nullable DurableState durable,
            Supplier<ControllerRecord> initial,
            Consumer<ControllerRecord> resume) {
        this.group = group;
        this.leader = leader;
        this.durable = durable;
        this.initial = initial;
        this.resume = resume;
    }

    /** Whether changes are written to durable state first. */
    boolean isDurable() {
        return durable != null;
    }

    /**
     * Whether this instance may act now. With durable state it must also hold a lease, and a tenure
     * new to it first loads the stored record (applied before anything else happens).
     */
    boolean leads() {
        if (!leader.getAsBoolean()) {
            return false;
        }
        if (durable == null) {
            return true;
        }
        try {
            Optional<DurableState.Tenure> current = durable.lead(initial.get());
            if (current.isEmpty()) {
                return false;
            }
            tenure = current.get().lease();
            current.get().loaded().ifPresent(resume);
            return true;
        } catch (LeaseStoreException | RuntimeException e) {
            LOG.warn(
                    "Controller {} cannot load its durable state; it does not act until it can: {}",
                    group,
                    e.toString());
            return false;
        }
    }

    /** With durable state, loads the stored record if this instance leads in a tenure new to it. */
    void resumeIfLeading() {
        if (durable != null) {
            leads();
        }
    }

    /** The last record read or written; only with durable state. */
    ControllerRecord record() {
        return durable().record();
    }

    /** Writes a promotion's record; returns why it could not, or {@code null} when written. */
    @Nullable
    String reserve(ControllerRecord next) {
        try {
            return durable().commit(Objects.requireNonNull(tenure, "tenure, set by leads()"), next)
                    ? null
                    : "the lease ended or another replica changed the stored state (it is reloaded)";
        } catch (LeaseStoreException e) {
            return "the state store did not answer (" + e.getMessage() + ")";
        }
    }

    /** After a reserved promotion failed: the old primary stays, the epoch stays spent. */
    void recordFailedPromotion(ControllerRecord before, long spentEpoch) {
        ControllerRecord reserved = durable().record();
        ControllerRecord back = new ControllerRecord(
                reserved.version() + 1,
                spentEpoch,
                before.primary(),
                before.fenced(),
                before.transitions(),
                before.acknowledged());
        String refusal = reserve(back);
        if (refusal != null) {
            LOG.error(
                    "Controller {}: the promotion at epoch {} failed, and recording that failed too: {}; the next"
                            + " leader will see the promoted member as primary",
                    group,
                    spentEpoch,
                    refusal);
        }
    }

    /**
     * Writes {@code change} of the current record (a rejoin or an acknowledgement); only the leader may.
     *
     * @throws IllegalStateException if this instance does not lead or the write was refused
     */
    void record(UnaryOperator<ControllerRecord> change, String what) {
        if (!leads()) {
            throw new IllegalStateException(
                    "only the leader records " + what + "; this instance does not lead " + group);
        }
        String refusal = reserve(change.apply(durable().record()));
        if (refusal != null) {
            throw new IllegalStateException("could not record " + what + ": " + refusal);
        }
    }

    /** The durable state; only called with durable state. */
    private DurableState durable() {
        return Objects.requireNonNull(durable, "durable state");
    }
}
