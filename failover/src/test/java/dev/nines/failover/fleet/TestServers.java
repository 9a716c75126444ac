package dev.nines.failover.fleet;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real servers a test talks to, from the variables {@code .ci/servers.sh} exports: a test fails
 * without them when {@code CI=true} and skips with a note elsewhere. Also starts private servers for
 * tests that stop, pause or restart them, so that the shared ones stay up for everyone else.
 */
public final class TestServers {

    private TestServers() {}

    /** The shared etcd's client URLs ({@code NINES_TEST_ETCD_ENDPOINTS}). */
    public static String etcdEndpoints() {
        return require("NINES_TEST_ETCD_ENDPOINTS", "etcd");
    }

    /** The shared PostgreSQL's JDBC URL ({@code NINES_TEST_POSTGRES_URL}). */
    public static String postgresUrl() {
        return require("NINES_TEST_POSTGRES_URL", "postgres");
    }

    static String require(String variable, String server) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            return value;
        }
        String note = variable + " is not set: start the servers with '.ci/servers.sh start DIR " + server
                + "' and '. DIR/env' before the build (.ci/run does it in CI)";
        if ("true".equals(System.getenv("CI"))) {
            fail(note);
        }
        Assumptions.abort(note);
        throw new AssertionError("unreachable");
    }

    /** A private server started by {@code .ci/servers.sh} in its own directory; close stops it. */
    public static final class Private implements AutoCloseable {
        private final Path dir;
        private final String server;
        private final Map<String, String> env;

        private Private(Path dir, String server, Map<String, String> env) {
            this.dir = dir;
            this.server = server;
            this.env = env;
        }

        /** The value of one exported variable, such as {@code NINES_TEST_ETCD_ENDPOINTS}. */
        public String variable(String name) {
            return env.get(name);
        }

        /** The server's pid now (it changes on restart). */
        public long pid() throws IOException {
            return Long.parseLong(Files.readString(dir.resolve(server + ".pid")).trim());
        }

        /** Stops the server (connections are refused until {@link #start()}). */
        public void stop() throws IOException, InterruptedException {
            run(dir.resolve(server + ".stop").toString());
        }

        /** Starts the server again, on the same port with the same data. */
        public void start() throws IOException, InterruptedException {
            if (run(dir.resolve(server + ".start").toString()) != 0) {
                throw new IOException(server + " did not restart; see " + dir);
            }
        }

        /** Pauses the server with SIGSTOP: it accepts connections but answers nothing. */
        public void pause() throws IOException, InterruptedException {
            run("kill", "-STOP", Long.toString(pid()));
        }

        /** Resumes a paused server with SIGCONT. */
        public void resume() throws IOException, InterruptedException {
            run("kill", "-CONT", Long.toString(pid()));
        }

        @Override
        public void close() throws IOException {
            try {
                run(servers().toString(), "stop", dir.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping " + server, e);
            }
        }
    }

    /**
     * Starts a private {@code server} (postgres, mariadb or etcd) with {@code .ci/servers.sh}; fails
     * under CI, and skips elsewhere, when it cannot.
     */
    public static Private startPrivate(String server, Path dir) throws IOException, InterruptedException {
        Path script = servers();
        Path base = dir;
        boolean started = false;
        // Servers that run as their own user (postgres, mysql) must reach their data directory.
        Files.createDirectories(base.getParent());
        Files.setPosixFilePermissions(base.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        // A free port can be taken between the script's check and the server's bind: try a few times.
        for (int attempt = 1; attempt <= 3 && !started && Files.isExecutable(script); attempt++) {
            dir = base.resolveSibling(base.getFileName() + "-" + attempt);
            started = run(script.toString(), "start", dir.toString(), server) == 0;
            if (!started) {
                run(script.toString(), "stop", dir.toString());
            }
        }
        if (!started) {
            String note = "could not start a private " + server + " with " + script + " (see " + dir + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(note);
            }
            Assumptions.abort(note);
        }
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("env"), StandardCharsets.UTF_8)) {
            String assignment = line.replaceFirst("^export ", "");
            int eq = assignment.indexOf('=');
            if (eq > 0) {
                env.put(
                        assignment.substring(0, eq),
                        assignment.substring(eq + 1).replaceAll("^'|'$", ""));
            }
        }
        return new Private(dir, server, env);
    }

    private static Path servers() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve(".ci/servers.sh");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return here.resolve(".ci/servers.sh");
    }

    static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 120 s");
        }
        return process.exitValue();
    }
}
