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
                        + "algorithm=Gradient[tolerance=1.5, smoothing=0.2, longWindow=600, queueSize=4]]");
    }

    @Test
    void toBuilderKeepsEveryField() {
        AdaptiveLimiterConfig config = AdaptiveLimiterConfig.builder()
                .minLimit(2)
                .initialLimit(5)
                .maxLimit(9)
                .algorithm(LimitAlgorithm.aimd())
                .build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.toBuilder().maxLimit(10).build()).isNotEqualTo(config);
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
