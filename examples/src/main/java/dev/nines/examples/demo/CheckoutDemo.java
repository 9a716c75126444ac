package dev.nines.examples.demo;

import dev.nines.core.time.TimeSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Nines demo: a checkout service simulated over 30 days of virtual time in a few seconds. See
 * {@link DemoOptions#USAGE} for the options.
 */
public final class CheckoutDemo {

    private CheckoutDemo() {}

    /**
     * Runs the demo from the command line.
     *
     * @param args the options, see {@link DemoOptions#USAGE}
     * @throws IOException if the report cannot be written
     */
    public static void main(String[] args) throws IOException {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        run(options, System.out);
    }

    /**
     * Runs the simulation, prints progress and the summary to {@code out} and writes the report.
     *
     * @param options the options
     * @param out where progress and the summary go
     * @return the result
     * @throws IOException if the report cannot be written
     */
    public static DemoResult run(DemoOptions options, PrintStream out) throws IOException {
        TimeSource wallClock = TimeSource.system(); // only to tell the user how long the run took
        long started = wallClock.nanoTime();
        out.printf(
                Locale.ROOT,
                "Nines demo: checkout service, %d simulated days, seed %d%n%n",
                options.days(),
                options.seed());
        CheckoutSimulation simulation = new CheckoutSimulation(options.seed(), options.days(), out);
        DemoResult result = simulation.run();
        Path report = DemoReport.write(result, options.out());
        Path audit = simulation.writeAuditLog(auditLogPath(report));
        out.println();
        out.print(Summary.render(result));
        out.printf(Locale.ROOT, "%nReport: %s%n", report.toAbsolutePath().normalize());
        out.printf(
                Locale.ROOT, "Failover audit log: %s%n", audit.toAbsolutePath().normalize());
        out.printf(
                Locale.ROOT, "(simulated %d days in %.1f s)%n", options.days(), (wallClock.nanoTime() - started) / 1e9);
        return result;
    }

    /**
     * Returns where the failover audit log of a run goes: beside the report, named after it.
     *
     * @param report the report path
     * @return the audit log path ({@code x-failover-audit.jsonl} for {@code x.html})
     */
    public static Path auditLogPath(Path report) {
        String name = report.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return report.resolveSibling(stem + "-failover-audit.jsonl");
    }
}
