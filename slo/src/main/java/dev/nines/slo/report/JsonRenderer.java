package dev.nines.slo.report;

import dev.nines.core.health.HealthJson;
import dev.nines.slo.incident.AvailabilityMetrics;
import dev.nines.slo.incident.Incident;
import dev.nines.slo.incident.RecordedIncident;
import dev.nines.slo.incident.TimelineEntry;
import dev.nines.slo.sla.DrillResult;
import dev.nines.slo.sla.SlaMonth;
import dev.nines.slo.sla.TierFinding;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

/** Renders a report as JSON, escaping strings with {@link HealthJson#quote(String)}. */
final class JsonRenderer {

    private JsonRenderer() {}

    static String render(SloReport r) {
        StringBuilder out = new StringBuilder(2048);
        out.append("{\"title\":").append(HealthJson.quote(r.title()));
        out.append(",\"generatedAt\":").append(HealthJson.quote(r.generatedAt().toString()));
        out.append(",\"zone\":").append(HealthJson.quote(r.zone().toString()));
        out.append(",\"from\":").append(HealthJson.quote(r.from().toString()));
        out.append(",\"to\":").append(HealthJson.quote(r.to().toString()));
        if (r.slo().isPresent()) {
            SloSection s = r.slo().get();
            out.append(",\"slo\":{\"name\":").append(HealthJson.quote(s.name()));
            out.append(",\"objective\":").append(Fmt.number(s.objective()));
            out.append(",\"windowStart\":")
                    .append(HealthJson.quote(s.windowStart().toString()));
            out.append(",\"windowEnd\":").append(HealthJson.quote(s.windowEnd().toString()));
            out.append(",\"asOf\":").append(HealthJson.quote(s.asOf().toString()));
            out.append(",\"compliance\":").append(Fmt.number(s.compliance()));
            out.append(",\"errorBudget\":{\"allowed\":")
                    .append(Fmt.number(s.errorBudget().allowed()))
                    .append(",\"consumed\":")
                    .append(Fmt.number(s.errorBudget().consumed()))
                    .append(",\"remainingRatio\":")
                    .append(Fmt.number(s.errorBudget().remainingRatio()))
                    .append(",\"exhausted\":")
                    .append(s.errorBudget().isExhausted())
                    .append('}');
            out.append(",\"burnDown\":[");
            for (int i = 0; i < s.burnDown().size(); i++) {
                BudgetPoint p = s.burnDown().get(i);
                out.append(i == 0 ? "" : ",")
                        .append("{\"at\":")
                        .append(HealthJson.quote(p.at().toString()))
                        .append(",\"remainingRatio\":")
                        .append(Fmt.number(p.remainingRatio()))
                        .append('}');
            }
            out.append("]}");
        }
        if (r.sla().isPresent()) {
            out.append(",\"sla\":{\"name\":")
                    .append(HealthJson.quote(r.sla().get().name()));
            out.append(",\"objective\":").append(Fmt.number(r.sla().get().objective()));
            out.append(",\"months\":[");
            for (int i = 0; i < r.slaMonths().size(); i++) {
                SlaMonth m = r.slaMonths().get(i);
                out.append(i == 0 ? "" : ",")
                        .append("{\"month\":")
                        .append(HealthJson.quote(m.month().toString()))
                        .append(",\"partial\":")
                        .append(m.partial())
                        .append(",\"from\":")
                        .append(HealthJson.quote(m.from().toString()))
                        .append(",\"to\":")
                        .append(HealthJson.quote(m.to().toString()))
                        .append(",\"availability\":")
                        .append(Fmt.number(m.availability()))
                        .append(",\"countedDowntimeSeconds\":")
                        .append(seconds(m.countedDowntime()))
                        .append(",\"excludedDowntimeSeconds\":")
                        .append(seconds(m.excludedDowntime()))
                        .append(",\"met\":")
                        .append(m.met())
                        .append(",\"creditRatio\":")
                        .append(Fmt.number(m.creditRatio()))
                        .append(",\"rejectedExclusions\":")
                        .append(m.rejectedExclusions().size())
                        .append('}');
            }
            out.append("]}");
        }
        out.append(",\"availability\":");
        metrics(out, r.overall());
        out.append(",\"months\":[");
        for (int i = 0; i < r.monthlyAvailability().size(); i++) {
            out.append(i == 0 ? "" : ",");
            YearMonth month = r.firstMonth().plusMonths(i);
            metrics(out, r.monthlyAvailability().get(i), month, r.isPartial(month));
        }
        out.append("],\"services\":{");
        boolean first = true;
        for (Map.Entry<String, AvailabilityMetrics> e : r.perService().entrySet()) {
            out.append(first ? "" : ",").append(HealthJson.quote(e.getKey())).append(':');
            metrics(out, e.getValue());
            first = false;
        }
        out.append("},\"incidents\":[");
        for (int i = 0; i < r.incidents().size(); i++) {
            Incident in = r.incidents().get(i);
            out.append(i == 0 ? "" : ",")
                    .append("{\"id\":")
                    .append(HealthJson.quote(in.id()))
                    .append(",\"service\":")
                    .append(HealthJson.quote(in.service()))
                    .append(",\"severity\":")
                    .append(HealthJson.quote(in.severity().name()))
                    .append(",\"start\":")
                    .append(HealthJson.quote(in.start().toString()))
                    .append(",\"detected\":")
                    .append(HealthJson.quote(in.detected().toString()))
                    .append(",\"acknowledged\":")
                    .append(HealthJson.quote(in.acknowledged().toString()))
                    .append(",\"mitigated\":")
                    .append(HealthJson.quote(in.mitigated().toString()))
                    .append(",\"resolved\":")
                    .append(HealthJson.quote(in.resolved().toString()))
                    .append(",\"impactRatio\":")
                    .append(Fmt.number(in.impactRatio()))
                    .append(",\"excluded\":")
                    .append(in.excluded())
                    .append('}');
        }
        out.append("],\"timelines\":[");
        for (int i = 0; i < r.timelines().size(); i++) {
            RecordedIncident in = r.timelines().get(i);
            out.append(i == 0 ? "" : ",")
                    .append("{\"id\":")
                    .append(HealthJson.quote(in.id()))
                    .append(",\"state\":")
                    .append(HealthJson.quote(in.state().name()))
                    .append(",\"components\":[");
            for (int c = 0; c < in.components().size(); c++) {
                out.append(c == 0 ? "" : ",")
                        .append(HealthJson.quote(in.components().get(c)));
            }
            out.append("],\"entries\":[");
            for (int e = 0; e < in.timeline().size(); e++) {
                TimelineEntry entry = in.timeline().get(e);
                out.append(e == 0 ? "" : ",")
                        .append("{\"at\":")
                        .append(HealthJson.quote(entry.at().toString()))
                        .append(",\"component\":")
                        .append(HealthJson.quote(entry.component()))
                        .append(",\"kind\":")
                        .append(HealthJson.quote(entry.kind().name()))
                        .append(",\"what\":")
                        .append(HealthJson.quote(entry.what()))
                        .append(",\"cause\":")
                        .append(HealthJson.quote(entry.cause().kind().name()))
                        .append('}');
            }
            out.append("]}");
        }
        out.append("],\"drills\":[");
        for (int i = 0; i < r.lastDrills().size(); i++) {
            DrillResult d = r.lastDrills().get(i);
            out.append(i == 0 ? "" : ",")
                    .append("{\"system\":")
                    .append(HealthJson.quote(d.system()))
                    .append(",\"kind\":")
                    .append(HealthJson.quote(d.kind()))
                    .append(",\"dryRun\":")
                    .append(d.dryRun())
                    .append(",\"finishedAt\":")
                    .append(HealthJson.quote(d.finishedAt().toString()))
                    .append(",\"outcome\":")
                    .append(HealthJson.quote(d.outcome().name()))
                    .append(",\"recoverySeconds\":")
                    .append(seconds(d.recoveryTime()))
                    .append(",\"dataLoss\":")
                    .append(HealthJson.quote(d.dataLoss()))
                    .append(",\"evidence\":")
                    .append(HealthJson.quote(d.evidence()))
                    .append('}');
        }
        out.append("],\"drillFindings\":[");
        for (int i = 0; i < r.drillFindings().size(); i++) {
            TierFinding f = r.drillFindings().get(i);
            out.append(i == 0 ? "" : ",")
                    .append("{\"service\":")
                    .append(HealthJson.quote(f.service()))
                    .append(",\"tier\":")
                    .append(HealthJson.quote(f.tier()))
                    .append(",\"kind\":")
                    .append(HealthJson.quote(f.kind().name()))
                    .append(",\"message\":")
                    .append(HealthJson.quote(f.message()))
                    .append('}');
        }
        return out.append("]}").toString();
    }

