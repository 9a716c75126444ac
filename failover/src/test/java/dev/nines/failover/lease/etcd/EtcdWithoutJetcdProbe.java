package dev.nines.failover.lease.etcd;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Connects an {@link EtcdLeaseStore} the way an application does, by a direct call; loaded by
 * {@code WithoutOptionalDependenciesTest} in a class loader without jetcd. Returns what each way of
 * connecting threw, as {@code ExceptionClass: message} lines.
 */
public final class EtcdWithoutJetcdProbe implements Supplier<String> {

    @Override
    public String get() {
        return attempt(() -> EtcdLeaseStore.connect("http://127.0.0.1:2379")) + "\n"
                + attempt(() -> EtcdLeaseStore.connect("http://127.0.0.1:2379", "/nines", Duration.ofSeconds(2)));
    }

    private interface Connect {
        EtcdLeaseStore connect() throws Exception;
    }

    private static String attempt(Connect connect) {
        try (EtcdLeaseStore store = connect.connect()) {
            return "connected to " + store.describe();
        } catch (Exception | LinkageError e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
