package dev.nines.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkSuiteTest {

    @Test
    void tableGivesNinesRatioToEachPeerOfTheSameCaseAndThreadCount() {
        List<BenchmarkSuite.Row> rows = List.of(
                new BenchmarkSuite.Row(
                        "CircuitBreakerBenchmark", "resilience4j", "closedSuccess", 1, "thrpt", 50, 1, "ops/us", 0),
                new BenchmarkSuite.Row(
                        "CircuitBreakerBenchmark", "nines", "closedSuccess", 1, "thrpt", 150, 2, "ops/us", 0),
                new BenchmarkSuite.Row(
                        "CircuitBreakerBenchmark", "failsafe", "closedSuccess", 1, "thrpt", 30, 1, "ops/us", 24),
                new BenchmarkSuite.Row(
                        "CircuitBreakerBenchmark", "resilience4j", "closedSuccess", 2, "thrpt", 40, 1, "ops/us", 0),
                new BenchmarkSuite.Row(
                        "CircuitBreakerBenchmark", "nines", "closedSuccess", 2, "thrpt", 160, 1, "ops/us", 0),
                new BenchmarkSuite.Row("HoltWintersBenchmark", "nines", "fit", 1, "avgt", 120, 3, "ms/op", Double.NaN));

        String table = BenchmarkSuite.markdown(rows, false, "test machine");

        assertThat(table).contains("Machine: test machine");
        assertThat(table)
                .contains(
                        "| CircuitBreakerBenchmark | closedSuccess | 1 | resilience4j | 50.000 | 1.000 | ops/us | 0.0 | 3.00x |");
        assertThat(table)
                .contains(
                        "| CircuitBreakerBenchmark | closedSuccess | 1 | failsafe | 30.000 | 1.000 | ops/us | 24.0 | 5.00x |");
        assertThat(table)
                .contains(
                        "| CircuitBreakerBenchmark | closedSuccess | 2 | resilience4j | 40.000 | 1.000 | ops/us | 0.0 | 4.00x |");
        assertThat(table).contains("| HoltWintersBenchmark | fit | 1 | nines | 120 | 3.000 | ms/op | - |  |");
        // Nines comes first in each comparison and carries no ratio to itself.
        assertThat(table.indexOf("| 1 | nines | 150")).isLessThan(table.indexOf("| 1 | failsafe |"));
        assertThat(table)
                .contains("| CircuitBreakerBenchmark | closedSuccess | 1 | nines | 150 | 2.000 | ops/us | 0.0 |  |");
    }

    @Test
    void timePerOperationRatiosPutThePeerOnTop() {
        List<BenchmarkSuite.Row> rows = List.of(
                new BenchmarkSuite.Row("FitBenchmark", "nines", "fit", 1, "avgt", 100, 1, "ms/op", 0),
                new BenchmarkSuite.Row("FitBenchmark", "other", "fit", 1, "avgt", 250, 1, "ms/op", 0));

        assertThat(BenchmarkSuite.markdown(rows, true, "m"))
                .contains("Smoke run")
                .contains("| FitBenchmark | fit | 1 | other | 250 | 1.000 | ms/op | 0.0 | 2.50x |");
    }

    @Test
    void roundRatiosGiveNinesRatioToEachPeerWithinEachRoundAndTheirMedian() {
        List<List<BenchmarkSuite.Row>> rounds = List.of(
                List.of(
                        new BenchmarkSuite.Row("PipelineBenchmark", "nines", "retry", 1, "thrpt", 20, 1, "ops/us", 0),
                        new BenchmarkSuite.Row(
                                "PipelineBenchmark", "resilience4j", "retry", 1, "thrpt", 10, 1, "ops/us", 80),
                        new BenchmarkSuite.Row("PipelineBenchmark", "floor", "retry", 1, "thrpt", 40, 1, "ops/us", 0)),
                List.of(
                        new BenchmarkSuite.Row(
                                "PipelineBenchmark", "resilience4j", "retry", 1, "thrpt", 5, 1, "ops/us", 80),
                        new BenchmarkSuite.Row("PipelineBenchmark", "nines", "retry", 1, "thrpt", 15, 1, "ops/us", 0),
                        new BenchmarkSuite.Row("PipelineBenchmark", "floor", "retry", 1, "thrpt", 20, 1, "ops/us", 0)),
                List.of(
                        new BenchmarkSuite.Row("PipelineBenchmark", "nines", "retry", 1, "thrpt", 12, 1, "ops/us", 0),
                        new BenchmarkSuite.Row(
                                "PipelineBenchmark", "resilience4j", "retry", 1, "thrpt", 3, 1, "ops/us", 80),
                        new BenchmarkSuite.Row("PipelineBenchmark", "floor", "retry", 1, "thrpt", 16, 1, "ops/us", 0)));

        String table = BenchmarkSuite.roundRatios(rounds);

        assertThat(table).contains("each of the 3 rounds");
        assertThat(table)
                .contains(
                        "| PipelineBenchmark | retry | 1 | resilience4j | 2.00, 3.00, 4.00 | 3.00x | 2.00x | 4.00x |");
        assertThat(table)
                .contains("| PipelineBenchmark | retry | 1 | floor | 0.50, 0.75, 0.75 | 0.75x | 0.50x | 0.75x |");
        assertThat(table).doesNotContain("| nines |");
    }

    @Test
    void runNotesGiveTheSettingsAndTheLoadOfTheMachineSkippingUnknownSamples() {
        assertThat(BenchmarkSuite.runNotes(3, 5, 10, List.of(4.0, Double.NaN, 1.0, 2.0)))
                .contains("3 forks, 5 x 1 s warm-up, 10 x 1 s measurement.")
                .contains("min 1.00, median 2.00, max 4.00 (3 samples)");
        assertThat(BenchmarkSuite.runNotes(1, 3, 5, List.of(Double.NaN))).doesNotContain("load average");
    }

    @Test
    void markdownReplacesOnlyTheGeneratedBlockOfAnExistingFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(
                file,
                "intro\n" + BenchmarkSuite.BEGIN + "\nold table\n" + BenchmarkSuite.END + "\n## Hand-written\nkept\n");

        BenchmarkSuite.writeMarkdown(file, "new table\n");

        assertThat(Files.readString(file))
                .isEqualTo("intro\n" + BenchmarkSuite.BEGIN + "\nnew table\n" + BenchmarkSuite.END
                        + "\n## Hand-written\nkept\n");
    }

    @Test
    void markdownRefusesToOverwriteAFileWithoutTheMarkersAndLeavesItAlone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notes.md");
        Files.writeString(file, "# Hand-written only\n");

        assertThatThrownBy(() -> BenchmarkSuite.writeMarkdown(file, "table\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(BenchmarkSuite.BEGIN);
        assertThat(Files.readString(file)).isEqualTo("# Hand-written only\n");
    }

    @Test
    void markdownWritesANewFileWithTheMarkers(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/new.md");

        BenchmarkSuite.writeMarkdown(file, "table");

        assertThat(Files.readString(file)).isEqualTo(BenchmarkSuite.BEGIN + "\ntable\n" + BenchmarkSuite.END + "\n");
    }

    @Test
    void theCommittedBenchmarksFileHasTheMarkers() throws Exception {
        Path file = Path.of("..", "BENCHMARKS.md");
        String text = Files.readString(file);
        assertThat(text).contains(BenchmarkSuite.BEGIN + "\n").contains(BenchmarkSuite.END + "\n");
        assertThat(text.indexOf(BenchmarkSuite.BEGIN)).isLessThan(text.indexOf(BenchmarkSuite.END));
    }
}
