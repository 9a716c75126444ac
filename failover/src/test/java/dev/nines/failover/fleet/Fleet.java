package dev.nines.failover.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Several {@link Replica} JVMs over one store and one fenced resource, and what they reported. The
 * test drives them with real signals: {@code kill -STOP}, {@code kill -CONT} and {@code kill -9}.
 * Waiting is on the replicas' reports (with a deadline), never a sleep.
 */
final class Fleet implements AutoCloseable {

    /** The lease timing the replicas run with, in milliseconds. */
    record Timing(long ttlMs, long renewMs, long budgetMs, long retryMs, long driftMs, long tickMs) {
        /** How long after its last successful renewal a holder steps down. */
        long renewDeadlineMs() {
            return renewMs + budgetMs;
        }
    }

    /** One line a replica reported. */
    record Event(long atMillis, String member, String type, Map<String, String> fields) {
        long epoch() {
            return Long.parseLong(fields.get("epoch"));
        }

        @Override
        public String toString() {
            return atMillis + " " + member + " " + type + " " + fields;
        }
    }

    /** One replica process (one incarnation: a restart is a new Member). */
    final class Member {
        final String id;
        final Process process;
        final Writer commands;

        Member(String id, Process process) {
            this.id = id;
            this.process = process;
            this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        String name() {
            return id + "@" + process.pid();
        }

        void pause() throws IOException, InterruptedException {
            signal("-STOP");
        }

        void resume() throws IOException, InterruptedException {
            signal("-CONT");
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor(30, TimeUnit.SECONDS);
        }

        boolean isAlive() {
            return process.isAlive();
        }

        void send(String command) throws IOException {
            commands.write(command + "\n");
            commands.flush();
        }

        private void signal(String signal) throws IOException, InterruptedException {
            TestServers.run("kill", signal, Long.toString(process.pid()));
        }
    }

    private final String store;
    private final String resource;
    private final String lease;
    private final Timing timing;
    private final Path logs;
    private final List<Member> members = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();

    Fleet(String store, String resource, String lease, Timing timing, Path logs) {
        this.store = store;
        this.resource = resource;
        this.lease = lease;
        this.timing = timing;
        this.logs = logs;
    }

    Timing timing() {
        return timing;
    }

