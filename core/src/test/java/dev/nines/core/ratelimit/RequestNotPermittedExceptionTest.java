package dev.nines.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestNotPermittedExceptionTest {

    @Test
    void namesTheRateLimiterAndCarriesNoStackTrace() {
        RequestNotPermittedException e = new RequestNotPermittedException("api");
        assertThat(e).hasMessage("RateLimiter 'api' does not permit further calls");
        assertThat(e.rateLimiterName()).isEqualTo("api");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void rejectsNullName() {
        assertThatThrownBy(() -> new RequestNotPermittedException(null)).hasMessage("rateLimiterName");
    }
}
