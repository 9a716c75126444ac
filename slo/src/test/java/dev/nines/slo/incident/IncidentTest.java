package dev.nines.slo.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IncidentTest {

    static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void unsetStagesDefaultToThePreviousOne() {
        Incident incident = Incident.builder("INC-1", "api", T0)
                .resolved(T0.plusSeconds(600))
                .build();
        assertThat(incident.detected()).isEqualTo(T0);
        assertThat(incident.acknowledged()).isEqualTo(T0);
        assertThat(incident.mitigated()).isEqualTo(T0.plusSeconds(600));
        assertThat(incident.impactRatio()).isEqualTo(1.0);
        assertThat(incident.severity()).isEqualTo(IncidentSeverity.SEV2);
        assertThat(incident.excluded()).isFalse();
    }

    @Test
    void partialOutageWeighsAsItsShareOfFullDowntime() {
        // 30% of requests failing for 10 minutes = 3 minutes of full downtime.
        Incident incident = Incident.builder("INC-2", "api", T0)
                .mitigated(T0.plus(Duration.ofMinutes(10)))
                .resolved(T0.plus(Duration.ofHours(1)))
                .impactRatio(0.3)
                .build();
        assertThat(incident.impactDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(incident.weightedImpact()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void endBeforeStartIsRejectedNamingTheIncident() {
        assertThatThrownBy(() -> Incident.outage("INC-3", "api", T0, T0.minusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("incident INC-3")
                .hasMessageContaining("mitigated")
                .hasMessageContaining(T0.minusSeconds(1).toString());
    }

    @Test
    void acknowledgedBeforeDetectedIsRejected() {
        assertThatThrownBy(() -> Incident.builder("INC-4", "api", T0)
                        .detected(T0.plusSeconds(60))
                        .acknowledged(T0.plusSeconds(30))
                        .resolved(T0.plusSeconds(90))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("acknowledged of incident INC-4 must not be before detected " + T0.plusSeconds(60)
                        + ", was " + T0.plusSeconds(30));
    }

    @Test
    void resolvedBeforeMitigatedIsRejected() {
        assertThatThrownBy(() -> Incident.builder("INC-5", "api", T0)
                        .mitigated(T0.plusSeconds(60))
                        .resolved(T0.plusSeconds(30))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resolved of incident INC-5");
    }

    @Test
    void impactRatioOutsideZeroOneIsRejected() {
        assertThatThrownBy(() -> Incident.builder("INC-6", "api", T0).impactRatio(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("impactRatio of incident INC-6 must be in (0, 1], was 1.5");
        assertThatThrownBy(() -> Incident.builder("INC-6", "api", T0).impactRatio(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void incidentWithoutEndIsRejected() {
        assertThatThrownBy(() -> Incident.builder("INC-7", "api", T0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INC-7");
    }

    @Test
    void blankServiceIsRejected() {
        assertThatThrownBy(() -> Incident.outage("INC-8", " ", T0, T0.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service of incident INC-8");
    }

    @Test
    void anIncidentWithNeitherMitigatedNorResolvedIsRejected() {
        assertThatThrownBy(() -> Incident.builder("INC-9", "api", T0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("incident INC-9 needs mitigated or resolved, was neither");
    }

    @Test
    void anIncidentOnlyMitigatedIsResolvedThen() {
        Incident incident = Incident.builder("INC-10", "api", T0)
                .mitigated(T0.plusSeconds(60))
                .build();
        assertThat(incident.resolved()).isEqualTo(T0.plusSeconds(60));
    }
}
