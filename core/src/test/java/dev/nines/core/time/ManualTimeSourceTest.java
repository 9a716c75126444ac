package dev.nines.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ManualTimeSourceTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void startsAtTheGivenInstantAndOrigin() {
        ManualTimeSource time = ManualTimeSource.at(START, -5_000L);

        assertThat(time.now()).isEqualTo(START);
        assertThat(time.nanoTime()).isEqualTo(-5_000L);
        assertThat(time.currentTimeMillis()).isEqualTo(START.toEpochMilli());
        assertThat(time.elapsed()).isEqualTo(Duration.ZERO);
        assertThat(ManualTimeSource.at(START).nanoTime()).isZero();
    }

    @Test
    void advanceMovesBothClocksTogether() {
        ManualTimeSource time = ManualTimeSource.at(START);

        time.advance(Duration.ofMillis(1500)).advanceNanos(250);

        assertThat(time.nanoTime()).isEqualTo(1_500_000_250L);
        assertThat(time.now()).isEqualTo(START.plusNanos(1_500_000_250L));
        assertThat(time.currentTimeMillis()).isEqualTo(START.toEpochMilli() + 1500);
        assertThat(time.elapsed()).isEqualTo(Duration.ofNanos(1_500_000_250L));
    }

    @Test
    void currentTimeMillisMatchesNowWhenStartHasSubMillisecondNanos() {
        ManualTimeSource time = ManualTimeSource.at(START.plusNanos(999_999));

        time.advanceNanos(1);

        assertThat(time.currentTimeMillis())
                .isEqualTo(time.now().toEpochMilli())
                .isEqualTo(START.toEpochMilli() + 1);
    }

    @Test
    void advanceToMovesToTheTargetInstant() {
        ManualTimeSource time = ManualTimeSource.at(START);

        time.advanceTo(START.plusSeconds(90));

        assertThat(time.now()).isEqualTo(START.plusSeconds(90));
        assertThat(time.nanoTime()).isEqualTo(TimeUnit.SECONDS.toNanos(90));
        time.advanceTo(START.plusSeconds(90));
        assertThat(time.now()).isEqualTo(START.plusSeconds(90));
    }

    @Test
    void rejectsNegativeAdvanceWithAClearMessageAndKeepsTheClock() {
        ManualTimeSource time = ManualTimeSource.at(START);
        time.advance(Duration.ofSeconds(1));

        assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration must not be negative, was PT-1S");
        assertThatThrownBy(() -> time.advanceNanos(-7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nanos must not be negative, was -7");
        assertThatThrownBy(() -> time.advanceTo(START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target must not be before now")
                .hasMessageContaining(START.toString());
        assertThat(time.elapsed()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsAnAdvanceThatWouldOverflow() {
        ManualTimeSource time = ManualTimeSource.at(START);
        time.advanceNanos(Long.MAX_VALUE - 10);

        assertThatThrownBy(() -> time.advanceNanos(11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> time.advance(Duration.ofDays(365L * 1000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
        assertThat(time.elapsed()).isEqualTo(Duration.ofNanos(Long.MAX_VALUE - 10));
    }

    @Test
    void rejectsNullArguments() {
        assertThatThrownBy(() -> ManualTimeSource.at(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("start");
        assertThatThrownBy(() -> ManualTimeSource.at(START).advance(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("duration");
    }

    @Property
    void clocksAreMonotonicAndAdvanceByTheSumOfSteps(
            @ForAll @Size(max = 50) List<@LongRange(min = 0, max = 1_000_000_000_000L) Long> steps,
            @ForAll long origin) {
        ManualTimeSource time = ManualTimeSource.at(START, origin);
        long total = 0;
        Instant previousNow = time.now();
        long previousNanos = time.nanoTime();
        for (long step : steps) {
            time.advanceNanos(step);
            total += step;
            assertThat(time.now()).isAfterOrEqualTo(previousNow);
            assertThat(time.nanoTime() - previousNanos).isEqualTo(step);
            previousNow = time.now();
            previousNanos = time.nanoTime();
        }
        assertThat(time.nanoTime() - origin).isEqualTo(total);
        assertThat(time.now()).isEqualTo(START.plusNanos(total));
        assertThat(time.currentTimeMillis()).isEqualTo(time.now().toEpochMilli());
    }

    @Test
    void concurrentAdvancesAddUpExactlyAndReadersSeeBothClocksInStep() throws Exception {
        ManualTimeSource time = ManualTimeSource.at(START, 123);
        int writers = 4;
        int advancesPerWriter = 50_000;
        int readers = 2;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                results.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < advancesPerWriter; i++) {
                        time.advanceNanos(3);
                    }
                    return true;
                }));
            }
            for (int r = 0; r < readers; r++) {
                results.add(pool.submit(() -> {
                    go.await();
                    long lastNanos = Long.MIN_VALUE;
                    for (int i = 0; i < advancesPerWriter; i++) {
                        long nanos = time.nanoTime();
                        if (nanos < lastNanos) {
                            return false;
                        }
                        lastNanos = nanos;
                    }
                    return true;
                }));
            }
            go.countDown();
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        long expected = 3L * writers * advancesPerWriter;
        assertThat(time.nanoTime()).isEqualTo(123 + expected);
        assertThat(time.now()).isEqualTo(START.plusNanos(expected));
    }
}
