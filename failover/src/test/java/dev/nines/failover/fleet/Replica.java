package dev.nines.failover.fleet;

import dev.nines.core.health.HealthResult;
import dev.nines.core.time.TimeSource;
import dev.nines.failover.Decision;
import dev.nines.failover.FailoverActions;
import dev.nines.failover.FailoverConfig;
import dev.nines.failover.FailoverController;
import dev.nines.failover.Lag;
import dev.nines.failover.Member;
import dev.nines.failover.MemberStatus;
import dev.nines.failover.Role;
import dev.nines.failover.Trigger;
import dev.nines.failover.lease.LeadershipLease;
import dev.nines.failover.lease.Lease;
import dev.nines.failover.lease.LeaseConfig;
import dev.nines.failover.lease.LeaseEvent;
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
 * It runs a {@link LeadershipLease} over the store given on the command line (ticked with
 * {@link LeadershipLease#runOn}) and a {@link FailoverController} built with
 * {@link FailoverController.Builder#durableState durable state} in the same store: the controller
 * resumes the group's record when its instance starts a tenure, picks the candidate through its
 * gates, reserves the next epoch by compare-and-set under the lease, and only then runs the
 * promotion action, which raises the {@link FencedResource}'s fence to the new epoch. The test fails
 * the primary over on every new tenure (an operator request, so the anti-flapping window does not
 * hold it), and from then on the replica writes to the resource with that epoch while it leads.
 *
 * <p>It reports on stdout, one line per event: {@code EV <epoch-millis> <TYPE> key=value...}, dated
 * when the event happened (a write: when it started). Types:
 * {@code READY}, {@code ACQUIRED token}, {@code LOST reason}, {@code PROMOTED epoch primary token},
 * {@code PROMOTE_REFUSED}, {@code PROMOTE_FAILED}, {@code WROTE epoch}, {@code REJECTED epoch},
 * {@code WRITE_FAILED}, {@code ZOMBIE_WROTE epoch}, {@code ZOMBIE_REJECTED epoch}. Commands on
 * stdin: {@code zombie-write} (write with the last epoch this replica promoted, whether or not it
 * leads: what a request in flight across a pause does), {@code fail-renews MILLIS} (for that long,
 * renewals reach the store but their answers are lost), {@code exit}.
 *
 * <p>Arguments, {@code key=value}: {@code store} (a store spec for {@link Stores}), {@code resource}
 * (a {@link FencedResource} spec), {@code id}, {@code lease}, {@code ttlMs}, {@code renewMs},
 * {@code budgetMs}, {@code retryMs}, {@code driftMs}, {@code tickMs}, {@code members} (comma-separated).
 */
public final class Replica {

    private final PrintStream out;
    private final String id;
    private final List<String> members;
    private final LeadershipLease lease;
    private final FailoverController controller;
    private final FencedResource resource;
    private final Stores.Faulty faults;
    private final TimeSource time = TimeSource.system();
    /** The token of the tenure under which this replica last promoted. */
    private long promotedUnder;

    private volatile long epoch = -1;

    private Replica(PrintStream out, Map<String, String> args) throws Exception {
        this.out = out;
        this.id = args.get("id") + "@" + ProcessHandle.current().pid();
        String group = args.get("lease");
        this.members = List.of(args.getOrDefault("members", "db-1,db-2,db-3").split(","));
        Stores.Engine engine = Stores.open(args.get("store"));
        this.faults = new Stores.Faulty(engine.leases(), time);
        this.resource = FencedResource.open(args.get("resource"));
        LeaseConfig config = LeaseConfig.builder()
                .ttl(ms(args, "ttlMs"))
                .renewInterval(ms(args, "renewMs"))
                .retryBudget(ms(args, "budgetMs"))
                .retryInterval(ms(args, "retryMs"))
                .driftMargin(ms(args, "driftMs"))
                .build();
        this.lease = LeadershipLease.of(group, id, config, faults, time);
        lease.onEvent(this::onLeaseEvent);
        FailoverController.Builder builder = FailoverController.builder(group, time)
                .config(FailoverConfig.builder()
                        .failureThreshold(1)
                        .successThreshold(1)
                        .recoveryGrace(Duration.ZERO)
                        .build())
                .primary(Member.of(members.get(0)))
                .actions(new FencedPromotion())
                .durableState(engine.states(), lease);
        for (String standby : members.subList(1, members.size())) {
            builder.standby(Member.of(standby));
        }
        this.controller = builder.build();
    }

    /**
     * The promotion action: raise the resource's fence to the new epoch before the promotion counts, as
     * a controller's {@code Fence} is raised. A replaced leader frozen between its leadership check and
     * its write (a pause can stop it anywhere) then finds its old-epoch write rejected.
     */
    private final class FencedPromotion implements FailoverActions {
        @Override
        public void promote(String memberId, long newEpoch) throws Exception {
            if (!resource.write(newEpoch, id)) {
                throw new IllegalStateException("the fence did not take epoch " + newEpoch + ": a newer one is in");
            }
        }
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
        replica.lease.runOn(scheduler, Duration.ofMillis(tickMillis));
        scheduler.scheduleWithFixedDelay(replica::step, tickMillis / 2, tickMillis, TimeUnit.MILLISECONDS);
        replica.emit("READY", "id=" + replica.id);
        replica.readCommands();
        scheduler.shutdownNow();
        System.exit(0);
    }

    /** One step: while leading, report the members, fail over once per tenure, then write. */
    private void step() {
        try {
            Optional<Lease> held = lease.lease();
            if (held.isEmpty()) {
                return;
            }
            // The replica's monitoring: every standby answers and is caught up (the fleet test is about
            // the controllers, not the databases). The first report of a new tenure makes the controller
            // resume the stored record.
            reportStandbys();
            if (held.get().token() != promotedUnder) {
                failOver(held.get());
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
            // Anything escaping would cancel the scheduled task for good: report it and step on.
            failure.printStackTrace();
            emit("STEP_FAILED", "error=" + oneWord(failure));
        }
    }

    private void reportStandbys() {
        for (MemberStatus member : controller.members()) {
            if (member.role() == Role.STANDBY) {
                controller.reportLag(member.id(), Lag.bytes(0), time.now());
                controller.reportHealth(member.id(), HealthResult.up(), time.now());
            }
        }
    }

    /**
     * Lets the fenced members rejoin (they would be re-synchronised from the primary) and asks the
     * controller to fail the primary over; the controller reserves the epoch under {@code held}.
     */
    private void failOver(Lease held) {
        try {
            for (MemberStatus member : controller.members()) {
                if (member.role() == Role.FENCED) {
                    controller.rejoin(member.id(), id);
                }
            }
            reportStandbys();
            Decision decision = controller.requestFailover(
                    Trigger.OPERATOR,
                    id,
                    controller.epoch(),
                    "the fleet test fails the primary over on every new tenure");
            if (decision instanceof Decision.Promoted promoted) {
                promotedUnder = held.token();
                epoch = promoted.epoch();
                emit("PROMOTED", "epoch=" + promoted.epoch() + " primary=" + promoted.to() + " token=" + held.token());
            } else if (decision instanceof Decision.Failed failed) {
                emit("PROMOTE_FAILED", "epoch=" + failed.epoch() + " error=" + words(failed.error()));
            } else {
                emit("PROMOTE_REFUSED", "token=" + held.token() + " decision=" + words(decision.toString()));
            }
        } catch (IllegalStateException failure) {
            // rejoin could not be recorded: the lease ended or the store did not answer
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
        return words(failure.getClass().getSimpleName() + ":" + failure.getMessage());
    }

    private static String words(String text) {
        return text.replaceAll("\\s+", "_");
    }

    private static Duration ms(Map<String, String> args, String key) {
        return Duration.ofMillis(Long.parseLong(args.get(key)));
    }
}
