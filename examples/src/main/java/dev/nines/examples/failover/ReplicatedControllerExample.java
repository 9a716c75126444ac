package dev.nines.examples.failover;

import dev.nines.core.health.HealthResult;
import dev.nines.core.time.ManualTimeSource;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.Decision;
import dev.nines.failover.FailoverConfig;
import dev.nines.failover.FailoverController;
import dev.nines.failover.FailoverEvent;
import dev.nines.failover.Lag;
import dev.nines.failover.Member;
import dev.nines.failover.MemberStatus;
import dev.nines.failover.Role;
import dev.nines.failover.Trigger;
import dev.nines.failover.fence.Fence;
import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.LeadershipLease;
import dev.nines.failover.lease.LeaseConfig;
import dev.nines.failover.lease.LeaseStore;
import dev.nines.failover.lease.LeaseStoreException;
import dev.nines.failover.lease.etcd.EtcdLeaseStore;
import dev.nines.failover.lease.jdbc.JdbcDialect;
import dev.nines.failover.lease.jdbc.JdbcLeaseStore;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Embedding example: three replicas of a service that each embed the failover controller of the
 * {@code orders-db} group, with the leadership lease and the controller's durable state in one store:
 * in memory by default, or the etcd or database (PostgreSQL, MariaDB) named on the command line.
 *
 * <p>Each replica embeds a {@link FailoverController} built with
 * {@link FailoverController.Builder#durableState durable state}: the controller itself decides, and
 * persists what it decided. The story: a replica wins the lease; the database primary fails and the
 * leader's controller promotes the next member, reserving the epoch by a compare-and-set that the
 * store accepts only from the current lease holder; then the leader freezes (a long GC pause).
 * Another replica takes the lease once the store expires it, and its controller resumes the record
 * from the store (primary, epoch, fenced members and the anti-flapping history, not an empty
 * controller): when the new primary fails too, automatic failover is held by the anti-flapping
 * window until an operator acknowledges, and then it promotes under the next epoch. The frozen
 * replica wakes up, knows it no longer leads, its controller refuses to promote, and the write it had
 * in flight is rejected by the database's fence.
 *
 * <p>Run it with {@code java -cp examples/target/nines-demo.jar
 * dev.nines.examples.failover.ReplicatedControllerExample [http://etcd:2379 | jdbc:postgresql://...]}. With the in-memory store
 * it runs on a simulated clock and finishes at once; with a real store it runs in real time (a few
 * seconds: the store's clock expires the lease).
 */
public final class ReplicatedControllerExample {

    private static final List<String> DATABASES = List.of("db-1", "db-2", "db-3");
    private static final Duration ROUND = Duration.ofMillis(100);

    private final Stores.Engine engine;
    private final TimeSource time;
    private final @Nullable ManualTimeSource simulated; // null: real time against a real store
    private final String group;
    private final PrintStream out;
    private final List<Replica> replicas = new ArrayList<>();
    /** The database's fence: stands in for a table that checks the epoch every write carries. */
    private final Fence fence = Fence.create("orders-db");

    private ReplicatedControllerExample(
            Stores.Engine engine,
            TimeSource time,
            @Nullable ManualTimeSource simulated,
            String group,
            LeaseConfig config,
            PrintStream out) {
        this.engine = engine;
        this.time = time;
        this.simulated = simulated;
        this.group = group;
        this.out = out;
        for (String id : List.of("replica-1", "replica-2", "replica-3")) {
            replicas.add(new Replica(
                    id,
                    LeadershipLease.of(
                            group + "-controller",
                            id + "-" + ProcessHandle.current().pid(),
                            config,
                            engine.leases(),
                            time)));
        }
    }

    /** One replica's controller: the same group, members and store on every replica. */
    private FailoverController controller(String replicaId, LeadershipLease lease) {
        FailoverController.Builder builder = FailoverController.builder(group, time)
                .config(FailoverConfig.builder()
                        .failureThreshold(1)
                        .recoveryGrace(Duration.ZERO)
                        .build())
                .primary(Member.of(DATABASES.get(0)))
                .actions((member, epoch) ->
                        out.println("  " + replicaId + " promotes " + member + " under epoch " + epoch))
                .durableState(engine.states(), lease);
        for (String standby : DATABASES.subList(1, DATABASES.size())) {
            builder.standby(Member.of(standby));
        }
        FailoverController controller = builder.build().addFence(fence);
        controller.onEvent(event -> {
            if (event instanceof FailoverEvent.FailoverBlocked blocked) {
                out.println("  " + replicaId + ": failover blocked: " + blocked.reason());
            }
        });
        return controller;
    }

    /** What the run showed, for the example's test. */
    record Report(
            String firstLeader,
            String secondLeader,
            List<Long> epochs,
            String finalPrimary,
            List<String> fencedAfterTakeover,
            boolean frozenLeaderKnewItLost,
            boolean lateWriteRejected) {}

    /**
     * Runs the example against the store named by {@code args[0]} (none: in memory).
     *
     * @param args optional store: {@code http://host:2379[,...]} for etcd, or a PostgreSQL or MariaDB JDBC URL
     * @throws Exception if the store cannot be reached
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        run(args.length > 0 ? args[0] : "", "orders-db", out);
    }

    /**
     * Runs the story once.
     *
     * @param store the store argument ({@code ""} for in memory)
     * @param group the controller group, which names the lease and the record
     * @param out where to narrate
     * @return what happened
     * @throws Exception if the store cannot be reached
     */
    static Report run(String store, String group, PrintStream out) throws Exception {
        ManualTimeSource simulated =
                store.isBlank() ? ManualTimeSource.at(Instant.parse("2026-12-04T09:00:00Z")) : null;
        TimeSource time = simulated != null ? simulated : TimeSource.system();
        // etcd counts TTLs in whole seconds, 2 s at least: keep the real-time run short but valid.
        LeaseConfig config = LeaseConfig.builder()
                .ttl(Duration.ofSeconds(2))
                .renewInterval(Duration.ofMillis(300))
                .retryBudget(Duration.ofMillis(600))
                .retryInterval(Duration.ofMillis(200))
                .driftMargin(Duration.ofMillis(600))
                .build();
        try (Stores.Engine engine = Stores.open(store, time)) {
            out.println("Store: " + engine.leases().describe());
            return new ReplicatedControllerExample(engine, time, simulated, group, config, out).story();
        }
    }

    private Report story() throws Exception {
        Replica first = awaitLeader(null);
        boolean fresh = engine.states().load(group).isEmpty();
        first.monitor(null);
        long resumedEpoch = first.controller.epoch();
        out.println(first.id + " leads and " + (fresh ? "starts " : "resumes ") + group + ": " + first.describe());
        first.monitor("db-1");
        long epoch1 = first.controller.epoch();
        first.write("order-1");

        out.println(first.id + " freezes (a long GC pause): it stops renewing its lease");
        first.frozen = true;
        Replica second = awaitLeader(first);
        second.monitor(null);
        out.println(second.id + " leads and resumes " + group + ": " + second.describe());
        List<String> fenced = second.controller.members().stream()
                .filter(m -> m.role() == Role.FENCED)
                .map(MemberStatus::id)
                .toList();
        Decision held = second.monitor(second.controller.primary());
        out.println("  (the window counts from " + first.id + "'s promotion, read from the store: "
                + (held instanceof Decision.Blocked ? "held" : "not held") + ")");
        second.controller.acknowledge("oncall", second.controller.primary() + " is down for good");
        long epoch2 = second.controller.epoch();
        second.write("order-2");

        out.println(first.id + " wakes up");
        first.frozen = false;
        boolean knew = !first.lease.isLeader();
        out.println(first.id
                + (knew ? " checks its lease before acting: it is no longer the leader" : " still believes it leads"));
        Decision refused = first.controller.requestFailover(
                Trigger.OPERATOR, "oncall", first.controller.epoch(), "a request that reached the frozen replica");
        out.println(first.id + "'s controller: " + refused);
        boolean rejected = !fence.tryAccept(first.controller.epoch());
        out.println(first.id + "'s write in flight with epoch " + first.controller.epoch() + " is "
                + (rejected ? "rejected by the fence (it knows epoch " + fence.currentEpoch() + ")" : "accepted"));
        ControllerRecord last = engine.states().load(group).orElseThrow();
        out.println("Stored record: primary " + last.primary() + ", epoch " + last.epoch() + ", fenced " + last.fenced()
                + ", " + last.transitions().size() + " transitions");
        for (Replica r : replicas) {
            r.lease.release();
        }
        return new Report(
                first.id,
                second.id,
                List.of(resumedEpoch, epoch1, epoch2),
                last.primary(),
                fenced,
                knew && refused instanceof Decision.Rejected,
                rejected);
    }

    /** Ticks every replica (but a frozen one) round after round until one other than {@code not} leads. */
    private Replica awaitLeader(@Nullable Replica not) throws InterruptedException {
        long deadline = time.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (time.nanoTime() - deadline < 0) {
            for (Replica r : replicas) {
                if (!r.frozen && r != not && r.lease.tick()) {
                    return r;
                }
            }
            if (simulated != null) {
                simulated.advance(ROUND);
            } else {
                Thread.sleep(ROUND.toMillis());
            }
        }
        throw new IllegalStateException("no replica took the lease within 60 s");
    }

    /** One replica: a leadership lease and the controller that acts only while it holds it. */
    private final class Replica {
        final String id;
        final LeadershipLease lease;
        final FailoverController controller;
        volatile boolean frozen;

        Replica(String id, LeadershipLease lease) {
            this.id = id;
            this.lease = lease;
            this.controller = controller(id, lease);
        }

        /**
         * What this replica's health checks see: every standby up and caught up, and {@code down} (if
         * any) down. The controller decides; the first report of a new tenure makes it resume the record.
         */
        @Nullable
        Decision monitor(@Nullable String down) {
            Decision last = null;
            for (MemberStatus member : controller.members()) {
                if (member.role() == Role.STANDBY) {
                    controller.reportLag(member.id(), Lag.bytes(0), time.now());
                    last = controller.reportHealth(member.id(), HealthResult.up(), time.now());
                }
            }
            if (down != null) {
                out.println(down + " fails (the primary stopped answering)");
                last = controller.reportHealth(down, HealthResult.down("timeout"), time.now());
            }
            return last;
        }

        String describe() {
            List<String> fencedNow = controller.members().stream()
                    .filter(m -> m.role() == Role.FENCED)
                    .map(MemberStatus::id)
                    .toList();
            return "primary " + controller.primary() + ", epoch " + controller.epoch() + ", fenced " + fencedNow;
        }

        void write(String order) {
            long epoch = controller.epoch();
            boolean accepted = lease.isLeader() && fence.tryAccept(epoch);
            out.println(id + " writes " + order + " with epoch " + epoch + ": " + (accepted ? "accepted" : "rejected"));
        }
    }

    /**
     * A data source over {@link DriverManager}, to keep the example free of a pool library; a service
     * would pass its connection pool instead.
     */
    static final class UrlDataSource implements DataSource {
        private final String url;
        private @Nullable PrintWriter logWriter;

        UrlDataSource(String url) {
            this.url = url;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public @Nullable PrintWriter getLogWriter() {
            return logWriter;
        }

        @Override
        public void setLogWriter(@Nullable PrintWriter out) {

            this.logWriter = out;
        }

        @Override
        public void setLoginTimeout(int seconds) {
            DriverManager.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() {
            return DriverManager.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no parent logger");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper of " + type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    /** Opens the store named on the command line. */
    static final class Stores {
        private Stores() {}

        /** A lease store, the state store of the same engine, and how to close them. */
        record Engine(LeaseStore leases, ControllerStateStore states, Runnable closer) implements AutoCloseable {
            @Override
            public void close() {
                closer.run();
            }
        }

        static Engine open(String store, TimeSource time) throws LeaseStoreException {
            Objects.requireNonNull(store, "store");
            if (store.isBlank()) {
                LeaseStore leases = LeaseStore.inMemory(time);
                return new Engine(leases, ControllerStateStore.inMemory(leases), () -> {});
            }
            if (store.startsWith("http://") || store.startsWith("https://")) {
                EtcdLeaseStore etcd = EtcdLeaseStore.connect(store);
                return new Engine(etcd, etcd.stateStore(), etcd::close);
            }
            if (store.startsWith("jdbc:postgresql:")
                    || store.startsWith("jdbc:mariadb:")
                    || store.startsWith("jdbc:mysql:")) {
                JdbcDialect dialect =
                        store.startsWith("jdbc:postgresql:") ? JdbcDialect.POSTGRESQL : JdbcDialect.MARIADB;
                DataSource dataSource = new UrlDataSource(store);
                JdbcLeaseStore.createSchema(dataSource, dialect);
                JdbcLeaseStore jdbc = JdbcLeaseStore.open(dataSource, dialect, store);
                return new Engine(jdbc, jdbc.stateStore(), () -> {});
            }
            throw new IllegalArgumentException("store must be etcd endpoints (http://host:2379), a JDBC URL "
                    + "(jdbc:postgresql:... or jdbc:mariadb:...) or nothing (in memory), was \"" + store + "\"");
        }
    }
}
