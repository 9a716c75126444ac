package dev.nines.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void messagesNameTheFieldTheRuleAndTheValue() {
        assertThatThrownBy(() -> Arguments.inOpenClosed("failureRateThreshold", 120.0, 0, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureRateThreshold must be in (0, 100], was 120.0");
        assertThatThrownBy(() -> Arguments.inOpen("objective", 1.0, 0, 1))
                .hasMessage("objective must be in (0, 1), was 1.0");
        assertThatThrownBy(() -> Arguments.inClosed("ratio", Double.NaN, 0, 0.5))
                .hasMessage("ratio must be in [0, 0.5], was NaN");
        assertThatThrownBy(() -> Arguments.atLeast("slidingWindowSize", 0, 1))
                .hasMessage("slidingWindowSize must be at least 1, was 0");
        assertThatThrownBy(() -> Arguments.atLeast("bytes", -1L, 0L)).hasMessage("bytes must be at least 0, was -1");
        assertThatThrownBy(() -> Arguments.atLeast("factor", Double.POSITIVE_INFINITY, 1.0))
                .hasMessage("factor must be a finite number at least 1.0, was Infinity");
        assertThatThrownBy(() -> Arguments.positive("rate", 0.0))
                .hasMessage("rate must be a finite number > 0, was 0.0");
        assertThatThrownBy(() -> Arguments.notNegative("waitDurationInOpenState", Duration.ofSeconds(-1)))
                .hasMessage("waitDurationInOpenState must not be negative, was PT-1S");
        assertThatThrownBy(() -> Arguments.positive("window", Duration.ZERO))
                .hasMessage("window must be positive, was PT0S");
        assertThatThrownBy(() -> Arguments.positive("window", (Duration) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("window");
        assertThatThrownBy(() -> Arguments.fitsInNanos("maxWaitDuration", Duration.ofDays(365L * 1000)))
                .hasMessage("maxWaitDuration must be at most PT2562047H47M16.854775807S, was PT8760000H");
        assertThatThrownBy(() -> Arguments.notBlank("name", " ")).hasMessage("name must not be blank, was \" \"");
    }

    @Test
    void acceptedValuesAreReturnedUnchanged() {
        assertThat(Arguments.inOpenClosed("t", 100, 0, 100)).isEqualTo(100);
        assertThat(Arguments.inOpen("o", 0.999, 0, 1)).isEqualTo(0.999);
        assertThat(Arguments.inClosed("r", 0, 0, 1)).isZero();
        assertThat(Arguments.atLeast("n", 1, 1)).isOne();
        assertThat(Arguments.atLeast("n", 5L, 1L)).isEqualTo(5L);
        assertThat(Arguments.atLeast("x", 2.5, 1.0)).isEqualTo(2.5);
        assertThat(Arguments.positive("x", 0.1)).isEqualTo(0.1);
        assertThat(Arguments.notNegative("d", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(Arguments.positive("d", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        assertThat(Arguments.notBlank("s", "payments")).isEqualTo("payments");
        assertThat(Arguments.fitsInNanos("d", Arguments.MAX_NANOS)).isEqualTo(Arguments.MAX_NANOS);
    }
}
