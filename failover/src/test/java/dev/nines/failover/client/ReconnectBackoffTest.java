package dev.nines.failover.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    private final ReconnectBackoff backoff =
            ReconnectBackoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(10), 42);

    @Test
    void theCeilingDoublesPerAttemptUpToTheCap() {
        assertThat(backoff.ceilingNanos(0)).isEqualTo(100_000_000L);
        assertThat(backoff.ceilingNanos(1)).isEqualTo(200_000_000L);
        assertThat(backoff.ceilingNanos(6)).isEqualTo(6_400_000_000L);
        assertThat(backoff.ceilingNanos(7)).isEqualTo(10_000_000_000L);
        assertThat(backoff.ceilingNanos(1_000)).isEqualTo(10_000_000_000L);
    }

    @Test
    void theSameSeedGivesTheSameWaits() {
        ReconnectBackoff again = ReconnectBackoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(10), 42);
        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(again.delay(attempt)).isEqualTo(backoff.delay(attempt));
        }
    }

    @Test
    void fullJitterSpreadsWaitsUniformlyOverTheWholeRange() {
        // Full jitter: mean ceiling/2, and waits near 0 as likely as waits near the ceiling.
        long ceiling = backoff.ceilingNanos(7);
        long sum = 0;
        int low = 0;
        int high = 0;
        for (int i = 0; i < 10_000; i++) {
            long wait = backoff.delayNanos(7);
            sum += wait;
            low += wait < ceiling / 10 ? 1 : 0;
            high += wait > ceiling - ceiling / 10 ? 1 : 0;
        }
        assertThat((double) sum / 10_000 / ceiling).isBetween(0.48, 0.52);
        assertThat(low).isBetween(900, 1_100);
        assertThat(high).isBetween(900, 1_100);
    }

    @Property(tries = 500)
    void everyWaitLiesBetweenZeroAndTheCeiling(@ForAll @IntRange(min = 0, max = 200) int attempt) {
        long wait = backoff.delayNanos(attempt);
        assertThat(wait).isBetween(0L, backoff.ceilingNanos(attempt));
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> ReconnectBackoff.fullJitter(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("base must be positive, was PT0S");
        assertThatThrownBy(() -> ReconnectBackoff.fullJitter(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("cap must be at least base PT2S, was PT1S");
        assertThatThrownBy(() -> backoff.delayNanos(-1)).hasMessage("attempt must be at least 0, was -1");
    }
}
