package dev.nines.core.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EntryTtlTest {

    @Test
    void acceptsAPositiveFreshTtlAndANonNegativeStaleTtl() {
        EntryTtl ttl = new EntryTtl(Duration.ofSeconds(1), Duration.ZERO);
        assertThat(ttl.freshTtl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ttl.staleTtl()).isZero();
    }

    @Test
    void rejectsOutOfRangeDurationsWithTheHouseMessage() {
        assertThatThrownBy(() -> new EntryTtl(Duration.ZERO, Duration.ZERO))
                .hasMessage("freshTtl must be positive, was PT0S");
        assertThatThrownBy(() -> new EntryTtl(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessage("staleTtl must not be negative, was PT-1S");
        assertThatThrownBy(() -> new EntryTtl(Duration.ofDays(365 * 200), Duration.ofDays(365 * 200)))
                .hasMessageStartingWith("freshTtl + staleTtl must fit in a long of nanoseconds");
    }
}
