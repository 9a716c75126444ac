package dev.nines.slo.report;

import dev.nines.slo.incident.AvailabilityMetrics;
import dev.nines.slo.incident.Incident;
import dev.nines.slo.incident.RecordedIncident;
import dev.nines.slo.incident.TimelineEntry;
import dev.nines.slo.sla.DrillResult;
import dev.nines.slo.sla.SlaMonth;
import dev.nines.slo.sla.TierFinding;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/** Renders a report as plain text. */
final class TextRenderer {

    private TextRenderer() {}

    static String render(SloReport r) {
        ZoneId zone = r.zone();
        StringBuilder out = new StringBuilder(2048);
        out.append(r.title()).append('\n');
        out.append("=".repeat(Math.min(80, r.title().length()))).append('\n');
        out.append("Period: ")
                .append(Fmt.time(r.from(), zone))
                .append(" to ")
                .append(Fmt.time(r.to(), zone))
                .append(" (")
                .append(Fmt.zone(zone))
                .append(", ")
                .append(Fmt.duration(Duration.between(r.from(), r.to())))
                .append(" observed)\nGenerated: ")
                .append(Fmt.time(r.generatedAt(), zone))
                .append("\n\n");
        if (r.slo().isPresent()) {
            SloSection s = r.slo().get();
            out.append("SLO ").append(s.name()).append('\n');
            line(out, "Objective", Fmt.percent(s.objective()));
            line(out, "Window", Fmt.time(s.windowStart(), zone) + " to " + Fmt.time(s.windowEnd(), zone));
            line(out, "Compliance", Fmt.percent(s.compliance()));
            line(
                    out,
                    "Error budget left",
                    Fmt.percent(s.errorBudget().remainingRatio())
                            + (s.errorBudget().isExhausted() ? " (EXHAUSTED)" : ""));
            out.append('\n');
        }
        if (r.sla().isPresent()) {
            out.append("SLA ")
                    .append(r.sla().get().name())
                    .append(", objective ")
                    .append(Fmt.percent(r.sla().get().objective()))
                    .append('\n');
            out.append(String.format(
                    Locale.ROOT,
                    "  %-8s  %-12s  %-10s  %-6s  %s%n",
                    "Month",
                    "Availability",
                    "Downtime",
                    "Met",
                    "Credit"));
            boolean anyPartial = false;
            for (SlaMonth m : r.slaMonths()) {
                out.append(String.format(
                        Locale.ROOT,
                        "  %-8s  %-12s  %-10s  %-6s  %s%s%n",
                        m.month(),
                        Fmt.percent(m.availability()),
                        Fmt.duration(m.countedDowntime()),
                        m.met() ? "yes" : "NO",
                        m.isCreditOwed() ? Fmt.percent(m.creditRatio()).replace(".000", "") : "-",
                        m.partial() ? "  PARTIAL: " + Fmt.partial(m.from(), m.to(), zone) + " so far" : ""));
                anyPartial |= m.partial();
            }
            if (anyPartial) {
                out.append("  A partial month covers only the days observed; \"Met\" there means met so far.\n");
            }
            out.append('\n');
        }
        AvailabilityMetrics o = r.overall();
        out.append("Availability from incidents, ")
                .append(Fmt.time(r.from(), zone))
                .append(" to ")
                .append(Fmt.time(r.to(), zone))
                .append('\n');
        line(out, "Time-based", Fmt.percent(o.timeAvailability()) + " (" + Fmt.duration(o.downtime()) + " down)");
        line(
                out,
                "Request-based",
                Fmt.percent(o.requestAvailability()) + " (" + Fmt.duration(o.weightedDowntime()) + " equivalent)");
        line(out, "Incidents", Integer.toString(o.failureCount()));
        line(
                out,
                "MTTD / MTTA / MTTR",
                Fmt.duration(o.mttd()) + " / " + Fmt.duration(o.mtta()) + " / " + Fmt.duration(o.mttr()));
        line(out, "MTBF", Fmt.duration(o.mtbf()) + (o.mtbf().isPresent() ? " (observed uptime per incident)" : ""));
        for (Map.Entry<String, AvailabilityMetrics> e : r.perService().entrySet()) {
            line(
                    out,
                    "  " + e.getKey(),
                    Fmt.percent(e.getValue().timeAvailability()) + ", "
                            + e.getValue().failureCount() + " incident(s)");
        }
        out.append('\n').append("Incidents\n");
        if (r.incidents().isEmpty()) {
            out.append("  none\n");
        }
        for (Incident i : r.incidents()) {
            out.append("  ")
                    .append(i.id())
                    .append("  ")
                    .append(i.severity())
                    .append("  ")
                    .append(i.service())
                    .append("  ")
                    .append(Fmt.time(i.start(), zone))
                    .append("  ")
                    .append(Fmt.duration(i.impactDuration()));
            if (i.impactRatio() < 1) {
                out.append("  ").append(Fmt.percent(i.impactRatio())).append(" of requests");
            }
            if (i.excluded()) {
                out.append("  (excluded)");
            }
            out.append('\n');
        }
        for (RecordedIncident i : r.timelines()) {
            out.append('\n')
                    .append("Timeline of ")
                    .append(i.id())
                    .append(" (")
                    .append(i.severity())
                    .append(", ")
                    .append(i.service())
                    .append(", ")
                    .append(i.state().name().toLowerCase(Locale.ROOT))
                    .append(", time to acknowledge ")
                    .append(Fmt.duration(i.timeToAcknowledge()))
                    .append(", to mitigate ")
                    .append(Fmt.duration(i.timeToMitigate()))
                    .append(")\n");
            for (TimelineEntry e : i.timeline()) {
                out.append("  ")
                        .append(Fmt.time(e.at(), zone))
                        .append("  ")
                        .append(e.component())
                        .append("  ")
                        .append(e.what())
                        .append('\n');
            }
        }
        drills(out, r, zone);
        return out.toString();
    }

    /** The latest drill per system and the overdue or failed drills. */
    private static void drills(StringBuilder out, SloReport r, ZoneId zone) {
        if (r.lastDrills().isEmpty() && r.drillFindings().isEmpty()) {
            return;
        }
        out.append("\nDrills (latest per system)\n");
        for (DrillResult d : r.lastDrills()) {
            out.append("  ")
                    .append(d.system())
                    .append("  ")
                    .append(d.kind())
                    .append(d.dryRun() ? " (dry run)" : "")
                    .append("  ")
                    .append(Fmt.time(d.finishedAt(), zone))
                    .append("  ")
                    .append(d.outcome())
                    .append("  recovery ")
                    .append(Fmt.duration(d.recoveryTime()))
                    .append("  data loss ")
                    .append(d.dataLoss())
                    .append("  ")
                    .append(d.evidence())
                    .append('\n');
        }
        for (TierFinding f : r.drillFindings()) {
            out.append("  ! ").append(f.message()).append('\n');
        }
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format(Locale.ROOT, "  %-20s %s%n", label + ":", value));
    }
}
