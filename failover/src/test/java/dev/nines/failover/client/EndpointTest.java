package dev.nines.failover.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void ofHasWeightOne() {
        assertThat(Endpoint.of("eu-1")).isEqualTo(new Endpoint("eu-1", 1));
    }

    @Test
    void rejectsABlankIdOrAWeightBelowOne() {
        assertThatThrownBy(() -> Endpoint.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Endpoint("a", 0)).hasMessage("weight must be at least 1, was 0");
    }
}
