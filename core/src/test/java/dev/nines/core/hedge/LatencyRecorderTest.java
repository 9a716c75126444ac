package dev.nines.core.hedge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Property
    void aValueFallsInABucketWhoseRangeHoldsItWithinOneSixteenth(
            @ForAll @LongRange(min = 0, max = 1L << 43) long value) {
        int bucket = LatencyRecorder.bucketOf(value);
        long highest = LatencyRecorder.highestValueOf(bucket);
        long previousHighest = bucket == 0 ? -1 : LatencyRecorder.highestValueOf(bucket - 1);
        assertThat(value).isGreaterThan(previousHighest).isLessThanOrEqualTo(highest);
        assertThat((double) (highest - value)).isLessThanOrEqualTo(value / 16.0);
        assertThat(bucket).isBetween(0, LatencyRecorder.BUCKETS - 1);
    }

    @Property
    void bucketsAreMonotonic(
            @ForAll @LongRange(min = 0, max = 1L << 44) long a, @ForAll @LongRange(min = 0, max = 1L << 44) long b) {
        if (a <= b) {
            assertThat(LatencyRecorder.bucketOf(a)).isLessThanOrEqualTo(LatencyRecorder.bucketOf(b));
        }
    }

    @Property(tries = 300)
    void theQuantileIsWithinOneSixteenthOfTheExactOne(
            @ForAll @Size(min = 1, max = 300) long[] samples, @ForAll @DoubleRange(min = 0.01, max = 0.99) double q) {
        LatencyRecorder recorder = new LatencyRecorder(1_000_000_000L);
        long[] latencies =
                Arrays.stream(samples).map(v -> Math.abs(v % 1_000_000_000L)).toArray();
        for (long latency : latencies) {
            recorder.record(latency, 0);
        }
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        long exact = sorted[(int) Math.max(0, Math.ceil(q * sorted.length) - 1)];
        long estimate = recorder.valueAtQuantile(q, 1, 0);
        assertThat(estimate).isGreaterThanOrEqualTo(exact);
        assertThat((double) (estimate - exact)).isLessThanOrEqualTo(exact / 16.0 + 1);
    }

    @Test
    void fewerThanTheMinimumGiveNoValue() {
        LatencyRecorder recorder = new LatencyRecorder(1_000);
        recorder.record(5, 0);
        assertThat(recorder.valueAtQuantile(0.5, 2, 0)).isEqualTo(-1);
        recorder.record(7, 0);
        assertThat(recorder.valueAtQuantile(0.5, 2, 0)).isEqualTo(5);
    }

    @Test
    void theWindowSlidesInHalves() {
        LatencyRecorder recorder = new LatencyRecorder(1_000);
        recorder.record(100, 0);
        recorder.record(200, 500);
        assertThat(recorder.valueAtQuantile(0.99, 1, 999))
                .isEqualTo(LatencyRecorder.highestValueOf(LatencyRecorder.bucketOf(200)));
        assertThat(recorder.valueAtQuantile(0.01, 1, 999))
                .isEqualTo(LatencyRecorder.highestValueOf(LatencyRecorder.bucketOf(100)));
        assertThat(recorder.valueAtQuantile(0.01, 2, 1_000))
                .as("the first half has slid out")
                .isEqualTo(-1);
        recorder.record(300, 1_000);
        assertThat(recorder.valueAtQuantile(0.01, 1, 1_200))
                .isEqualTo(LatencyRecorder.highestValueOf(LatencyRecorder.bucketOf(200)));
        assertThat(recorder.valueAtQuantile(0.5, 1, 2_000)).as("all slid out").isEqualTo(-1);
    }
}
