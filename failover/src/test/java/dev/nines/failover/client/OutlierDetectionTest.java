package dev.nines.failover.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutlierDetectionTest {

    @Test
    void defaultsAreEnvoys() {
        OutlierDetection d = OutlierDetection.ofDefaults();
        assertThat(d.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.baseEjectionTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.maxEjectionTime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(d.maxEjectionRatio()).isEqualTo(0.1);
        assertThat(d.consecutiveFailures()).isEqualTo(5);
        assertThat(d.consecutiveGatewayFailures()).isEqualTo(5);
        assertThat(d.successRateEnabled()).isTrue();
        assertThat(d.successRateStdevFactor()).isEqualTo(1.9);
        assertThat(d.successRateMinimumEndpoints()).isEqualTo(5);
        assertThat(d.successRateRequestVolume()).isEqualTo(100);
        assertThat(d.failurePercentageEnabled()).isFalse();
        assertThat(d.failurePercentageThreshold()).isEqualTo(85);
        assertThat(d.latencyEnabled()).isFalse();
        assertThat(d.latencyPercentile()).isEqualTo(99);
        assertThat(d.classifier().classify(new IllegalStateException())).isEqualTo(EndpointOutcome.FAILURE);
    }

    @Test
    void capIsTheRatioOfThePoolRoundedDownButAtLeastOne() {
        OutlierDetection d = OutlierDetection.builder().maxEjectionRatio(0.3).build();
        assertThat(d.maxEjectedEndpoints(1)).isEqualTo(1);
        assertThat(d.maxEjectedEndpoints(3)).isEqualTo(1);
        assertThat(d.maxEjectedEndpoints(7)).isEqualTo(2);
        assertThat(d.maxEjectedEndpoints(10)).isEqualTo(3);
        assertThat(OutlierDetection.builder().maxEjectionRatio(1).build().maxEjectedEndpoints(4))
                .isEqualTo(4);
        assertThatThrownBy(() -> d.maxEjectedEndpoints(0)).hasMessage("endpoints must be at least 1, was 0");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        OutlierClassifier classifier = e -> EndpointOutcome.GATEWAY_FAILURE;
        OutlierDetection d = OutlierDetection.builder()
                .interval(Duration.ofSeconds(3))
                .baseEjectionTime(Duration.ofSeconds(7))
                .maxEjectionTime(Duration.ofSeconds(70))
                .maxEjectionRatio(0.5)
                .consecutiveFailures(2)
                .consecutiveGatewayFailures(0)
                .successRateEnabled(false)
                .successRateStdevFactor(1.5)
                .successRateMinimumEndpoints(3)
                .successRateRequestVolume(20)
                .failurePercentageEnabled(true)
                .failurePercentageThreshold(60)
                .failurePercentageMinimumEndpoints(2)
                .failurePercentageRequestVolume(10)
                .latencyEnabled(true)
                .latencyPercentile(95)
                .latencyFactor(2)
                .latencyMinimumEndpoints(4)
                .latencyRequestVolume(30)
                .classifier(classifier)
                .build();
        OutlierDetection copy = d.toBuilder().build();
        assertThat(copy).usingRecursiveComparison().isEqualTo(d);
        assertThat(d.toBuilder().consecutiveFailures(9).build().consecutiveFailures())
                .isEqualTo(9);
        assertThat(d.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void badValuesAreRejectedNamingTheFieldAndTheValue() {
        OutlierDetection.Builder b = OutlierDetection.builder();
        assertThatThrownBy(() -> b.interval(Duration.ZERO)).hasMessage("interval must be positive, was PT0S");
        assertThatThrownBy(() -> b.baseEjectionTime(Duration.ofSeconds(-1)))
                .hasMessage("baseEjectionTime must be positive, was PT-1S");
        assertThatThrownBy(() -> b.maxEjectionTime(Duration.ZERO))
                .hasMessage("maxEjectionTime must be positive, was PT0S");
        assertThatThrownBy(() -> b.maxEjectionRatio(0)).hasMessage("maxEjectionRatio must be in (0, 1], was 0.0");
        assertThatThrownBy(() -> b.maxEjectionRatio(1.5)).hasMessage("maxEjectionRatio must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> b.consecutiveFailures(-1))
                .hasMessage("consecutiveFailures must be at least 0, was -1");
        assertThatThrownBy(() -> b.consecutiveGatewayFailures(-2))
                .hasMessage("consecutiveGatewayFailures must be at least 0, was -2");
        assertThatThrownBy(() -> b.successRateStdevFactor(Double.NaN))
                .hasMessage("successRateStdevFactor must be a finite number > 0, was NaN");
        assertThatThrownBy(() -> b.successRateMinimumEndpoints(1))
                .hasMessage("successRateMinimumEndpoints must be at least 2, was 1");
        assertThatThrownBy(() -> b.successRateRequestVolume(0))
                .hasMessage("successRateRequestVolume must be at least 1, was 0");
        assertThatThrownBy(() -> b.failurePercentageThreshold(101))
                .hasMessage("failurePercentageThreshold must be in [0, 100], was 101.0");
        assertThatThrownBy(() -> b.failurePercentageMinimumEndpoints(0))
                .hasMessage("failurePercentageMinimumEndpoints must be at least 1, was 0");
        assertThatThrownBy(() -> b.failurePercentageRequestVolume(0))
                .hasMessage("failurePercentageRequestVolume must be at least 1, was 0");
        assertThatThrownBy(() -> b.latencyPercentile(100))
                .hasMessage("latencyPercentile must be in (0, 100), was 100.0");
        assertThatThrownBy(() -> b.latencyFactor(1)).hasMessage("latencyFactor must be a finite number > 1, was 1.0");
        assertThatThrownBy(() -> b.latencyMinimumEndpoints(1))
                .hasMessage("latencyMinimumEndpoints must be at least 2, was 1");
        assertThatThrownBy(() -> b.latencyRequestVolume(-5))
                .hasMessage("latencyRequestVolume must be at least 1, was -5");
        assertThatThrownBy(() -> b.classifier(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> OutlierDetection.builder()
                        .baseEjectionTime(Duration.ofSeconds(60))
                        .maxEjectionTime(Duration.ofSeconds(30))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEjectionTime must be at least baseEjectionTime PT1M, was PT30S");
    }
}
