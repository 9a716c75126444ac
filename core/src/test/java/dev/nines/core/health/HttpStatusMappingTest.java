package dev.nines.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpStatusMappingTest {

    @Test
    void mapsUpAndDegradedTo200AndEverythingElseTo503ByDefault() {
        HttpStatusMapping mapping = HttpStatusMapping.defaults();
        assertThat(mapping.statusCode(HealthStatus.UP)).isEqualTo(200);
        assertThat(mapping.statusCode(HealthStatus.DEGRADED)).isEqualTo(200);
        assertThat(mapping.statusCode(HealthStatus.OUT_OF_SERVICE)).isEqualTo(503);
        assertThat(mapping.statusCode(HealthStatus.DOWN)).isEqualTo(503);
        assertThat(mapping.statusCode(HealthStatus.UNKNOWN)).isEqualTo(503);
    }

    @Test
    void withReturnsAChangedCopyAndLeavesTheOriginal() {
        HttpStatusMapping custom =
                HttpStatusMapping.defaults().with(HealthStatus.DEGRADED, 207).with(HealthStatus.DOWN, 500);
        assertThat(custom.statusCode(HealthStatus.DEGRADED)).isEqualTo(207);
        assertThat(custom.statusCode(HealthStatus.DOWN)).isEqualTo(500);
        assertThat(HttpStatusMapping.defaults().statusCode(HealthStatus.DEGRADED))
                .isEqualTo(200);
        assertThat(custom)
                .isNotEqualTo(HttpStatusMapping.defaults())
                .isEqualTo(HttpStatusMapping.defaults()
                        .with(HealthStatus.DEGRADED, 207)
                        .with(HealthStatus.DOWN, 500));
        assertThat(custom.toString())
                .isEqualTo("HttpStatusMapping[UP=200, DEGRADED=207, OUT_OF_SERVICE=503, DOWN=500, UNKNOWN=503]");
    }

    @Test
    void rejectsCodesOutsideTheHttpRange() {
        assertThatThrownBy(() -> HttpStatusMapping.defaults().with(HealthStatus.UP, 99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("code must be in [100, 599], was 99");
        assertThatThrownBy(() -> HttpStatusMapping.defaults().with(HealthStatus.UP, 600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("code must be in [100, 599], was 600");
    }
}
