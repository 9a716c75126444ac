package dev.nines.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LimitExceededExceptionTest {

    @Test
    void namesTheLimiterAndItsLimitAndCarriesNoStackTrace() {
        LimitExceededException e = new LimitExceededException("catalog", 12);
        assertThat(e).hasMessage("AdaptiveLimiter 'catalog' reached its limit of 12 concurrent calls");
        assertThat(e.limiterName()).isEqualTo("catalog");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void rejectsNullName() {
        assertThatThrownBy(() -> new LimitExceededException(null, 1)).hasMessage("limiterName");
    }
}
