package dev.nines.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the Nines benchmark suite and writes JMH's JSON result plus a Markdown table of ratios.
 *
 * <p>Benchmark methods are named {@code <implementation>_<case>}: {@code nines_closedSuccess},
 * {@code resilience4j_closedSuccess}, {@code failsafe_closedSuccess}. Methods of one class that
 * share a case and a thread count form one comparison; the table gives each peer's score and the
 * ratio of Nines' throughput to the peer's (above 1 means Nines is faster). Ratios are what we
 * quote: absolute numbers move between machines.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.nines.benchmarks.BenchmarkSuite            # full run
 * java -cp benchmarks/target/benchmarks.jar dev.nines.benchmarks.BenchmarkSuite --smoke    # one short iteration each
 * options: --include REGEX  --out DIR (JSON and smoke table)  --markdown FILE (default BENCHMARKS.md)
 *          --forks N (1)  --warmups N (3)  --iterations N (5)  --rounds N (1)
 * </pre>
 *
 * <p>With {@code --rounds N} every matching benchmark runs once per round, each in its own JMH
 * run, the order reversed every other round; the table pools the rounds as forks, and a second
 * table gives Nines' ratio to each peer within each round, with their median: on a machine shared
 * with other work the load moves from minute to minute, and a ratio taken within one round,
 * minutes apart rather than an hour, is the figure to quote.
 *
 * <p>The generated tables go between the lines {@value #BEGIN} and {@value #END} of the markdown
 * file, and everything else in it (the hand-written sections of {@code BENCHMARKS.md}) is kept. A
 * file that exists without those lines is refused rather than overwritten; a new file is written
 * with them. A {@code --smoke} table, scratch output under the build directory, is written whole.
 */
public final class BenchmarkSuite {

    private static final String SUBJECT = "nines";

    /** The line before the generated tables in the markdown file. */
    static final String BEGIN = "<!-- BenchmarkSuite: generated tables begin -->";

    /** The line after the generated tables in the markdown file. */
    static final String END = "<!-- BenchmarkSuite: generated tables end -->";

    private BenchmarkSuite() {}

    /**
     * Runs the suite.
     *
     * @param args command-line options, see the class description
     * @throws RunnerException if a benchmark fails
     * @throws IOException if a result file cannot be written
     */
    public static void main(String[] args) throws RunnerException, IOException {
        boolean smoke = false;
        String include = BenchmarkSuite.class.getPackageName() + "\\..*Benchmark.*";
        Path out = Paths.get("benchmarks", "target");
        Path markdown = null;
        int forks = 1;
        int warmups = 3;
        int iterations = 5;
        int rounds = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke":
                    smoke = true;
                    break;
                case "--include":
                    include = requireValue(args, ++i, "--include");
                    break;
                case "--out":
                    out = Paths.get(requireValue(args, ++i, "--out"));
                    break;
                case "--markdown":
                    markdown = Paths.get(requireValue(args, ++i, "--markdown"));
                    break;
                case "--forks":
                    forks = count(args, ++i, "--forks", 0);
                    break;
                case "--warmups":
                    warmups = count(args, ++i, "--warmups", 0);
                    break;
                case "--iterations":
                    iterations = count(args, ++i, "--iterations", 1);
                    break;
                case "--rounds":
                    rounds = count(args, ++i, "--rounds", 1);
                    break;
                case "--help":
                case "-h":
                    System.out.println("usage: BenchmarkSuite [--smoke] [--include REGEX] [--out DIR] [--markdown FILE]"
                            + " [--forks N] [--warmups N] [--iterations N] [--rounds N]");
                    return;
                default:
                    throw new IllegalArgumentException("unknown option: " + args[i] + " (try --help)");
            }
        }
        if (markdown == null) {
            markdown = smoke ? out.resolve("BENCHMARKS-smoke.md") : Paths.get("BENCHMARKS.md");
        }
        Files.createDirectories(out);
        Path json = out.resolve(smoke ? "jmh-smoke.json" : "jmh-result.json");

        ChainedOptionsBuilder options =
                new OptionsBuilder().shouldFailOnError(true).addProfiler(GCProfiler.class);
        if (smoke) {
            options.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(50));
        } else {
            options.forks(forks)
                    .warmupIterations(warmups)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.seconds(1));
        }
        Options base = options.build();
        List<Collection<RunResult>> perRound = new ArrayList<>();
        List<Double> loads = new ArrayList<>();
        if (rounds == 1) {
            loads.add(loadAverage());
            perRound.add(run(base, include));
        } else {
            // One benchmark per JMH run, in alternating order from round to round, so that a change in
            // the machine's load falls on Nines and its peers alike rather than on whichever runs last.
            List<String> benchmarks = new ArrayList<>(new TreeSet<>(benchmarkNames(include)));
            for (int round = 1; round <= rounds; round++) {
                List<RunResult> results = new ArrayList<>();
                List<String> order = new ArrayList<>(benchmarks);
                if (round % 2 == 0) {
                    Collections.reverse(order);
                }
                for (String benchmark : order) {
                    loads.add(loadAverage());
                    results.addAll(run(base, "^" + Pattern.quote(benchmark) + "$"));
                }
                perRound.add(results);
            }
        }
        Collection<RunResult> results = merge(perRound);
        if (results.isEmpty()) {
            throw new IllegalStateException("no benchmark matched --include " + include);
        }
        ResultFormatFactory.getInstance(ResultFormatType.JSON, json.toString()).writeOut(results);
        List<List<Row>> roundRows = new ArrayList<>();
        for (Collection<RunResult> round : perRound) {
            List<Row> rows = new ArrayList<>();
            for (RunResult result : round) {
                rows.add(row(result));
            }
            roundRows.add(rows);
        }
        String table = markdown(results, smoke)
                + runNotes(forks, warmups, iterations, loads)
                + (rounds > 1 ? roundRatios(roundRows) : "")
                + retainedMemory(RetainedMemory.measure());
        if (smoke) {
            // A smoke table is scratch output under the build directory: replaced whole.
            Path parent = markdown.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(markdown, table, StandardCharsets.UTF_8);
        } else {
            writeMarkdown(markdown, table);
        }
        System.out.println("Wrote " + json + " and " + markdown);
    }

    /**
     * Writes the generated tables between {@link #BEGIN} and {@link #END} of {@code file}, keeping
     * the rest of it, or a new file holding only them.
     *
     * @throws IllegalStateException if the file exists but lacks the two lines, so that a run never
     *     overwrites hand-written sections
     */
    static void writeMarkdown(Path file, String generated) throws IOException {
        String block = BEGIN + "\n" + generated + (generated.endsWith("\n") ? "" : "\n") + END + "\n";
        if (!Files.exists(file)) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, block, StandardCharsets.UTF_8);
            return;
        }
        String existing = Files.readString(file, StandardCharsets.UTF_8);
        int begin = existing.indexOf(BEGIN + "\n");
        int end = existing.indexOf(END + "\n", Math.max(begin, 0));
        if (begin < 0 || end < 0) {
            throw new IllegalStateException("--markdown " + file + " exists without the lines '" + BEGIN + "' and '"
                    + END + "' around its generated tables: refusing to overwrite it (pass --markdown with a new"
                    + " file, or add the two lines where the tables belong)");
        }
        String updated = existing.substring(0, begin) + block + existing.substring(end + END.length() + 1);
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    private static Collection<RunResult> run(Options base, String include) throws RunnerException {
        return new Runner(new OptionsBuilder().parent(base).include(include).build()).run();
    }

    private static int count(String[] args, int index, String option, int min) {
        String value = requireValue(args, index, option);
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was " + value, e);
        }
        if (n < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", was " + n);
        }
        return n;
    }

    /** The benchmark methods that {@code include} matches, by their full names. */
    private static List<String> benchmarkNames(String include) {
        List<String> names = new ArrayList<>();
        for (BenchmarkListEntry entry : BenchmarkList.defaultList()
                .find(
                        OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                        List.of(include),
                        List.of())) {
            names.add(entry.getUsername());
        }
        return names;
    }

    /** The runs of each benchmark in every round, pooled as if they were forks of one run. */
    static Collection<RunResult> merge(List<Collection<RunResult>> rounds) {
        Map<String, BenchmarkParams> params = new TreeMap<>();
        Map<String, List<BenchmarkResult>> runs = new TreeMap<>();
        for (Collection<RunResult> round : rounds) {
            for (RunResult result : round) {
                String key = result.getParams().id();
                params.putIfAbsent(key, result.getParams());
                runs.computeIfAbsent(key, k -> new ArrayList<>()).addAll(result.getBenchmarkResults());
            }
        }
        List<RunResult> merged = new ArrayList<>();
        for (Map.Entry<String, List<BenchmarkResult>> entry : runs.entrySet()) {
            merged.add(new RunResult(params.get(entry.getKey()), entry.getValue()));
        }
        return merged;
    }

    /** The 1-minute load average of the machine, or NaN where {@code /proc/loadavg} is missing. */
    private static double loadAverage() {
        try {
            String line = Files.readString(Paths.get("/proc/loadavg"), StandardCharsets.UTF_8);
            return Double.parseDouble(line.substring(0, line.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static String runNotes(int forks, int warmups, int iterations, List<Double> loads) {
        List<Double> known = new ArrayList<>();
        for (double load : loads) {
            if (!Double.isNaN(load)) {
                known.add(load);
            }
        }
        StringBuilder md = new StringBuilder(String.format(
                Locale.ROOT,
                "%nEach JMH run: %d fork%s, %d x 1 s warm-up, %d x 1 s measurement.",
                forks,
                forks == 1 ? "" : "s",
                warmups,
                iterations));
        if (!known.isEmpty()) {
            Collections.sort(known);
            md.append(String.format(
                    Locale.ROOT,
                    " 1-minute load average before each run: min %.2f, median %.2f, max %.2f" + " (%d samples).",
                    known.get(0),
                    median(known),
                    known.get(known.size() - 1),
                    known.size()));
        }
        return md.append('\n').toString();
    }

    /**
     * Nines' ratio to each peer within each round: the figure to quote on a shared machine, where
     * the load moves between runs. The pooled table above mixes every round.
     */
    static String roundRatios(List<List<Row>> rounds) {
        Map<String, List<Double>> ratios = new TreeMap<>();
        for (List<Row> round : rounds) {
            Map<String, Row> subjects = new TreeMap<>();
            for (Row row : round) {
                if (SUBJECT.equals(row.implementation())) {
                    subjects.put(group(row), row);
                }
            }
            for (Row row : round) {
                Row subject = subjects.get(group(row));
                if (subject != null
                        && !SUBJECT.equals(row.implementation())
                        && subject.mode().equals(row.mode())) {
                    double r = row.higherIsBetter() ? subject.score() / row.score() : row.score() / subject.score();
                    ratios.computeIfAbsent(group(row) + " | " + row.implementation(), k -> new ArrayList<>())
                            .add(r);
                }
            }
        }
        StringBuilder md = new StringBuilder(String.format(
                Locale.ROOT,
                "%nNines' ratio to each peer within each of the "
                        + "%d rounds (each round runs every benchmark once, in alternating order):%n%n",
                rounds.size()));
        md.append("| Benchmark | Case | Threads | Peer | Ratio per round | Median | Min | Max |\n");
        md.append("|---|---|---:|---|---|---:|---:|---:|\n");
        for (Map.Entry<String, List<Double>> entry : ratios.entrySet()) {
            List<Double> values = entry.getValue();
            StringBuilder each = new StringBuilder();
            for (double value : values) {
                each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", value));
            }
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            md.append("| ")
                    .append(entry.getKey())
                    .append(" | ")
                    .append(each)
                    .append(String.format(
                            Locale.ROOT,
                            " | %.2fx | %.2fx | %.2fx |%n",
                            median(sorted),
                            sorted.get(0),
                            sorted.get(sorted.size() - 1)));
        }
        return md.toString();
    }

    private static String group(Row row) {
        return row.benchmarkClass() + " | " + (row.benchmarkCase().isEmpty() ? "-" : row.benchmarkCase()) + " | "
                + row.threads();
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String requireValue(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** One benchmark result reduced to what the table shows. */
    record Row(
            String benchmarkClass,
            String implementation,
            String benchmarkCase,
            int threads,
            String mode,
            double score,
            double error,
            String unit,
            double bytesPerOp) {

        boolean higherIsBetter() {
            return "thrpt".equals(mode);
        }
    }

    static String markdown(Collection<RunResult> results, boolean smoke) {
        List<Row> rows = new ArrayList<>();
        for (RunResult result : results) {
            rows.add(row(result));
        }
        return markdown(rows, smoke, machine());
    }

    static Row row(RunResult result) {
        BenchmarkParams params = result.getParams();
        String benchmark = params.getBenchmark();
        int lastDot = benchmark.lastIndexOf('.');
        String className = benchmark.substring(benchmark.lastIndexOf('.', lastDot - 1) + 1, lastDot);
        String method = benchmark.substring(lastDot + 1);
        int underscore = method.indexOf('_');
        String implementation = underscore > 0 ? method.substring(0, underscore) : method;
        String benchmarkCase = underscore > 0 ? method.substring(underscore + 1) : "";
        for (String key : params.getParamsKeys()) {
            // Parameterised benchmarks compare within one parameter value: "recordGood (members=1000)".
            benchmarkCase += (benchmarkCase.contains("(") ? ", " : " (") + key + "=" + params.getParam(key);
        }
        if (benchmarkCase.contains("(")) {
            benchmarkCase += ")";
        }
        Result<?> primary = result.getPrimaryResult();
        Result<?> alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
        double bytes = alloc == null ? Double.NaN : alloc.getScore();
        return new Row(
                className,
                implementation,
                benchmarkCase,
                params.getThreads(),
                params.getMode().shortLabel(),
                primary.getScore(),
                primary.getScoreError(),
                primary.getScoreUnit(),
                bytes);
    }

    static String markdown(List<Row> rows, boolean smoke, String machine) {
        StringBuilder md = new StringBuilder();
        md.append("# Nines benchmarks\n\n");
        if (smoke) {
            md.append("**Smoke run** (one 50 ms iteration, no fork, no warm-up): checks that every benchmark runs; "
                    + "the numbers mean nothing.\n\n");
        }
        md.append("Machine: ").append(machine).append("\n\n");
        md.append("Generated by `dev.nines.benchmarks.BenchmarkSuite` from JMH results. Each comparison runs Nines "
                + "and its peers in the same JMH run. *Ratio* is Nines' throughput divided by the peer's (for "
                + "time-per-operation modes, the peer's time divided by Nines'): above 1 means Nines is faster. "
                + "B/op is JMH's `gc.alloc.rate.norm`.\n\n");
        Map<String, List<Row>> groups = new TreeMap<>();
        for (Row row : rows) {
            groups.computeIfAbsent(
                            row.benchmarkClass() + " / " + row.benchmarkCase() + " / " + row.threads(),
                            k -> new ArrayList<>())
                    .add(row);
        }
        md.append("| Benchmark | Case | Threads | Implementation | Score | Error | Unit | B/op | Nines ratio |\n");
        md.append("|---|---|---:|---|---:|---:|---|---:|---:|\n");
        for (List<Row> group : groups.values()) {
            Row subject = null;
            for (Row row : group) {
                if (SUBJECT.equals(row.implementation())) {
                    subject = row;
                }
            }
            group.sort((a, b) -> SUBJECT.equals(a.implementation())
                    ? -1
                    : SUBJECT.equals(b.implementation())
                            ? 1
                            : a.implementation().compareTo(b.implementation()));
            for (Row row : group) {
                String ratio = "";
                if (subject != null
                        && !SUBJECT.equals(row.implementation())
                        && subject.mode().equals(row.mode())) {
                    double r = row.higherIsBetter() ? subject.score() / row.score() : row.score() / subject.score();
                    ratio = String.format(Locale.ROOT, "%.2fx", r);
                }
                md.append("| ")
                        .append(row.benchmarkClass())
                        .append(" | ")
                        .append(row.benchmarkCase().isEmpty() ? "-" : row.benchmarkCase())
                        .append(" | ")
                        .append(row.threads())
                        .append(" | ")
                        .append(row.implementation())
                        .append(" | ")
                        .append(number(row.score()))
                        .append(" | ")
                        .append(number(row.error()))
                        .append(" | ")
                        .append(row.unit())
                        .append(" | ")
                        .append(
                                Double.isNaN(row.bytesPerOp())
                                        ? "-"
                                        : String.format(Locale.ROOT, "%.1f", row.bytesPerOp()))
                        .append(" | ")
                        .append(ratio)
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    static String retainedMemory(List<RetainedMemory.Figure> figures) {
        StringBuilder md = new StringBuilder("\n## Retained memory\n\nMeasured with JOL (object graph walk), "
                + "excluding the shared time source.\n\n| Object | Bytes |\n|---|---:|\n");
        for (RetainedMemory.Figure figure : figures) {
            md.append("| ")
                    .append(figure.what())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", figure.bytes()))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: keep "unknown CPU"
        }
        return String.format(
                Locale.ROOT,
                "%s, %d cores, %s %s (%s), %s %s",
                cpu,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                System.getProperty("java.vendor"),
                System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }
}
