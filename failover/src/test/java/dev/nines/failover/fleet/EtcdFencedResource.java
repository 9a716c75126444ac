package dev.nines.failover.fleet;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fenced resource in etcd: key {@code PREFIX/epoch} holds the highest accepted epoch, zero-padded so
 * that etcd's byte-wise value comparison orders epochs numerically; each accepted write also creates
 * {@code PREFIX/log/WRITER/SEQ} in the same transaction, and the keys' create revisions order the log.
 */
final class EtcdFencedResource implements FencedResource {

    private final Client client;
    private final ByteSequence epochKey;
    private final String logPrefix;
    private final AtomicLong sequence = new AtomicLong();

    EtcdFencedResource(String endpoints, String prefix) throws Exception {
        this.client = Client.builder().endpoints(endpoints.split(",")).build();
        this.epochKey = bytes(prefix + "/epoch");
        this.logPrefix = prefix + "/log/";
        client.getKVClient()
                .txn()
                .If(new Cmp(epochKey, Cmp.Op.EQUAL, CmpTarget.version(0)))
                .Then(Op.put(epochKey, bytes(padded(0)), PutOption.DEFAULT))
                .commit()
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public boolean write(long epoch, String writer) throws Exception {
        // stored < epoch + 1, that is stored <= epoch
        ByteSequence logKey = bytes(logPrefix + writer + "/" + padded(sequence.incrementAndGet()));
        return client.getKVClient()
                .txn()
                .If(new Cmp(epochKey, Cmp.Op.LESS, CmpTarget.value(bytes(padded(epoch + 1)))))
                .Then(
                        Op.put(epochKey, bytes(padded(epoch)), PutOption.DEFAULT),
                        Op.put(logKey, bytes(Long.toString(epoch)), PutOption.DEFAULT))
                .commit()
                .get(2, TimeUnit.SECONDS)
                .isSucceeded();
    }

    @Override
    public List<Write> log() throws Exception {
        ByteSequence prefix = bytes(logPrefix);
        List<KeyValue> kvs = new ArrayList<>(client.getKVClient()
                .get(prefix, GetOption.builder().isPrefix(true).build())
                .get(10, TimeUnit.SECONDS)
                .getKvs());
        kvs.sort(Comparator.comparingLong(KeyValue::getCreateRevision));
        List<Write> log = new ArrayList<>();
        for (KeyValue kv : kvs) {
            String key = kv.getKey().toString(StandardCharsets.UTF_8).substring(logPrefix.length());
            String writer = key.substring(0, key.lastIndexOf('/'));
            log.add(new Write(Long.parseLong(kv.getValue().toString(StandardCharsets.UTF_8)), writer));
        }
        return log;
    }

    @Override
    public void close() {
        client.close();
    }

    private static String padded(long value) {
        return String.format("%019d", value);
    }

    private static ByteSequence bytes(String text) {
        return ByteSequence.from(text, StandardCharsets.UTF_8);
    }
}
