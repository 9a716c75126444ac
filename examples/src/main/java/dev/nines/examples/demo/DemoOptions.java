package dev.nines.examples.demo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The demo's command-line options.
 *
 * @param seed the random seed; the same seed gives the same run
 * @param days the simulated days, 3 to 120
 * @param out where the HTML report is written
 * @param help whether {@code --help} was asked for
 */
public record DemoOptions(long seed, int days, Path out, boolean help) {

    /** The usage text printed by {@code --help}. */
    public static final String USAGE = String.join(
            System.lineSeparator(),
            "Usage: java -jar examples/target/nines-demo.jar [--seed N] [--days N] [--out FILE] [--help]",
            "",
            "Simulates a checkout service in virtual time: a flaky payment provider behind a circuit",
            "breaker, a retry budget and a stale cache; a database with a standby region; an SLO with",
            "burn-rate alerts; then forecasts next month's traffic and recommends replicas.",
            "",
            "  --seed N    random seed (default 42); the same seed gives the same run",
            "  --days N    simulated days, 3 to 120 (default 30)",
            "  --out FILE  the HTML report to write (default target/nines-demo-report.html)",
            "  --help      print this text");

    /**
     * Checks the options.
     *
     * @param seed the random seed
     * @param days the simulated days
     * @param out the report path
     * @param help whether help was asked for
     */
    public DemoOptions {
        Objects.requireNonNull(out, "out");
        if (days < 3 || days > 120) {
            throw new IllegalArgumentException("--days must be in [3, 120], was " + days);
        }
    }

    /**
     * Returns the defaults: seed 42, 30 days, {@code target/nines-demo-report.html}.
     *
     * @return the defaults
     */
    public static DemoOptions defaults() {
        return new DemoOptions(42, 30, Path.of("target", "nines-demo-report.html"), false);
    }

    /**
     * Parses command-line arguments.
     *
     * @param args the arguments
     * @return the options
     * @throws IllegalArgumentException on an unknown option or a bad value
     */
    public static DemoOptions parse(String... args) {
        DemoOptions defaults = defaults();
        long seed = defaults.seed();
        int days = defaults.days();
        Path out = defaults.out();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--seed" -> seed = parseLong("--seed", value(args, ++i, arg));
                case "--days" -> days = (int) parseLong("--days", value(args, ++i, arg));
                case "--out" -> out = Path.of(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
            }
        }
        return new DemoOptions(seed, days, out, help);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was " + value, e);
        }
    }
}
