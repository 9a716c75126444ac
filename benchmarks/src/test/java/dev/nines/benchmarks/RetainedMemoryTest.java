package dev.nines.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetainedMemoryTest {

    @Test
    void thirtyDaySloTrackerStaysWithinOneMebibyteAndBreakerWithinFourKibibytes() {
        List<RetainedMemory.Figure> figures = RetainedMemory.measure();

        assertThat(figures).extracting(RetainedMemory.Figure::what)
                .anyMatch(what -> what.contains("CircuitBreaker"))
                .anyMatch(what -> what.contains("SloTracker"));
        for (RetainedMemory.Figure figure : figures) {
            assertThat(figure.bytes()).as(figure.what()).isPositive();
            long limit = figure.what().contains("SloTracker") ? 1L << 20 : 4L << 10;
            assertThat(figure.bytes()).as(figure.what()).isLessThanOrEqualTo(limit);
        }
        String table = BenchmarkSuite.retainedMemory(figures);
        assertThat(table).contains("## Retained memory").contains("| Nines SloTracker");
    }
}
