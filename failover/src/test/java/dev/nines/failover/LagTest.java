package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LagTest {

    @Test
    void unknownIsNotKnownAndSortsAfterEveryKnownLag() {
        assertThat(Lag.unknown().isKnown()).isFalse();
        assertThat(Lag.bytes(Long.MAX_VALUE).compareTo(Lag.unknown())).isNegative();
        assertThat(Lag.time(Duration.ofDays(1)).compareTo(Lag.unknown())).isNegative();
        assertThat(Lag.bytes(1).compareTo(Lag.bytes(2))).isNegative();
        assertThat(Lag.unknown()).hasToString("UNKNOWN");
    }

    @Test
    void rendersBytesAndTime() {
        assertThat(Lag.bytes(5)).hasToString("5 bytes");
        assertThat(Lag.time(Duration.ofMillis(1500))).hasToString("PT1.5S");
        assertThat(Lag.time(Duration.ofSeconds(2)).amount()).isEqualTo(2_000_000_000L);
    }

    @Test
    void rejectsNegativeAmountsAndAnUnknownWithAnAmount() {
        assertThatThrownBy(() -> Lag.bytes(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount must be at least 0, was -1");
        assertThatThrownBy(() -> Lag.time(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Lag(Lag.Unit.UNKNOWN, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount must be 0 for an unknown lag, was 3");
    }
}
