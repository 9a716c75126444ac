package dev.nines.failover.client;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

    @Property(tries = 2_000)
    void everyValueFallsInItsBucketAndTheRepresentativeIsWithinOneSixteenth(
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long nanos) {
        int index = LatencyBuckets.index(nanos);
        assertThat(index).isBetween(0, LatencyBuckets.BUCKETS - 1);
        assertThat(LatencyBuckets.lowerBound(index)).isLessThanOrEqualTo(nanos);
        if (index + 1 < LatencyBuckets.BUCKETS) {
            assertThat(LatencyBuckets.lowerBound(index + 1)).isGreaterThan(nanos);
        }
        double error = Math.abs((double) LatencyBuckets.representative(index) - nanos);
        assertThat(error).isLessThanOrEqualTo(nanos / 16.0 + 1);
    }

    @Test
    void bucketsAreContiguousAndIncreasing() {
        for (int i = 1; i < LatencyBuckets.BUCKETS; i++) {
            long low = LatencyBuckets.lowerBound(i);
            assertThat(low).isGreaterThan(LatencyBuckets.lowerBound(i - 1));
            assertThat(LatencyBuckets.index(low)).isEqualTo(i);
            assertThat(LatencyBuckets.index(low - 1)).isEqualTo(i - 1);
        }
        assertThat(LatencyBuckets.index(-5)).isZero();
    }

    @Test
    void drainGivesTheIntervalAndPercentilesReadIt() {
        LatencyBuckets buckets = new LatencyBuckets();
        for (int i = 1; i <= 100; i++) {
            buckets.record(i * 1_000_000L); // 1..100 ms
        }
        long[] interval = new long[LatencyBuckets.BUCKETS];
        assertThat(buckets.drainInto(interval)).isEqualTo(100);
        assertThat((double) LatencyBuckets.percentile(interval, 100, 50)).isCloseTo(50e6, within(50e6));
        assertThat((double) LatencyBuckets.percentile(interval, 100, 99)).isCloseTo(99e6, within(99e6));
        buckets.record(7);
        assertThat(buckets.drainInto(interval)).isEqualTo(1);
        assertThat(LatencyBuckets.percentile(interval, 1, 99)).isEqualTo(7);
        assertThat(buckets.drainInto(interval)).isZero();
        assertThat(buckets.total()).isEqualTo(101);
    }

    private static org.assertj.core.data.Offset<Double> within(double value) {
        return org.assertj.core.data.Offset.offset(value / 16);
    }
}
