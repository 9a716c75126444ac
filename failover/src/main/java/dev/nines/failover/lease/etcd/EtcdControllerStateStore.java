package dev.nines.failover.lease.etcd;

import dev.nines.core.internal.Arguments;
import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseStoreException;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link ControllerStateStore} of an {@link EtcdLeaseStore}. The record of group {@code G} is the
 * key {@code PREFIX/state/G}; the record's version is the key's etcd version (1 after the first put,
 * one more per put), so compare-and-set on the version is a compare on the key's version. The epoch is
 * also kept, zero-padded so that etcd's byte-wise comparison orders it numerically, in
 * {@code PREFIX/epoch/G}. One transaction compares the version, the epoch and the writer's lease key
 * (holder and create revision: the key exists only while its etcd lease is unexpired at the server)
 * and writes both keys.
 */
final class EtcdControllerStateStore implements ControllerStateStore {

    private final JetcdLeaseStore store;

    EtcdControllerStateStore(JetcdLeaseStore store) {
        this.store = store;
    }

    @Override
    public Optional<ControllerRecord> load(String group) throws LeaseStoreException {
        Arguments.notBlank("group", group);
        List<KeyValue> kvs = store.await(
                        store.client().getKVClient().get(stateKey(group)), "read the state of " + group)
                .getKvs();
        if (kvs.isEmpty()) {
            return Optional.empty();
        }
        KeyValue kv = kvs.get(0);
        try {
            return Optional.of(ControllerRecord.decode(kv.getVersion(), JetcdLeaseStore.text(kv.getValue())));
        } catch (IllegalArgumentException e) {
            throw new LeaseStoreException(
                    store.describe() + ": the state of " + group + " at " + JetcdLeaseStore.text(stateKey(group))
                            + " is not a controller record: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public boolean compareAndSet(String group, Lease lease, ControllerRecord next) throws LeaseStoreException {
        Arguments.notBlank("group", group);
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(next, "next");
        ByteSequence state = stateKey(group);
        ByteSequence epoch = store.key("/epoch/" + group);
        List<Cmp> conditions = new ArrayList<>(List.of(JetcdLeaseStore.isTenure(store.leaseKey(lease.name()), lease)));
        conditions.add(new Cmp(state, Cmp.Op.EQUAL, CmpTarget.version(next.version() - 1)));
        if (next.version() > 1) {
            // stored epoch < next.epoch + 1, that is stored <= next.epoch
            conditions.add(new Cmp(epoch, Cmp.Op.LESS, CmpTarget.value(padded(next.epoch() + 1))));
        }
        return store.await(
                        store.client()
                                .getKVClient()
                                .txn()
                                .If(conditions.toArray(new Cmp[0]))
                                .Then(
                                        Op.put(state, JetcdLeaseStore.bytes(next.encode()), PutOption.DEFAULT),
                                        Op.put(epoch, padded(next.epoch()), PutOption.DEFAULT))
                                .commit(),
                        "write the state of " + group)
                .isSucceeded();
    }

    private ByteSequence stateKey(String group) {
        return store.key("/state/" + group);
    }

    private static ByteSequence padded(long epoch) {
        if (epoch < 0) {
            return JetcdLeaseStore.bytes("");
        }
        return JetcdLeaseStore.bytes(String.format("%019d", epoch));
    }

    @Override
    public String toString() {
        return "EtcdControllerStateStore[" + store.describe() + "]";
    }
}
