package dev.nines.slo.export;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs Prometheus' promtool from PATH: fails without it when CI=true, skips elsewhere. */
final class Promtool {

    static final String HOW_TO_INSTALL = "promtool not found on PATH; install it with "
            + "'apt-get install --no-install-recommends prometheus' (Debian/Ubuntu) or from "
            + "https://prometheus.io/download/ (.ci/run installs it in CI)";

    private Promtool() {}

    /** The promtool executable; fails the test in CI, skips it elsewhere, when there is none. */
    static Path locate() {
        return locate(System.getenv("PATH"), System.getenv("CI"));
    }

    static Path locate(String path, String ci) {
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, "promtool");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        if ("true".equals(ci)) {
            fail(HOW_TO_INSTALL);
        }
        Assumptions.abort(HOW_TO_INSTALL);
        throw new AssertionError("unreachable");
    }

    /** Exit code and combined output of {@code promtool args...}, run in {@code dir}. */
    record Result(int exitCode, String output) {}

    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(locate().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
