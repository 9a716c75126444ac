package dev.nines.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeSourceTest {

    @Test
    void systemSourceIsSharedAndReadsTheJvmClocks() {
        TimeSource time = TimeSource.system();
        assertThat(TimeSource.system()).isSameAs(time);

        long before = System.nanoTime();
        long nanos = time.nanoTime();
        long after = System.nanoTime();
        assertThat(nanos - before).isNotNegative();
        assertThat(after - nanos).isNotNegative();

        Instant lower = Instant.now();
        Instant now = time.now();
        long millis = time.currentTimeMillis();
        assertThat(now).isAfterOrEqualTo(lower);
        assertThat(millis).isGreaterThanOrEqualTo(lower.toEpochMilli());
    }

    @Test
    void defaultCurrentTimeMillisIsDerivedFromNow() {
        Instant fixed = Instant.parse("2026-03-01T12:00:00.123456Z");
        TimeSource time = new TimeSource() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public Instant now() {
                return fixed;
            }
        };
        assertThat(time.currentTimeMillis()).isEqualTo(fixed.toEpochMilli());
    }
}
