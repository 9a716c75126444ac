package dev.nines.failover.fleet;

import dev.nines.core.time.TimeSource;
import dev.nines.failover.lease.ControllerRecord;
import dev.nines.failover.lease.ControllerStateStore;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeadershipLease;
import dev.nines.failover.lease.LeaseConfig;
import dev.nines.failover.lease.LeaseEvent;
import dev.nines.failover.lease.LeaseStoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One replica of a service that embeds a failover controller, run as its own JVM by {@link Fleet}.
 * It holds a {@link LeadershipLease} over the store given on the command line; when it becomes the
 * leader it resumes the group's durable state, promotes the next database member under the next epoch
 * (a compare-and-set conditional on its lease), and from then on writes to the {@link FencedResource}
 * with that epoch while it leads.
 *
 * <p>It reports on stdout, one line per event: {@code EV <epoch-millis> <TYPE> key=value...}, dated
 * when the event happened (a write: when it started). Types:
 * {@code READY}, {@code ACQUIRED token}, {@code LOST reason}, {@code PROMOTED epoch primary token},
 * {@code PROMOTE_REFUSED}, {@code WROTE epoch}, {@code REJECTED epoch}, {@code WRITE_FAILED},
 * {@code ZOMBIE_WROTE epoch}, {@code ZOMBIE_REJECTED epoch}. Commands on stdin: {@code zombie-write}
 * (write with the last epoch this replica promoted, whether or not it leads: what a request in flight
 * across a pause does), {@code fail-renews MILLIS} (for that long, renewals reach the store but their
 * answers are lost), {@code exit}.
 *
 * <p>Arguments, {@code key=value}: {@code store} (a store spec for {@link Stores}), {@code resource}
 * (a {@link FencedResource} spec), {@code id}, {@code lease}, {@code ttlMs}, {@code renewMs},
 * {@code budgetMs}, {@code retryMs}, {@code driftMs}, {@code tickMs}, {@code members} (comma-separated).
 */
public final class Replica {

    private final PrintStream out;
    private final String id;
    private final String group;
    private final List<String> members;
    private final LeadershipLease lease;
    private final ControllerStateStore states;
    private final FencedResource resource;
    private final Stores.Faulty faults;
    private final TimeSource time = TimeSource.system();
    private Lease promotedUnder;
    private volatile long epoch = -1;

    private Replica(PrintStream out, Map<String, String> args) throws Exception {
        this.out = out;
        this.id = args.get("id") + "@" + ProcessHandle.current().pid();
        this.group = args.get("lease");
        this.members = List.of(args.getOrDefault("members", "db-1,db-2,db-3").split(","));
        Stores.Engine engine = Stores.open(args.get("store"));
        this.faults = new Stores.Faulty(engine.leases(), time);
        this.states = engine.states();
        this.resource = FencedResource.open(args.get("resource"));
        LeaseConfig config = LeaseConfig.builder().ttl(ms(args, "ttlMs")).renewInterval(ms(args, "renewMs"))
                .retryBudget(ms(args, "budgetMs")).retryInterval(ms(args, "retryMs"))
                .driftMargin(ms(args, "driftMs")).build();
        this.lease = LeadershipLease.of(group, id, config, faults, time);
        lease.onEvent(this::onLeaseEvent);
    }

