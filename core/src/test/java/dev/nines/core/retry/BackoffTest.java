package dev.nines.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long MS = 1_000_000L;

    @Test
    void fixedWaitsTheSameEveryTime() {
        Backoff backoff = Backoff.fixed(Duration.ofMillis(500));
        assertThat(backoff.delayNanos(1)).isEqualTo(500 * MS);
        assertThat(backoff.delayNanos(7)).isEqualTo(500 * MS);
    }

    @Test
    void exponentialDoublesUpToTheCap() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofMillis(1_000));
        assertThat(backoff.delayNanos(1)).isEqualTo(100 * MS);
        assertThat(backoff.delayNanos(2)).isEqualTo(200 * MS);
        assertThat(backoff.delayNanos(3)).isEqualTo(400 * MS);
        assertThat(backoff.delayNanos(4)).isEqualTo(800 * MS);
        assertThat(backoff.delayNanos(5)).isEqualTo(1_000 * MS);
        assertThat(backoff.delayNanos(10_000)).isEqualTo(1_000 * MS);
    }

    @Test
    void uncappedExponentialSaturatesInsteadOfOverflowing() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), 10.0);
        assertThat(backoff.delayNanos(1_000)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void withMaxIntervalCapsAnyBackoff() {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(100), 3.0).withMaxInterval(Duration.ofMillis(250));
        assertThat(backoff.delayNanos(1)).isEqualTo(100 * MS);
        assertThat(backoff.delayNanos(2)).isEqualTo(250 * MS);
    }

    @Test
    void adaptsResilience4jIntervalFunctions() {
        Backoff backoff = Backoff.of(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2.0));
        assertThat(backoff.delayNanos(1)).isEqualTo(100 * MS);
        assertThat(backoff.delayNanos(3)).isEqualTo(400 * MS);
    }

    @Test
    void rejectsBadArgumentsWithTheHouseMessage() {
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofMillis(-1)))
                .hasMessage("waitDuration must not be negative, was PT-0.001S");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(100), 0.5))
                .hasMessage("multiplier must be a finite number at least 1.0, was 0.5");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(100), 2.0, Duration.ofMillis(50)))
                .hasMessage("maxInterval must be at least initialInterval (PT0.1S), was PT0.05S");
        assertThatThrownBy(() -> Backoff.fixed(Duration.ofMillis(1)).withJitter(1.5))
                .hasMessage("randomizationFactor must be in [0, 1], was 1.5");
    }

    @Property(tries = 1_000)
    void jitterStaysWithinTheRandomizationFactor(
            @ForAll @IntRange(min = 1, max = 40) int attempts,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double factor) {
        Backoff base = Backoff.exponential(Duration.ofMillis(10), 1.5, Duration.ofSeconds(30));
        long delay = base.withJitter(factor).delayNanos(attempts);
        long expected = base.delayNanos(attempts);
        assertThat((double) delay).isBetween(expected * (1 - factor) - 1, expected * (1 + factor) + 1);
    }

    @Property(tries = 1_000)
    void cappedExponentialIsMonotoneAndBounded(
            @ForAll @IntRange(min = 1, max = 200) int attempts,
            @ForAll @DoubleRange(min = 1.0, max = 10.0) double multiplier) {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(1), multiplier, Duration.ofSeconds(60));
        assertThat(backoff.delayNanos(attempts + 1)).isGreaterThanOrEqualTo(backoff.delayNanos(attempts));
        assertThat(backoff.delayNanos(attempts)).isBetween(MS, 60_000 * MS);
    }
}