    private static void metrics(StringBuilder out, AvailabilityMetrics m, YearMonth month, boolean partial) {
        out.append("{\"month\":")
                .append(HealthJson.quote(month.toString()))
                .append(",\"partial\":")
                .append(partial)
                .append(',');
        metricFields(out, m);
    }

    private static void metrics(StringBuilder out, AvailabilityMetrics m) {
        out.append('{');
        metricFields(out, m);
    }

    private static void metricFields(StringBuilder out, AvailabilityMetrics m) {
        out.append("\"scope\":")
                .append(HealthJson.quote(m.scope()))
                .append(",\"from\":")
                .append(HealthJson.quote(m.from().toString()))
                .append(",\"to\":")
                .append(HealthJson.quote(m.to().toString()))
                .append(",\"timeAvailability\":")
                .append(Fmt.number(m.timeAvailability()))
                .append(",\"requestAvailability\":")
                .append(Fmt.number(m.requestAvailability()))
                .append(",\"downtimeSeconds\":")
                .append(seconds(m.downtime()))
                .append(",\"weightedDowntimeSeconds\":")
                .append(seconds(m.weightedDowntime()))
                .append(",\"failureCount\":")
                .append(m.failureCount())
                .append(",\"mttdSeconds\":")
                .append(seconds(m.mttd()))
                .append(",\"mttaSeconds\":")
                .append(seconds(m.mtta()))
                .append(",\"mttrSeconds\":")
                .append(seconds(m.mttr()))
                .append(",\"mtbfSeconds\":")
                .append(seconds(m.mtbf()))
                .append('}');
    }

    private static String seconds(Duration d) {
        return Fmt.number(d.toNanos() / 1e9);
    }

    private static String seconds(Optional<Duration> d) {
        return d.isPresent() ? seconds(d.get()) : "null";
    }
}
