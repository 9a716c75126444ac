package dev.nines.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetainedMemoryTest {

    @Test
    void thirtyDaySloTrackerAndGroupMemberStayWithin160KibibytesAndBreakerWithinFourKibibytes() {
        List<RetainedMemory.Figure> figures = RetainedMemory.measure();

        assertThat(figures)
                .extracting(RetainedMemory.Figure::what)
                .anyMatch(what -> what.contains("CircuitBreaker"))
                .anyMatch(what -> what.contains("SloTracker"))
                .contains(RetainedMemory.COUNTS, RetainedMemory.MEMBER);
        for (RetainedMemory.Figure figure : figures) {
            assertThat(figure.bytes()).as(figure.what()).isPositive();
            // Issue 17: at most 160 KiB per 30-day tracker of counts; the latency SLI adds ~190 KiB of histograms.
            boolean counts =
                    figure.what().equals(RetainedMemory.COUNTS) || figure.what().equals(RetainedMemory.MEMBER);
            long limit = counts ? 160L << 10 : figure.what().contains("latency") ? 384L << 10 : 4L << 10;
            assertThat(figure.bytes()).as(figure.what()).isLessThanOrEqualTo(limit);
        }
        String table = BenchmarkSuite.retainedMemory(figures);
        assertThat(table).contains("## Retained memory").contains("| Nines SloTracker");
    }
}
