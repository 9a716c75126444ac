package dev.nines.benchmarks;

import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.export.OpenSlo;
import dev.nines.slo.export.OpenSloFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The OpenSLO reader's time on the largest inputs it accepts and on hostile ones it rejects, with
 * the default limits (1 MiB, depth 32, 10,000 nodes).
 *
 * <ul>
 *   <li>{@code typical}: a Nines document with the SRE Workbook policy (5 KB, 337 nodes);</li>
 *   <li>{@code largestAcceptedScalar}: the largest accepted document, 1 MiB less a few bytes, most of
 *       it one long description (kept whole in its annotation);</li>
 *   <li>{@code largestAcceptedNodes}: a document with 9,501 label values, 9,839 nodes, just under the node limit;</li>
 *   <li>{@code rejectOverSize}: 2 MiB, rejected before parsing;</li>
 *   <li>{@code rejectDeepNesting}: 1 MiB of {@code [}, rejected at depth 32;</li>
 *   <li>{@code rejectTooManyNodes}: 1 MiB of a flow sequence, rejected at node 10,001;</li>
 *   <li>{@code rejectHugeScalar}: an {@code apiVersion} of 1 MiB, scanned whole, then rejected.</li>
 * </ul>
 * Goal: every case well under a second (the bound for hostile input).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OpenSloReadBenchmark {

    /** The documents, built once. */
    @State(Scope.Benchmark)
    public static class Documents {
        String typical;
        String largestAcceptedScalar;
        String largestAcceptedNodes;
        String overSize;
        String deepNesting;
        String tooManyNodes;
        String hugeScalar;

        /** Builds every document and checks that each is accepted or rejected as named. */
        @Setup
        public void setUp() {
            Slo slo = Slo.builder("checkout")
                    .objective(0.999)
                    .window(SloWindow.rolling(Duration.ofDays(30)))
                    .description("Checkout requests that do not fail")
                    .label("team", "payments")
                    .build();
            typical = OpenSlo.write(slo, BurnRateAlertPolicy.sreWorkbook());
            int room = OpenSlo.ReadOptions.DEFAULT_MAX_BYTES - bytes(typical) - 1_200;
            largestAcceptedScalar = OpenSlo.write(
                    slo.toBuilder().description("d".repeat(room)).build(), BurnRateAlertPolicy.sreWorkbook());
            largestAcceptedNodes =
                    typical.replace("    team: payments\n", "    team: [" + "v, ".repeat(9_500) + "v]\n");
            overSize = "x".repeat(2 * OpenSlo.ReadOptions.DEFAULT_MAX_BYTES);
            deepNesting = "[".repeat(OpenSlo.ReadOptions.DEFAULT_MAX_BYTES);
            tooManyNodes = "[" + "a,".repeat(OpenSlo.ReadOptions.DEFAULT_MAX_BYTES / 2 - 1) + "]";
            hugeScalar = "apiVersion: " + "v".repeat(OpenSlo.ReadOptions.DEFAULT_MAX_BYTES - 20) + "\n";
            OpenSlo.read(largestAcceptedScalar);
            OpenSlo.read(largestAcceptedNodes);
            if (bytes(largestAcceptedScalar) < OpenSlo.ReadOptions.DEFAULT_MAX_BYTES - 2_000) {
                throw new IllegalStateException("not the largest: " + bytes(largestAcceptedScalar));
            }
            for (String hostile : new String[] {overSize, deepNesting, tooManyNodes, hugeScalar}) {
                if (!(read(hostile) instanceof OpenSloFormatException)) {
                    throw new IllegalStateException("a hostile input was accepted");
                }
            }
        }

        static int bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    static Object read(String yaml) {
        try {
            return OpenSlo.read(yaml);
        } catch (OpenSloFormatException e) {
            return e;
        }
    }

    /**
     * Reads a typical document.
     *
     * @param d the documents
     * @return the result, for the blackhole
     */
    @Benchmark
    public Object typical(Documents d) {
        return read(d.typical);
    }

    /**
     * Reads the largest accepted document (one long scalar).
     *
     * @param d the documents
     * @return the result
     */
    @Benchmark
    public Object largestAcceptedScalar(Documents d) {
        return read(d.largestAcceptedScalar);
    }

    /**
     * Reads a document just under the node limit.
     *
     * @param d the documents
     * @return the result
     */
    @Benchmark
    public Object largestAcceptedNodes(Documents d) {
        return read(d.largestAcceptedNodes);
    }

    /**
     * Rejects a 2 MiB document before parsing.
     *
     * @param d the documents
     * @return the exception
     */
    @Benchmark
    public Object rejectOverSize(Documents d) {
        return read(d.overSize);
    }

    /**
     * Rejects 1 MiB of nesting at depth 32.
     *
     * @param d the documents
     * @return the exception
     */
    @Benchmark
    public Object rejectDeepNesting(Documents d) {
        return read(d.deepNesting);
    }

    /**
     * Rejects a 1 MiB flow sequence at the node limit.
     *
     * @param d the documents
     * @return the exception
     */
    @Benchmark
    public Object rejectTooManyNodes(Documents d) {
        return read(d.tooManyNodes);
    }

    /**
     * Rejects a 1 MiB scalar in the wrong field.
     *
     * @param d the documents
     * @return the exception
     */
    @Benchmark
    public Object rejectHugeScalar(Documents d) {
        return read(d.hugeScalar);
    }
}
