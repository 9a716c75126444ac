package dev.nines.failover.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.failover.fleet.Fleet.Event;
import dev.nines.failover.fleet.Fleet.Member;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fault scenarios of a fleet of three controller replicas, each its own JVM, over one engine:
 * written once, run for every engine by a subclass. The replicas' lease and state live on a private
 * server that the store-fault scenarios stop, pause and restart; the fenced resource lives on the
 * shared server, so its log outlives every fault.
 *
 * <p>Real time, bounded: a paused process and a server's TTL cannot be driven by a manual clock. The
 * TTL is 3 s, so each takeover takes a few seconds. {@code -Dnines.fleet.runs=N} repeats the
 * kill and pause takeovers N times and {@code -Dnines.fleet.schedules=N} runs N randomized schedules
 * (the README's figures come from N = 20); the defaults keep CI short. Every run prints its figures
 * and seeds on stdout, prefixed {@code FLEET}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FleetFaultScenarios {

    static final Fleet.Timing TIMING = new Fleet.Timing(3000, 500, 1000, 250, 1000, 50);
    /** A takeover needs the TTL to run out at the store, then a follower's retry, then a promotion. */
    static final Duration TAKEOVER = Duration.ofSeconds(30);

    private Path dir;
    private TestServers.Private server;
    private Fleet fleet;
    private FencedResource resource;

    /** The engine's name in figures and file names. */
    abstract String engine();

    /** The server name for {@code .ci/servers.sh}. */
    abstract String serverName();

    /** The spec of the shared server's fenced resource, unique to {@code tag}. */
    abstract String resourceSpec(String tag);

    /** The store spec for the replicas on the private server, unique to {@code tag}. */
    abstract String storeSpec(TestServers.Private privateServer, String tag);

    /** Fails or skips unless the shared server is there. */
    abstract void requireSharedServer();

    /** The number of requests the private server has served so far, from its own statistics. */
    abstract long storeOperations(TestServers.Private privateServer) throws Exception;

    /** Requests one successful renewal costs on this engine. */
    abstract int operationsPerRenew();

    /** Requests one follower's attempt to acquire a held lease costs on this engine. */
    abstract int operationsPerFollowerAttempt();

    @BeforeAll
    void startPrivateServer() throws Exception {
        requireSharedServer();
        dir = Files.createTempDirectory("nines-fleet-" + engine());
        server = TestServers.startPrivate(serverName(), dir.resolve("server"));
    }

    @AfterAll
    void stopPrivateServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newFleet() throws Exception {
        String tag = "f" + UUID.randomUUID().toString().substring(0, 8);
        Path logs = Files.createDirectories(dir.resolve(tag));
        String resourceSpec = resourceSpec(tag);
        resource = FencedResource.open(resourceSpec);
        fleet = new Fleet(storeSpec(server, tag), resourceSpec, "orders-" + tag, TIMING, logs);
    }

    @AfterEach
    void stopFleet() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (resource != null) {
            resource.close();
        }
        server.resume();
        if (!isUp()) {
            server.start();
        }
    }

    private boolean isUp() {
        try {
            server.pid();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    static int runs() {
        return Integer.getInteger("nines.fleet.runs", 1);
    }

    static int schedules() {
        return Integer.getInteger("nines.fleet.schedules", 1);
    }

    private void startThree() throws Exception {
        for (String id : List.of("r1", "r2", "r3")) {
            fleet.start(id);
        }
    }

    private static Predicate<Event> promotedAfter(long epoch) {
        return e -> e.type().equals("PROMOTED") && e.epoch() > epoch;
    }

    /**
     * Waits until some member promoted above {@code epoch} and a write at a new epoch went through;
     * returns the promotion of that write's epoch. Not necessarily the first promotion: on a loaded
     * machine a member can miss its renew deadline right after it promoted, re-acquire at once and
     * promote again, and then its first write carries the later epoch.
     */
    private Event awaitNewLeader(long epoch, int from) {
        fleet.await(promotedAfter(epoch), from, TAKEOVER);
        Event wrote = fleet.await(e -> e.type().equals("WROTE") && e.epoch() > epoch, from, TAKEOVER);
        return fleet.eventsSince(from).stream()
                .filter(e -> e.type().equals("PROMOTED") && e.epoch() == wrote.epoch())
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("a write at epoch " + wrote.epoch() + " nobody promoted: " + wrote));
    }

    // ------------------------------------------------------------------------------- scenarios

    @Test
    void aSteadyFleetCostsTheStoreOnlyItsRenewalsAndTheFollowersReadsPerLeasePeriod() throws Exception {
        startThree();
        awaitNewLeader(-1, 0);
        int periods = 3;
        long before = storeOperations(server);
        Thread.sleep(periods * TIMING.ttlMs()); // real time: the store's own counters over three lease periods
        long perPeriod = (storeOperations(server) - before) / periods;

        long renewals = TIMING.ttlMs() / TIMING.renewMs();
        long attempts = 2 * TIMING.ttlMs() / TIMING.retryMs();
        long expected = renewals * operationsPerRenew() + attempts * operationsPerFollowerAttempt();
        System.out.println("FLEET " + engine() + " store operations per lease period (ttl=" + TIMING.ttlMs()
                + "ms, 1 leader renewing every " + TIMING.renewMs() + "ms, 2 followers trying every "
                + TIMING.retryMs() + "ms): measured=" + perPeriod + " expected=" + expected + " (" + renewals
                + " renewals x " + operationsPerRenew() + " + " + attempts + " follower attempts x "
                + operationsPerFollowerAttempt() + ")");
        assertThat(perPeriod).isPositive().isLessThanOrEqualTo(expected * 3 / 2);
    }

    @Test
    void aPausedLeaderIsReplacedAndOnResumingLearnsItLostTheLeaseBeforeItActsAndItsWritesAreRejected()
            throws Exception {
        startThree();
        Event first = awaitNewLeader(-1, 0);
        List<Long> takeovers = new ArrayList<>();
        for (int run = 0; run < runs(); run++) {
            Member old = fleet.leader(first);
            int paused = fleet.mark();
            long pausedAt = System.currentTimeMillis();
            old.pause();
            Event second = awaitNewLeader(first.epoch(), paused);
            takeovers.add(second.atMillis() - pausedAt);
            assertThat(second.member()).isNotEqualTo(old.name());

            int resumed = fleet.mark();
            long resumedAt = System.currentTimeMillis();
            old.resume();
            old.send("zombie-write");
            Event lost =
                    fleet.await(e -> e.member().equals(old.name()) && e.type().equals("LOST"), resumed, TAKEOVER);
            Event zombie = fleet.await(
                    e -> e.member().equals(old.name()) && e.type().startsWith("ZOMBIE_"), resumed, TAKEOVER);
            assertThat(zombie.type())
                    .as("a write with the old epoch through the fence")
                    .isEqualTo("ZOMBIE_REJECTED");
            assertThat(zombie.epoch()).isEqualTo(first.epoch());
            List<Event> actsOfOld = fleet.eventsSince(resumed).stream()
                    .filter(e -> e.member().equals(old.name())
                            && (e.type().equals("WROTE") || e.type().equals("PROMOTED")))
                    // A write dated before the resume was made before the pause (its report
                    // can arrive after the resume): only acts started after resuming count.
                    .filter(e -> e.atMillis() >= resumedAt && e.atMillis() <= lost.atMillis())
                    .toList();
            assertThat(actsOfOld)
                    .as("the resumed leader acted before it noticed it lost the lease")
                    .isEmpty();
            fleet.assertNoSplitBrain(resource);
            first = second;
        }
        report("takeover after pause", takeovers);
    }

    @Test
    void aKilledLeaderIsReplacedAndAfterAWholeFleetRestartEpochsNeverRepeat() throws Exception {
        startThree();
        Event first = awaitNewLeader(-1, 0);
        List<Long> takeovers = new ArrayList<>();
        for (int run = 0; run < runs(); run++) {
            Member old = fleet.leader(first);
            int killed = fleet.mark();
            long killedAt = System.currentTimeMillis();
            old.kill();
            Event second = awaitNewLeader(first.epoch(), killed);
            takeovers.add(second.atMillis() - killedAt);
            fleet.start(old.id);
            first = second;
        }
        report("takeover after kill -9", takeovers);

        for (Member m : fleet.live()) {
            m.kill();
        }
        int restarted = fleet.mark();
        startThree();
        Event afterRestart = awaitNewLeader(first.epoch(), restarted);

        assertThat(afterRestart.epoch()).isGreaterThan(first.epoch());
        fleet.assertNoSplitBrain(resource);
    }

    @Test
    void whenTheStoreRefusesConnectionsTheLeaderStepsDownAndNobodyPromotesUntilItIsBack() throws Exception {
        startThree();
        Event first = awaitNewLeader(-1, 0);
        Member leader = fleet.leader(first);

        int stopped = fleet.mark();
        server.stop();
        fleet.await(e -> e.member().equals(leader.name()) && e.type().equals("LOST"), stopped, TAKEOVER);
        int down = fleet.mark();
        server.start();

        Event next = awaitNewLeader(first.epoch(), down);
        assertThat(fleet.eventsSince(stopped).stream()
                        .filter(e -> e.type().equals("PROMOTED") && e.atMillis() < next.atMillis()))
                .as("promotions while the store was down")
                .isEmpty();
        fleet.assertNoSplitBrain(resource);
    }

    @Test
    void whenTheStoreStallsTheLeaderStepsDownAndOneLeaderPromotesAfterwards() throws Exception {
        startThree();
        Event first = awaitNewLeader(-1, 0);
        Member leader = fleet.leader(first);

        int stalled = fleet.mark();
        server.pause();
        try {
            fleet.await(e -> e.member().equals(leader.name()) && e.type().equals("LOST"), stalled, TAKEOVER);
        } finally {
            server.resume();
        }
        Event next = awaitNewLeader(first.epoch(), stalled);

        assertThat(fleet.eventsSince(stalled).stream()
                        .filter(e -> e.type().equals("PROMOTED"))
                        .toList())
                .as("promotions since the stall")
                .hasSizeGreaterThanOrEqualTo(1)
                .allSatisfy(p -> assertThat(p.epoch()).isGreaterThan(first.epoch()));
        assertThat(next.epoch()).isGreaterThan(first.epoch());
        fleet.assertNoSplitBrain(resource);
    }

    @Test
    void whenRenewalsFailHalfwayTheHolderStepsDownAndNobodyPromotesTwice() throws Exception {
        startThree();
        Event first = awaitNewLeader(-1, 0);
        Member leader = fleet.leader(first);

        int failing = fleet.mark();
        leader.send("fail-renews " + (TIMING.renewDeadlineMs() + TIMING.ttlMs()));
        fleet.await(e -> e.member().equals(leader.name()) && e.type().equals("LOST"), failing, TAKEOVER);
        Event next = awaitNewLeader(first.epoch(), failing);

        assertThat(next.epoch()).isGreaterThan(first.epoch());
        fleet.assertNoSplitBrain(resource);
    }

    @Test
    void randomizedSchedulesOfPausesKillsRestartsAndStoreFaultsNeverLetTwoMembersWriteThroughTheFence()
            throws Exception {
        long base = Long.getLong("nines.fleet.seed", System.nanoTime());
        int steps = Integer.getInteger("nines.fleet.steps", 4);
        int schedules = schedules();
        for (int s = 0; s < schedules; s++) {
            long seed = base + s;
            System.out.println("FLEET " + engine() + " schedule seed=" + seed + " steps=" + steps
                    + " (rerun with -Dnines.fleet.seed=" + seed + " -Dnines.fleet.schedules=1)");
            if (s > 0) {
                stopFleet();
                newFleet();
            }
            runSchedule(new Random(seed), steps, seed);
        }
        System.out.println("FLEET " + engine() + " randomized schedules=" + schedules + " steps=" + steps
                + " split-brain moments=0");
    }

    private void runSchedule(Random random, int steps, long seed) throws Exception {
        startThree();
        Event last = awaitNewLeader(-1, 0);
        for (int step = 0; step < steps; step++) {
            int from = fleet.mark();
            Member leader = fleet.leader(last);
            int action = random.nextInt(5);
            String what;
            switch (action) {
                case 0 -> {
                    what = "pause the leader past its TTL";
                    leader.pause();
                    awaitOrFail(fleet, promotedAfter(last.epoch()), from, seed);
                    leader.send("zombie-write");
                    leader.resume();
                }
                case 1 -> {
                    what = "kill -9 the leader and restart it";
                    leader.kill();
                    fleet.start(leader.id);
                }
                case 2 -> {
                    what = "stop the store for a while";
                    server.stop();
                    fleet.await(
                            e -> e.member().equals(leader.name()) && e.type().equals("LOST"), from, TAKEOVER);
                    server.start();
                }
                case 3 -> {
                    what = "stall the store (SIGSTOP) until the leader steps down";
                    server.pause();
                    try {
                        fleet.await(
                                e -> e.member().equals(leader.name())
                                        && e.type().equals("LOST"),
                                from,
                                TAKEOVER);
                    } finally {
                        server.resume();
                    }
                }
                default -> {
                    what = "lose the answers of the leader's renewals";
                    leader.send("fail-renews " + (TIMING.renewDeadlineMs() + random.nextInt((int) TIMING.ttlMs())));
                    fleet.await(
                            e -> e.member().equals(leader.name()) && e.type().equals("LOST"), from, TAKEOVER);
                }
            }
            System.out.println("FLEET " + engine() + " seed=" + seed + " step " + step + ": " + what);
            last = awaitNewLeaderOrFail(last.epoch(), from, seed);
            fleet.assertNoSplitBrain(resource);
        }
    }

    private Event awaitNewLeaderOrFail(long epoch, int from, long seed) {
        try {
            return awaitNewLeader(epoch, from);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private static void awaitOrFail(Fleet fleet, Predicate<Event> match, int from, long seed) {
        try {
            fleet.await(match, from, TAKEOVER);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private void report(String what, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        long median = sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        System.out.println("FLEET " + engine() + " " + what + ": runs=" + sorted.size() + " min=" + sorted.get(0)
                + "ms median=" + median + "ms max=" + sorted.get(sorted.size() - 1) + "ms (ttl=" + TIMING.ttlMs()
                + "ms renew=" + TIMING.renewMs() + "ms deadline=" + TIMING.renewDeadlineMs() + "ms) all=" + millis);
    }
}
