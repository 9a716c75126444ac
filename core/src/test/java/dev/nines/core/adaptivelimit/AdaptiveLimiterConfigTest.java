package dev.nines.core.adaptivelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdaptiveLimiterConfigTest {

    @Test
    void defaultsFollowNetflixGradient2() {
        AdaptiveLimiterConfig config = AdaptiveLimiterConfig.ofDefaults();
        assertThat(config.minLimit()).isEqualTo(20);
        assertThat(config.maxLimit()).isEqualTo(200);
        assertThat(config.initialLimit()).isEqualTo(20);
        assertThat(config.algorithm()).isEqualTo(LimitAlgorithm.gradient());
        assertThat(config)
                .isEqualTo(AdaptiveLimiterConfig.builder().build())
                .hasSameHashCodeAs(AdaptiveLimiterConfig.builder().build());
        assertThat(config)
                .hasToString("AdaptiveLimiterConfig[minLimit=20, maxLimit=200, initialLimit=20, "
                        + "algorithm=Gradient[tolerance=1.5, smoothing=0.2, longWindow=600, queueSize=4], "
                        + "maxQueueSize=0, maxWaitDuration=PT0S, priorityShares=[1.0]]");
        assertThat(config.maxQueueSize()).isZero();
        assertThat(config.priorityShares()).containsExactly(1.0);
    }

    @Test
    void toBuilderKeepsEveryField() {
        AdaptiveLimiterConfig config = AdaptiveLimiterConfig.builder()
                .minLimit(2)
                .initialLimit(5)
                .maxLimit(9)
                .algorithm(LimitAlgorithm.aimd())
                .maxQueueSize(4)
                .maxWaitDuration(java.time.Duration.ofMillis(50))
                .priorityShares(1.0, 0.75, 0.5)
                .build();
        assertThat(config.toBuilder().build())
                .isEqualTo(config)
                .hasSameHashCodeAs(config.toBuilder().build());
        assertThat(config.toBuilder().maxLimit(10).build()).isNotEqualTo(config);
        assertThat(config.toBuilder().priorityShares(1.0, 0.75).build()).isNotEqualTo(config);
        assertThat(config.priorityShares()).containsExactly(1.0, 0.75, 0.5);
    }

    @Test
    void rejectsEachBadFieldWithItsNameAndValue() {
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().minLimit(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minLimit must be at least 1, was 0");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().maxLimit(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLimit must be at least 1, was 0");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().initialLimit(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialLimit must be at least 1, was -3");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().algorithm(null))
                .hasMessage("algorithm");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().maxQueueSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxQueueSize must be at least 0, was -1");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().maxWaitDuration(java.time.Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWaitDuration")
                .hasMessageContaining("-0.005");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().priorityShares(0.9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("priorityShares[0] must be 1 (the highest priority may use the whole limit), was 0.9");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().priorityShares())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("absent");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().priorityShares(1.0, 0.5, 0.6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("priorityShares[2] must be in (0, priorityShares[1] = 0.5], was 0.6");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().priorityShares(1.0, 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("priorityShares[1] must be in (0, priorityShares[0] = 1.0], was 0.0");
    }

    @Test
    void aQueueNeedsAWaitAndAWaitNeedsAQueue() {
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder().maxQueueSize(3).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWaitDuration must be positive exactly when maxQueueSize (3) is, was PT0S");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder()
                        .maxWaitDuration(java.time.Duration.ofSeconds(1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxWaitDuration must be positive exactly when maxQueueSize (0) is, was PT1S");
    }

    @Test
    void rejectsBoundsThatDisagree() {
        assertThatThrownBy(() ->
                        AdaptiveLimiterConfig.builder().minLimit(10).maxLimit(5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLimit must be at least minLimit (10), was 5");
        assertThatThrownBy(() -> AdaptiveLimiterConfig.builder()
                        .minLimit(10)
                        .initialLimit(5)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialLimit must be in [10, 200], was 5");
        assertThatThrownBy(
                        () -> AdaptiveLimiterConfig.builder().initialLimit(201).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialLimit must be in [20, 200], was 201");
    }
}
