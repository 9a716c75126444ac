package dev.nines.slo.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.incident.IncidentRecorder;
import dev.nines.slo.incident.IncidentSignal;
import dev.nines.slo.incident.IncidentSignal.Effect;
import dev.nines.slo.incident.IncidentSignal.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.w3c.dom.Document;

/** Recorded incidents in {@link SloReport}: counted as they are, with their timelines shown. */
class SloReportTimelinesTest {

    static final Instant T0 = Instant.parse("2026-03-10T09:00:00Z");

    @Test
    void countsRecordedIncidentsAndShowsTheirTimelinesInTextJsonAndHtml() throws Exception {
        ManualTimeSource time = ManualTimeSource.at(T0);
        IncidentRecorder recorder = IncidentRecorder.builder(time).build();
        recorder.record(IncidentSignal.builder(Kind.BREAKER, Effect.FAILING, "payments", T0)
                .condition("breaker:psp")
                .what("breaker psp CLOSED -> OPEN <&>")
                .impactRatio(0.5)
                .build());
        time.advance(Duration.ofMinutes(6));
        recorder.acknowledge("INC-1", "alice");
        time.advance(Duration.ofMinutes(24));
        recorder.record(IncidentSignal.builder(Kind.BREAKER, Effect.RECOVERED, "payments", time.now())
                .condition("breaker:psp")
                .what("breaker psp HALF_OPEN -> CLOSED")
                .build());
        time.advance(Duration.ofHours(2));
        recorder.tick();

        SloReport report = SloReport.builder("Payments, March")
                .months(YearMonth.of(2026, 3), YearMonth.of(2026, 3))
                .recordedIncidents(recorder.incidents())
                .generatedAt(T0.plus(Duration.ofDays(1)))
                .build();

        assertThat(report.incidents()).hasSize(1);
        assertThat(report.incidents().get(0).impactDuration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(report.overall().weightedDowntime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(report.overall().mttr()).contains(Duration.ofMinutes(30));
        assertThat(report.timelines()).extracting(r -> r.id()).containsExactly("INC-1");

        String text = report.toText();
        assertThat(text)
                .contains(
                        "Timeline of INC-1 (SEV1, payments, resolved, time to acknowledge 6m 00s, to mitigate 30m 00s)")
                .contains("payments  acknowledged by alice");

        @SuppressWarnings("unchecked")
        Map<String, Object> json =
                (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(report.toJson());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> timelines = (List<Map<String, Object>>) json.get("timelines");
        assertThat(timelines).hasSize(1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries =
                (List<Map<String, Object>>) timelines.get(0).get("entries");
        assertThat(entries)
                .extracting(e -> e.get("kind"))
                .containsExactly("OPENED", "ACKNOWLEDGED", "SIGNAL", "MITIGATED", "RESOLVED");
        assertThat(entries.get(0)).containsEntry("cause", "BREAKER");

        Document html = SloReportTest.parse(report.toHtml());
        assertThat(html.getDocumentElement().getTextContent())
                .contains("Timeline of INC-1")
                .contains("breaker psp CLOSED -> OPEN <&>");
    }
}
