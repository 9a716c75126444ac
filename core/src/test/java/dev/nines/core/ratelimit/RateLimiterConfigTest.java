package dev.nines.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterConfigTest {

    @Test
    void defaultsAreFiftyPerSecondWithoutBurstOrWaiting() {
        RateLimiterConfig config = RateLimiterConfig.ofDefaults();
        assertThat(config.limitForPeriod()).isEqualTo(50);
        assertThat(config.limitRefreshPeriod()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.burstCapacity()).isEqualTo(50);
        assertThat(config.timeoutDuration()).isEqualTo(Duration.ZERO);
        assertThat(config)
                .isEqualTo(RateLimiterConfig.builder().build())
                .hasSameHashCodeAs(RateLimiterConfig.builder().build());
        assertThat(config)
                .hasToString(
                        "RateLimiterConfig[limitForPeriod=50, limitRefreshPeriod=PT1S, burstCapacity=50, timeoutDuration=PT0S, "
                                + "warmupPeriod=PT0S, coldFactor=3.0]");
    }

    @Test
    void burstCapacityFollowsLimitForPeriodUntilSet() {
        assertThat(RateLimiterConfig.builder().limitForPeriod(7).build().burstCapacity())
                .isEqualTo(7);
        assertThat(RateLimiterConfig.builder()
                        .limitForPeriod(7)
                        .burstCapacity(20)
                        .build()
                        .burstCapacity())
                .isEqualTo(20);
    }

    @Test
    void toBuilderKeepsEveryField() {
        RateLimiterConfig config = RateLimiterConfig.builder()
                .limitForPeriod(3)
                .limitRefreshPeriod(Duration.ofMillis(100))
                .burstCapacity(9)
                .timeoutDuration(Duration.ofMillis(5))
                .build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        RateLimiterConfig variant =
                config.toBuilder().timeoutDuration(Duration.ZERO).build();
        assertThat(variant.burstCapacity()).isEqualTo(9);
        assertThat(variant).isNotEqualTo(config);
    }

    @Test
    void rejectsEachBadFieldWithItsNameAndValue() {
        assertThatThrownBy(() -> RateLimiterConfig.builder().limitForPeriod(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limitForPeriod must be at least 1, was 0");
        assertThatThrownBy(() -> RateLimiterConfig.builder().burstCapacity(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("burstCapacity must be at least 1, was 0");
        assertThatThrownBy(() -> RateLimiterConfig.builder().limitRefreshPeriod(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limitRefreshPeriod must be positive, was PT0S");
        assertThatThrownBy(() -> RateLimiterConfig.builder().limitRefreshPeriod(Duration.ofDays(365L * 1000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limitRefreshPeriod must be at most PT2562047H47M16.854775807S, was PT8760000H");
        assertThatThrownBy(() -> RateLimiterConfig.builder().limitRefreshPeriod(null))
                .hasMessage("limitRefreshPeriod");
        assertThatThrownBy(() -> RateLimiterConfig.builder().timeoutDuration(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeoutDuration must not be negative, was PT-0.000000001S");
        assertThatThrownBy(() -> RateLimiterConfig.builder().timeoutDuration(Duration.ofDays(365L * 1000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeoutDuration must be at most PT2562047H47M16.854775807S, was PT8760000H");
    }

    @Test
    void rejectsABurstBelowOnePeriodsPermits() {
        assertThatThrownBy(() -> RateLimiterConfig.builder()
                        .limitForPeriod(10)
                        .burstCapacity(9)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("burstCapacity must be at least limitForPeriod (10), was 9");
    }

    @Test
    void rejectsMoreThanOnePermitPerNanosecond() {
        assertThatThrownBy(() -> RateLimiterConfig.builder()
                        .limitForPeriod(1001)
                        .limitRefreshPeriod(Duration.ofNanos(1000))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "limitForPeriod must be at most one permit per nanosecond of limitRefreshPeriod (1000), was 1001");
        assertThat(RateLimiterConfig.builder()
                        .limitForPeriod(1000)
                        .limitRefreshPeriod(Duration.ofNanos(1000))
                        .build()
                        .limitForPeriod())
                .isEqualTo(1000);
    }
}
