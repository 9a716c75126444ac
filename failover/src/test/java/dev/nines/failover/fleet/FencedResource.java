package dev.nines.failover.fleet;

import java.util.List;

/**
 * The resource the fleet protects: a store-side fence that accepts a write only with an epoch at least
 * the highest it has accepted, and keeps a log of the writes it accepted, in acceptance order. A test
 * reads the log to prove that no two members could write at the same epoch.
 */
interface FencedResource extends AutoCloseable {

    /** One accepted write: the epoch it carried and the member incarnation that made it. */
    record Write(long epoch, String writer) {}

    /**
     * Writes as {@code writer} with {@code epoch}.
     *
     * @return {@code true} if accepted, {@code false} if a newer epoch had been accepted
     * @throws Exception if the store could not be reached (the write may or may not have happened)
     */
    boolean write(long epoch, String writer) throws Exception;

    /** Every accepted write, in the order the resource accepted them. */
    List<Write> log() throws Exception;

    /** Opens the resource named by {@code spec}: {@code etcd|ENDPOINTS|PREFIX} or {@code JDBC-URL#TABLE}. */
    static FencedResource open(String spec) throws Exception {
        if (spec.startsWith("etcd|")) {
            String[] parts = spec.split("\\|", 3);
            return new EtcdFencedResource(parts[1], parts[2]);
        }
        int hash = spec.lastIndexOf('#');
        return new JdbcFencedResource(spec.substring(0, hash), spec.substring(hash + 1));
    }

    @Override
    void close();
}
