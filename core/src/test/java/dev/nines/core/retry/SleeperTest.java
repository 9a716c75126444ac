package dev.nines.core.retry;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SleeperTest {

    private final ManualTimeSource time = ManualTimeSource.at(Instant.EPOCH);

    @Test
    void parkingSleeperReturnsAtOnceForZero() {
        assertThatCode(() -> Sleeper.parking(time).sleep(0)).doesNotThrowAnyException();
    }

    @Test
    void parkingSleeperThrowsWhenInterrupted() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> Sleeper.parking(time).sleep(1_000_000_000L))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
    }
}