    /** Starts a replica JVM with the test's class path and waits until it reports READY. */
    Member start(String id) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xss512k",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                Replica.class.getName(),
                "store=" + store,
                "resource=" + resource,
                "id=" + id,
                "lease=" + lease,
                "ttlMs=" + timing.ttlMs(),
                "renewMs=" + timing.renewMs(),
                "budgetMs=" + timing.budgetMs(),
                "retryMs=" + timing.retryMs(),
                "driftMs=" + timing.driftMs(),
                "tickMs=" + timing.tickMs()));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        logs.resolve(id + ".err").toFile()))
                .start();
        Member member = new Member(id, process);
        lock.lock();
        try {
            members.add(member);
        } finally {
            lock.unlock();
        }
        Thread reader = new Thread(() -> read(member), "fleet-" + member.name());
        reader.setDaemon(true);
        reader.start();
        Event ready = await(
                e -> e.member().equals(member.name())
                        && (e.type().equals("READY") || e.type().equals("EXITED")),
                0,
                Duration.ofSeconds(60));
        if (ready.type().equals("EXITED")) {
            throw new AssertionError(member.name() + " exited before it was ready; see " + logs.resolve(id + ".err"));
        }
        return member;
    }

    private void read(Member member) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(member.process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.split(" ");
                if (words.length < 3 || !words[0].equals("EV")) {
                    continue;
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 3; i < words.length; i++) {
                    int eq = words[i].indexOf('=');
                    if (eq > 0) {
                        fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                    }
                }
                Event event = new Event(Long.parseLong(words[1]), member.name(), words[2], fields);
                lock.lock();
                try {
                    events.add(event);
                    arrived.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process died; its events so far are kept
        }
        lock.lock();
        try {
            events.add(new Event(System.currentTimeMillis(), member.name(), "EXITED", Map.of()));
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The number of events so far: pass it to {@link #await} to wait only for later ones. */
    int mark() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the first event from index {@code from} on that matches; fails after {@code timeout}. */
    Event await(Predicate<Event> match, int from, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            int i = from;
            while (true) {
                for (; i < events.size(); i++) {
                    if (match.test(events.get(i))) {
                        return events.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    dumpThreads();
                    throw new AssertionError("no matching event within " + timeout + "; events since " + from
                            + ":\n"
                            + String.join(
                                    "\n",
                                    events.subList(from, events.size()).stream()
                                            .filter(e -> !e.type().equals("WROTE"))
                                            .map(Event::toString)
                                            .toList()));
                }
                arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    /** Writes each live replica's thread dump beside its stderr, to see where it is stuck. */
    private void dumpThreads() {
        for (Member m : members) {
            if (m.isAlive()) {
                try {
                    Process jcmd = new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "jcmd")
                                            .toString(),
                                    Long.toString(m.process.pid()),
                                    "Thread.print")
                            .redirectErrorStream(true)
                            .redirectOutput(logs.resolve(m.id + "-" + m.process.pid() + ".threads")
                                    .toFile())
                            .start();
                    jcmd.waitFor(30, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    // best effort
                }
            }
        }
    }

    /** Every event so far. */
    List<Event> events() {
        lock.lock();
        try {
            return List.copyOf(events);
        } finally {
            lock.unlock();
        }
    }

    /** Every event from index {@code from} on. */
    List<Event> eventsSince(int from) {
        lock.lock();
        try {
            return List.copyOf(events.subList(from, events.size()));
        } finally {
            lock.unlock();
        }
    }

    /** The live member that promoted last (the current leader). */
    Member leader(Event promoted) {
        lock.lock();
        try {
            for (Member m : members) {
                if (m.name().equals(promoted.member())) {
                    return m;
                }
            }
        } finally {
            lock.unlock();
        }
        throw new AssertionError("no member " + promoted.member());
    }

    List<Member> live() {
        lock.lock();
        try {
            return members.stream().filter(Member::isAlive).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asserts the fleet's safety so far: promotions never reused an epoch, and the resource accepted
     * writes in non-decreasing epoch order with exactly one writer per epoch, so no two members could
     * ever write through the fence at the same time.
     */
    void assertNoSplitBrain(FencedResource fenced) throws Exception {
        List<Event> promotions =
                events().stream().filter(e -> e.type().equals("PROMOTED")).toList();
        Set<Long> epochs = new HashSet<>();
        for (Event p : promotions) {
            assertThat(epochs.add(p.epoch()))
                    .as("epoch %s promoted twice: %s", p.epoch(), promotions)
                    .isTrue();
        }
        Map<Long, String> writerOfEpoch = new HashMap<>();
        long highest = -1;
        for (FencedResource.Write w : fenced.log()) {
            assertThat(w.epoch()).as("accepted writes never go back in epoch").isGreaterThanOrEqualTo(highest);
            highest = w.epoch();
            String first = writerOfEpoch.putIfAbsent(w.epoch(), w.writer());
            assertThat(first == null || first.equals(w.writer()))
                    .as("epoch %s written by %s and %s", w.epoch(), first, w.writer())
                    .isTrue();
        }
        for (Event p : promotions) {
            String writer = writerOfEpoch.get(p.epoch());
            assertThat(writer == null || writer.equals(p.member()))
                    .as("epoch %s promoted by %s but written by %s", p.epoch(), p.member(), writer)
                    .isTrue();
        }
    }

    @Override
    public void close() {
        for (Member m : members) {
            if (m.isAlive()) {
                try {
                    m.resume();
                } catch (IOException | InterruptedException e) {
                    // killed below anyway
                }
                m.process.destroyForcibly();
            }
        }
    }
}
