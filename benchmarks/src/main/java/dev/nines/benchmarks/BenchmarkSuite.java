package dev.nines.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

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
 * </pre>
 */
public final class BenchmarkSuite {

    private static final String SUBJECT = "nines";

    private BenchmarkSuite() {
    }

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
                case "--help":
                case "-h":
                    System.out.println("usage: BenchmarkSuite [--smoke] [--include REGEX] [--out DIR] [--markdown FILE]");
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

        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .shouldFailOnError(true)
                .addProfiler(GCProfiler.class)
                .result(json.toString())
                .resultFormat(ResultFormatType.JSON);
        if (smoke) {
            options.forks(0)
                    .warmupIterations(0)
                    .measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(50));
        } else {
            options.forks(1)
                    .warmupIterations(3)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(5)
                    .measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.isEmpty()) {
            throw new IllegalStateException("no benchmark matched --include " + include);
        }
        String table = markdown(results, smoke) + retainedMemory(RetainedMemory.measure());
        Path parent = markdown.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(markdown, table, StandardCharsets.UTF_8);
        System.out.println("Wrote " + json + " and " + markdown);
    }

    private static String requireValue(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    /** One benchmark result reduced to what the table shows. */
    record Row(String benchmarkClass, String implementation, String benchmarkCase, int threads,
               String mode, double score, double error, String unit, double bytesPerOp) {

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
        return new Row(className, implementation, benchmarkCase, params.getThreads(), params.getMode().shortLabel(),
                primary.getScore(), primary.getScoreError(), primary.getScoreUnit(), bytes);
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
            groups.computeIfAbsent(row.benchmarkClass() + " / " + row.benchmarkCase() + " / " + row.threads(),
                    k -> new ArrayList<>()).add(row);
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
            group.sort((a, b) -> SUBJECT.equals(a.implementation()) ? -1
                    : SUBJECT.equals(b.implementation()) ? 1 : a.implementation().compareTo(b.implementation()));
            for (Row row : group) {
                String ratio = "";
                if (subject != null && row != subject && subject.mode().equals(row.mode())) {
                    double r = row.higherIsBetter() ? subject.score() / row.score() : row.score() / subject.score();
                    ratio = String.format(Locale.ROOT, "%.2fx", r);
                }
                md.append("| ").append(row.benchmarkClass())
                        .append(" | ").append(row.benchmarkCase().isEmpty() ? "-" : row.benchmarkCase())
                        .append(" | ").append(row.threads())
                        .append(" | ").append(row.implementation())
                        .append(" | ").append(number(row.score()))
                        .append(" | ").append(number(row.error()))
                        .append(" | ").append(row.unit())
                        .append(" | ").append(Double.isNaN(row.bytesPerOp()) ? "-" : String.format(Locale.ROOT, "%.1f", row.bytesPerOp()))
                        .append(" | ").append(ratio)
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    static String retainedMemory(List<RetainedMemory.Figure> figures) {
        StringBuilder md = new StringBuilder("\n## Retained memory\n\nMeasured with JOL (object graph walk), "
                + "excluding the shared time source.\n\n| Object | Bytes |\n|---|---:|\n");
        for (RetainedMemory.Figure figure : figures) {
            md.append("| ").append(figure.what()).append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", figure.bytes())).append(" |\n");
        }
        return md.toString();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3f", value);
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
        return String.format(Locale.ROOT, "%s, %d cores, %s %s (%s), %s %s", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }
}