    /**
     * Runs a replica until {@code exit} on stdin or a signal.
     *
     * @param argv {@code key=value} arguments
     * @throws Exception if the replica cannot start
     */
    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String arg : argv) {
            int eq = arg.indexOf('=');
            args.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Replica replica = new Replica(out, args);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        long tickMillis = Long.parseLong(args.getOrDefault("tickMs", "50"));
        scheduler.scheduleWithFixedDelay(replica::step, 0, tickMillis, TimeUnit.MILLISECONDS);
        replica.emit("READY", "id=" + replica.id);
        replica.readCommands();
        scheduler.shutdownNow();
        System.exit(0);
    }

    /** One tick: renew or acquire, promote once per tenure, then write while leading. */
    private void step() {
        try {
            lease.tick();
            Optional<Lease> held = lease.lease();
            if (held.isEmpty()) {
                return;
            }
            if (!held.get().equals(promotedUnder)) {
                promote(held.get());
                return;
            }
            if (!lease.isLeader()) {
                return;
            }
            long e = epoch;
            // Dated when the write starts: a pause can fall between the write and its report, and
            // a write made before the pause must not read as one made after it.
            long startedAt = time.now().toEpochMilli();
            try {
                emitAt(startedAt, resource.write(e, id) ? "WROTE" : "REJECTED", "epoch=" + e);
            } catch (Exception failure) {
                emitAt(startedAt, "WRITE_FAILED", "epoch=" + e + " error=" + oneWord(failure));
            }
        } catch (Throwable failure) {
            // Anything escaping would cancel the scheduled task for good: report it and tick on.
            failure.printStackTrace();
            emit("STEP_FAILED", "error=" + oneWord(failure));
        }
    }

    /** Resumes the durable state and promotes the next member, conditional on the lease. */
    private void promote(Lease held) {
        try {
            Optional<ControllerRecord> stored = states.load(group);
            ControllerRecord current;
            if (stored.isEmpty()) {
                current = ControllerRecord.initial(members.get(0), 0);
                if (!states.compareAndSet(group, held, current)) {
                    emit("PROMOTE_REFUSED", "reason=initial");
                    return;
                }
            } else {
                current = stored.get();
            }
            String next = members.get((members.indexOf(current.primary()) + 1) % members.size());
            ControllerRecord promoted = current.promote(next, current.epoch() + 1, "PRIMARY_DOWN", time.now());
            if (states.compareAndSet(group, held, promoted)) {
                // Raise the fence before the promotion counts, as a controller's Fence is raised on
                // promotion: a replaced leader frozen between its leadership check and its write (a
                // pause can stop it anywhere) must then find its old-epoch write rejected.
                if (!resource.write(promoted.epoch(), id)) {
                    emit("PROMOTE_FAILED", "error=fence-not-raised epoch=" + promoted.epoch());
                    return;
                }
                promotedUnder = held;
                epoch = promoted.epoch();
                emit("PROMOTED", "epoch=" + promoted.epoch() + " primary=" + next + " token=" + held.token());
            } else {
                emit("PROMOTE_REFUSED", "reason=compare-and-set token=" + held.token());
            }
        } catch (Exception failure) {
            emit("PROMOTE_FAILED", "error=" + oneWord(failure));
        }
    }

    private void onLeaseEvent(LeaseEvent event) {
        if (event instanceof LeaseEvent.Acquired acquired) {
            emit("ACQUIRED", "token=" + acquired.token());
        } else if (event instanceof LeaseEvent.Demoted demoted) {
            emit("LOST", "reason=" + demoted.reason().replace(' ', '_'));
        }
    }

    private void readCommands() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.trim().split(" ");
            switch (words[0]) {
                case "zombie-write" -> {
                    long e = epoch;
                    try {
                        emit(resource.write(e, id) ? "ZOMBIE_WROTE" : "ZOMBIE_REJECTED", "epoch=" + e);
                    } catch (Exception failure) {
                        emit("ZOMBIE_FAILED", "epoch=" + e + " error=" + oneWord(failure));
                    }
                }
                case "fail-renews" -> faults.failRenewsFor(Duration.ofMillis(Long.parseLong(words[1])));
                case "exit" -> {
                    return;
                }
                default -> emit("UNKNOWN_COMMAND", "line=" + line.replace(' ', '_'));
            }
        }
    }

    private void emit(String type, String details) {
        emitAt(time.now().toEpochMilli(), type, details);
    }

    private void emitAt(long epochMillis, String type, String details) {
        out.println("EV " + epochMillis + " " + type + " " + details);
    }

    private static String oneWord(Throwable failure) {
        String text = failure.getClass().getSimpleName() + ":" + failure.getMessage();
        return text.replaceAll("\\s+", "_");
    }

    private static Duration ms(Map<String, String> args, String key) {
        return Duration.ofMillis(Long.parseLong(args.get(key)));
    }
}
