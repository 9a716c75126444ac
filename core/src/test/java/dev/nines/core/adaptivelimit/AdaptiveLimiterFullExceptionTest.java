package dev.nines.core.adaptivelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdaptiveLimiterFullExceptionTest {

    @Test
    void namesTheLimiterAndItsLimitAndCarriesNoStackTrace() {
        AdaptiveLimiterFullException e = new AdaptiveLimiterFullException("catalog", 12);
        assertThat(e).hasMessage("AdaptiveLimiter 'catalog' reached its limit of 12 concurrent calls");
        assertThat(e.limiterName()).isEqualTo("catalog");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void rejectsNullName() {
        assertThatThrownBy(() -> new AdaptiveLimiterFullException(null, 1)).hasMessage("limiterName");
    }
}
