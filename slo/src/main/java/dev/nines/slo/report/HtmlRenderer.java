package dev.nines.slo.report;

import dev.nines.slo.incident.AvailabilityMetrics;
import dev.nines.slo.incident.Incident;
import dev.nines.slo.incident.RecordedIncident;
import dev.nines.slo.incident.TimelineEntry;
import dev.nines.slo.sla.DrillResult;
import dev.nines.slo.sla.SlaMonth;
import dev.nines.slo.sla.TierFinding;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Renders a report as a self-contained XHTML page with inline SVG charts. Every chart series is
 * marked with a {@code data-series} attribute so that tests (and scrapers) can find it.
 */
final class HtmlRenderer {

    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 32;

    private static final String STYLE = "body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;"
            + "margin:2em auto;max-width:760px;color:#222}"
            + "h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}"
            + "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;"
            + "border-bottom:1px solid #eee}td.num{text-align:right}"
            + ".ok{color:#1a7f37}.bad{color:#cf222e;font-weight:bold}"
            + ".summary{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;"
            + "padding:.6em 1em}.card b{display:block;font-size:1.4em}"
            + "svg text{font-size:11px;fill:#555}svg text.axis-title{font-size:11px;fill:#333}"
            + ".partial{color:#8250df}dl.key dt{font-weight:bold;margin-top:.5em}dl.key dd{margin-left:1.5em}"
            + ".legend{font-size:12px;color:#444;margin:.2em 0 1em}.legend span{margin-right:1.2em;white-space:nowrap}"
            + ".swatch{display:inline-block;width:12px;height:12px;vertical-align:-1px;margin-right:4px;border-radius:2px}";

    private HtmlRenderer() {}

    static String render(SloReport r) {
        ZoneId zone = r.zone();
        StringBuilder out = new StringBuilder(8192);
        out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>")
                .append(escape(r.title()))
                .append("</title>\n")
                .append("<style>")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        out.append("<h1>")
                .append(escape(r.title()))
                .append("</h1>\n<p id=\"period\">Period ")
                .append(escape(Fmt.time(r.from(), zone)))
                .append(" to ")
                .append(escape(Fmt.time(r.to(), zone)))
                .append(" (")
                .append(escape(Fmt.zone(zone)))
                .append("): ")
                .append(escape(Fmt.duration(java.time.Duration.between(r.from(), r.to()))))
                .append(" observed, months ")
                .append(r.firstMonth())
                .append(" to ")
                .append(r.lastMonth())
                .append("; generated ")
                .append(escape(Fmt.time(r.generatedAt(), zone)))
                .append(". Nothing after the report time is counted.</p>\n");
        summary(out, r);
        availabilityKey(out, r);
        if (r.slo().isPresent()) {
            SloSection s = r.slo().get();
            out.append("<h2>Error budget: ")
                    .append(escape(s.name()))
                    .append("</h2>\n<p>Objective ")
                    .append(Fmt.percent(s.objective()))
                    .append(", compliance (B) ")
                    .append(Fmt.percent(s.compliance()))
                    .append(", ")
                    .append(Fmt.percent(s.errorBudget().remainingRatio()))
                    .append(" of the error budget left.</p>\n");
            burnDown(out, s, zone);
        }
        out.append("<h2>Availability per month</h2>\n");
        availabilityChart(out, r);
        monthTable(out, r);
        out.append("<h2>Incidents</h2>\n");
        timeline(out, r, zone);
        incidentTable(out, r, zone);
        timelines(out, r, zone);
        drills(out, r, zone);
        return out.append("</body>\n</html>\n").toString();
    }

    private static void summary(StringBuilder out, SloReport r) {
        out.append("<div class=\"summary\">\n");
        AvailabilityMetrics o = r.overall();
        card(out, "Availability (A), from incidents", Fmt.percent(o.requestAvailability()));
        card(out, "Incidents", Integer.toString(o.failureCount()));
        card(out, "Time to restore (MTTR)", Fmt.duration(o.mttr()));
        card(out, "Between failures (MTBF)", Fmt.duration(o.mtbf()));
        if (r.sla().isPresent()) {
            long missed = r.slaMonths().stream().filter(m -> !m.met()).count();
            card(out, "SLA months missed", missed + " of " + r.slaMonths().size());
        }
        out.append("</div>\n");
    }

    /** Says which availability figure is which: they measure different things over different periods. */
    private static void availabilityKey(StringBuilder out, SloReport r) {
        AvailabilityMetrics o = r.overall();
        out.append("<h2>Which availability is which</h2>\n<dl class=\"key\" id=\"availability-key\">\n");
        keyEntry(
                out,
                "A",
                "Availability from incidents",
                Fmt.percent(o.requestAvailability()),
                "the observed period (" + Fmt.time(r.from(), r.zone()) + " to " + Fmt.time(r.to(), r.zone())
                        + "): 1 minus the "
                        + "incident downtime weighted by the share of requests each incident failed, over the observed time. "
                        + "Time-based (every incident a full outage): " + Fmt.percent(o.timeAvailability()) + ".");
        if (r.slo().isPresent()) {
            SloSection s = r.slo().get();
            keyEntry(
                    out,
                    "B",
                    "SLO compliance",
                    Fmt.percent(s.compliance()),
                    "good events over all counted events in the SLO's own window ("
                            + Fmt.time(s.windowStart(), r.zone()) + " to "
                            + Fmt.time(s.windowEnd(), r.zone())
                            + "), from the request counts, exclusions taken out; compared with the "
                            + "SLO objective " + Fmt.percent(s.objective()) + " to give the error budget.");
        }
        if (r.sla().isPresent()) {
            StringBuilder months = new StringBuilder();
            for (SlaMonth m : r.slaMonths()) {
                months.append(months.length() == 0 ? "" : ", ")
                        .append(m.month())
                        .append(' ')
                        .append(Fmt.percent(m.availability()))
                        .append(m.partial() ? " (partial)" : "");
            }
            keyEntry(
                    out,
                    "C",
                    "SLA availability per month",
                    months.toString(),
                    "the contract's measure for each calendar month (partial months: the observed part only), honoured "
                            + "exclusions such as announced maintenance taken out; compared with the SLA objective "
                            + Fmt.percent(r.sla().get().objective()) + " for service credits.");
        }
        if (!r.perService().isEmpty()) {
            StringBuilder services = new StringBuilder();
            for (Map.Entry<String, AvailabilityMetrics> e : r.perService().entrySet()) {
                services.append(services.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append(' ')
                        .append(Fmt.percent(e.getValue().requestAvailability()));
            }
            keyEntry(
                    out,
                    "D",
                    "Availability per service",
                    services.toString(),
                    "A restricted to the incidents of one service, over the same observed period.");
        }
        out.append("</dl>\n");
    }

    private static void keyEntry(StringBuilder out, String letter, String name, String value, String text) {
        out.append("<dt data-key=\"")
                .append(letter)
                .append("\">(")
                .append(letter)
                .append(") ")
                .append(escape(name))
                .append(": ")
                .append(escape(value))
                .append("</dt><dd>")
                .append(escape(text))
                .append("</dd>\n");
    }

    private static void card(StringBuilder out, String label, String value) {
        out.append("<div class=\"card\"><b>")
                .append(escape(value))
                .append("</b>")
                .append(escape(label))
                .append("</div>\n");
    }

    private static void svgOpen(StringBuilder out, String id, String label, int height) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"")
                .append(id)
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(label))
                .append("\">\n<title>")
                .append(escape(label))
                .append("</title>\n");
    }

    private static void burnDown(StringBuilder out, SloSection s, ZoneId zone) {
        svgOpen(out, "chart-burn-down", "Error budget remaining over the SLO window", HEIGHT);
        double low = 0;
        for (BudgetPoint p : s.burnDown()) {
            low = Math.min(low, p.remainingRatio());
        }
        double yMin = low;
        long t0 = s.windowStart().toEpochMilli();
        long span = Math.max(1, s.windowEnd().toEpochMilli() - t0);
        axes(out, HEIGHT, yMin, 1.0, "error budget left");
        double zeroY = y(0, yMin, 1.0, HEIGHT);
        out.append("<line data-series=\"zero\" x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(Fmt.coord(zeroY))
                .append("\" x2=\"")
                .append(WIDTH - RIGHT)
                .append("\" y2=\"")
                .append(Fmt.coord(zeroY))
                .append("\" stroke=\"#cf222e\" stroke-dasharray=\"4 3\"/>\n");
        out.append("<text data-label=\"zero\" x=\"")
                .append(WIDTH - RIGHT - 4)
                .append("\" y=\"")
                .append(Fmt.coord(zeroY - 4))
                .append("\" text-anchor=\"end\" fill=\"#cf222e\">budget exhausted</text>\n");
        if (s.burnDown().isEmpty()) {
            out.append("<text x=\"")
                    .append(WIDTH / 2)
                    .append("\" y=\"")
                    .append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\">No data yet</text>\n");
        } else {
            out.append("<polyline data-series=\"remaining-budget\" fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\""
                    + " points=\"");
            for (int i = 0; i < s.burnDown().size(); i++) {
                BudgetPoint p = s.burnDown().get(i);
                double x = LEFT + (double) (p.at().toEpochMilli() - t0) / span * (WIDTH - LEFT - RIGHT);
                out.append(i == 0 ? "" : " ")
                        .append(Fmt.coord(x))
                        .append(',')
                        .append(Fmt.coord(y(p.remainingRatio(), yMin, 1.0, HEIGHT)));
            }
            out.append("\"/>\n");
        }
        xLabels(out, HEIGHT, Fmt.day(s.windowStart(), zone), Fmt.day(s.windowEnd(), zone));
        // a date every week (or every day for a window of a week or less) between the ends
        long days = java.time.Duration.ofMillis(span).toDays();
        long every = days <= 7 ? 1 : 7;
        for (long d = every; d < days - every / 2.0 - 0.5; d += every) {
            Instant at = s.windowStart().plus(java.time.Duration.ofDays(d));
            double x = LEFT + (double) (at.toEpochMilli() - t0) / span * (WIDTH - LEFT - RIGHT);
            out.append("<line x1=\"")
                    .append(Fmt.coord(x))
                    .append("\" y1=\"")
                    .append(HEIGHT - BOTTOM)
                    .append("\" x2=\"")
                    .append(Fmt.coord(x))
                    .append("\" y2=\"")
                    .append(HEIGHT - BOTTOM + 4)
                    .append("\" stroke=\"#888\"/>\n<text x=\"")
                    .append(Fmt.coord(x))
                    .append("\" y=\"")
                    .append(HEIGHT - BOTTOM + 14)
                    .append("\" text-anchor=\"middle\">")
                    .append(escape(Fmt.day(at, zone)))
                    .append("</text>\n");
        }
        out.append("</svg>\n");
    }

    private static List<double[]> monthValues(SloReport r) {
        List<double[]> values = new ArrayList<>();
        for (int i = 0; i < r.monthlyAvailability().size(); i++) {
            double v = r.sla().isPresent()
                    ? r.slaMonths().get(i).availability()
                    : r.monthlyAvailability().get(i).requestAvailability();
            values.add(new double[] {v});
        }
        return values;
    }

    private static void availabilityChart(StringBuilder out, SloReport r) {
        svgOpen(out, "chart-availability", "Availability per month", HEIGHT);
        List<double[]> values = monthValues(r);
        double objective = r.sla().isPresent()
                ? r.sla().get().objective()
                : r.slo().isPresent() ? r.slo().get().objective() : Double.NaN;
        double lowest = Double.isNaN(objective) ? 1.0 : objective;
        for (double[] v : values) {
            lowest = Math.min(lowest, v[0]);
        }
        // Show the interesting part: the lowest value sits at about half height.
        double yMin = lowest >= 1.0 ? 0.999 : Math.max(0, 1 - 2 * (1 - lowest));
        axes(out, HEIGHT, yMin, 1.0, r.sla().isPresent() ? "SLA availability (C)" : "availability (A)");
        int n = values.size();
        double slot = (double) (WIDTH - LEFT - RIGHT) / n;
        double bar = Math.max(2, slot * 0.6);
        for (int i = 0; i < n; i++) {
            YearMonth month = r.firstMonth().plusMonths(i);
            boolean partial = r.isPartial(month);
            double v = values.get(i)[0];
            double top = y(v, yMin, 1.0, HEIGHT);
            double x = LEFT + slot * i + (slot - bar) / 2;
            boolean met = Double.isNaN(objective) || v >= objective;
            out.append("<rect data-series=\"availability\" data-month=\"")
                    .append(month)
                    .append("\" data-value=\"")
                    .append(v)
                    .append("\" data-partial=\"")
                    .append(partial)
                    .append("\" x=\"")
                    .append(Fmt.coord(x))
                    .append("\" y=\"")
                    .append(Fmt.coord(top))
                    .append("\" width=\"")
                    .append(Fmt.coord(bar))
                    .append("\" height=\"")
                    .append(Fmt.coord(HEIGHT - BOTTOM - top))
                    .append("\" fill=\"")
                    .append(met ? "#2da44e" : "#cf222e")
                    .append('"')
                    .append(partial ? " fill-opacity=\"0.45\" stroke=\"#555\" stroke-dasharray=\"3 2\"" : "")
                    .append("><title>")
                    .append(month)
                    .append(": ")
                    .append(Fmt.percent(v))
                    .append(partial ? " (partial month, so far)" : "")
                    .append("</title></rect>\n");
            out.append("<text x=\"")
                    .append(Fmt.coord(x + bar / 2))
                    .append("\" y=\"")
                    .append(Fmt.coord(Math.max(TOP + 10, top - 4)))
                    .append("\" text-anchor=\"middle\" fill=\"#222\">")
                    .append(Fmt.percent(v))
                    .append("</text>\n");
            out.append("<text x=\"")
                    .append(Fmt.coord(LEFT + slot * i + slot / 2))
                    .append("\" y=\"")
                    .append(HEIGHT - BOTTOM + 14)
                    .append("\" text-anchor=\"middle\"")
                    .append(partial ? " class=\"partial\"" : "")
                    .append('>')
                    .append(month)
                    .append(partial ? " (partial)" : "")
                    .append("</text>\n");
        }
        if (!Double.isNaN(objective)) {
            double oy = y(objective, yMin, 1.0, HEIGHT);
            out.append("<line data-series=\"objective\" data-value=\"")
                    .append(objective)
                    .append("\" x1=\"")
                    .append(LEFT)
                    .append("\" y1=\"")
                    .append(Fmt.coord(oy))
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT)
                    .append("\" y2=\"")
                    .append(Fmt.coord(oy))
                    .append("\" stroke=\"#555\" stroke-dasharray=\"6 3\">")
                    .append("<title>objective ")
                    .append(Fmt.percent(objective))
                    .append("</title></line>\n");
            out.append("<text data-label=\"objective\" x=\"")
                    .append(WIDTH - RIGHT - 4)
                    .append("\" y=\"")
                    .append(Fmt.coord(oy - 4))
                    .append("\" text-anchor=\"end\" fill=\"#333\">")
                    .append(r.sla().isPresent() ? "SLA objective " : "SLO objective ")
                    .append(Fmt.percent(objective))
                    .append("</text>\n");
        }
        out.append("</svg>\n");
        out.append(
                "<div class=\"legend\" data-legend=\"availability\"><span><i class=\"swatch\" style=\"background:#2da44e\"></i>"
                        + "objective met</span><span><i class=\"swatch\" style=\"background:#cf222e\"></i>objective missed</span>"
                        + "<span><i class=\"swatch\" style=\"background:#2da44e;opacity:.45;outline:1px dashed #555\"></i>"
                        + "partial month (observed part only)</span><span>- - - objective</span></div>\n");
    }

    private static void timeline(StringBuilder out, SloReport r, ZoneId zone) {
        TreeSet<String> services = new TreeSet<>();
        for (Incident i : r.incidents()) {
            services.add(i.service());
        }
        List<String> rows = new ArrayList<>(services);
        int rowHeight = 22;
        int height = TOP + BOTTOM + Math.max(1, rows.size()) * rowHeight;
        svgOpen(out, "chart-incidents", "Incident timeline", height);
        long t0 = r.from().toEpochMilli();
        double span = Math.max(1, r.to().toEpochMilli() - t0);
        double plot = WIDTH - LEFT - RIGHT;
        for (YearMonth m = r.firstMonth(); !m.isAfter(r.lastMonth()); m = m.plusMonths(1)) {
            Instant start = AvailabilityMetrics.monthStart(m, zone);
            double x = LEFT + (Math.max(start.toEpochMilli(), t0) - t0) / span * plot;
            out.append("<line x1=\"")
                    .append(Fmt.coord(x))
                    .append("\" y1=\"")
                    .append(TOP)
                    .append("\" x2=\"")
                    .append(Fmt.coord(x))
                    .append("\" y2=\"")
                    .append(height - BOTTOM)
                    .append("\" stroke=\"#ddd\"/>\n<text x=\"");
            // a month that starts near the right edge is labelled to the left of its line
            boolean nearEnd = x > WIDTH - RIGHT - 60;
            out.append(Fmt.coord(nearEnd ? x - 3 : x + 3))
                    .append("\" y=\"")
                    .append(height - BOTTOM + 14)
                    .append(nearEnd ? "\" text-anchor=\"end\">" : "\">")
                    .append(m)
                    .append("</text>\n");
        }
        for (int row = 0; row < rows.size(); row++) {
            out.append("<text x=\"")
                    .append(LEFT - 4)
                    .append("\" y=\"")
                    .append(TOP + row * rowHeight + 15)
                    .append("\" text-anchor=\"end\">")
                    .append(escape(shorten(rows.get(row))))
                    .append("</text>\n");
        }
        if (rows.isEmpty()) {
            out.append("<text x=\"")
                    .append(WIDTH / 2)
                    .append("\" y=\"")
                    .append(TOP + 15)
                    .append("\" text-anchor=\"middle\">No incidents</text>\n");
        }
        for (Incident i : r.incidents()) {
            int row = rows.indexOf(i.service());
            Instant start = i.start().isBefore(r.from()) ? r.from() : i.start();
            Instant end = i.mitigated().isAfter(r.to()) ? r.to() : i.mitigated();
            double x = LEFT + (start.toEpochMilli() - t0) / span * plot;
            double w = Math.max(2, (end.toEpochMilli() - start.toEpochMilli()) / span * plot);
            out.append("<rect data-series=\"incidents\" data-incident=\"")
                    .append(escape(i.id()))
                    .append("\" x=\"")
                    .append(Fmt.coord(x))
                    .append("\" y=\"")
                    .append(TOP + row * rowHeight + 3)
                    .append("\" width=\"")
                    .append(Fmt.coord(w))
                    .append("\" height=\"16\" fill=\"")
                    .append(color(i))
                    .append("\"><title>")
                    .append(escape(i.id() + " (" + i.severity() + ", "
                            + i.service() + "): " + Fmt.time(i.start(), zone) + ", "
                            + Fmt.duration(i.impactDuration())))
                    .append("</title></rect>\n");
        }
        out.append("</svg>\n");
        out.append("<div class=\"legend\" data-legend=\"incidents\">");
        String[][] keys = {
            {"#a40e26", "SEV1"},
            {"#cf222e", "SEV2"},
            {"#bf8700", "SEV3"},
            {"#d4a72c", "SEV4 and lower"},
            {"#8c959f", "excluded (not counted)"}
        };
        for (String[] k : keys) {
            out.append("<span><i class=\"swatch\" style=\"background:")
                    .append(k[0])
                    .append("\"></i>")
                    .append(k[1])
                    .append("</span>");
        }
        out.append("<span>bar: start to mitigation</span></div>\n");
    }

    private static String color(Incident i) {
        if (i.excluded()) {
            return "#8c959f";
        }
        switch (i.severity()) {
            case SEV1:
                return "#a40e26";
            case SEV2:
                return "#cf222e";
            case SEV3:
                return "#bf8700";
            default:
                return "#d4a72c";
        }
    }

    private static void monthTable(StringBuilder out, SloReport r) {
        boolean sla = r.sla().isPresent();
        out.append("<table>\n<tr><th>Month</th><th>")
                .append(sla ? "SLA availability (C)" : "Availability (A)")
                .append("</th><th>Downtime</th>");
        out.append(sla ? "<th>SLA met</th><th>Credit</th>" : "<th>Incidents</th>")
                .append("</tr>\n");
        for (int i = 0; i < r.monthlyAvailability().size(); i++) {
            AvailabilityMetrics m = r.monthlyAvailability().get(i);
            YearMonth month = r.firstMonth().plusMonths(i);
            boolean partial = r.isPartial(month);
            out.append("<tr")
                    .append(partial ? " data-partial=\"true\"" : "")
                    .append("><td>")
                    .append(month);
            if (partial) {
                out.append(" <span class=\"partial\">(partial: ")
                        .append(escape(Fmt.partial(m.from(), m.to(), r.zone())))
                        .append(")</span>");
            }
            out.append("</td>");
            if (sla) {
                SlaMonth s = r.slaMonths().get(i);
                out.append("<td class=\"num\">")
                        .append(Fmt.percent(s.availability()))
                        .append("</td><td class=\"num\">")
                        .append(Fmt.duration(s.countedDowntime()))
                        .append("</td><td class=\"")
                        .append(
                                s.met()
                                        ? (partial ? "ok\">so far" : "ok\">yes")
                                        : (partial ? "bad\">no (so far)" : "bad\">no"))
                        .append("</td><td class=\"num\">")
                        .append(s.isCreditOwed() ? Fmt.percent(s.creditRatio()) : "-")
                        .append("</td>");
            } else {
                out.append("<td class=\"num\">")
                        .append(Fmt.percent(m.requestAvailability()))
                        .append("</td><td class=\"num\">")
                        .append(Fmt.duration(m.weightedDowntime()))
                        .append("</td><td class=\"num\">")
                        .append(m.failureCount())
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
        if (!r.perService().isEmpty()) {
            out.append("<table>\n<tr><th>Service</th><th>Availability (D)</th><th>Incidents</th><th>MTTR</th>"
                    + "<th>MTBF</th></tr>\n");
            for (Map.Entry<String, AvailabilityMetrics> e : r.perService().entrySet()) {
                AvailabilityMetrics m = e.getValue();
                out.append("<tr><td>")
                        .append(escape(e.getKey()))
                        .append("</td><td class=\"num\">")
                        .append(Fmt.percent(m.requestAvailability()))
                        .append("</td><td class=\"num\">")
                        .append(m.failureCount())
                        .append("</td><td class=\"num\">")
                        .append(Fmt.duration(m.mttr()))
                        .append("</td><td class=\"num\">")
                        .append(Fmt.duration(m.mtbf()))
                        .append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
    }

    private static void incidentTable(StringBuilder out, SloReport r, ZoneId zone) {
        if (r.incidents().isEmpty()) {
            out.append("<p>No incidents in this period.</p>\n");
            return;
        }
        out.append("<table>\n<tr><th>Incident</th><th>Severity</th><th>Service</th><th>Started</th>"
                + "<th>Impact</th><th>Detect</th><th>Restore</th></tr>\n");
        for (Incident i : r.incidents()) {
            out.append("<tr><td>")
                    .append(escape(i.id()))
                    .append(i.excluded() ? " (excluded)" : "")
                    .append("</td><td>")
                    .append(i.severity())
                    .append("</td><td>")
                    .append(escape(i.service()))
                    .append("</td><td>")
                    .append(escape(Fmt.time(i.start(), zone)))
                    .append("</td><td class=\"num\">")
                    .append(i.impactRatio() < 1 ? Fmt.percent(i.impactRatio()) + " of requests" : "full outage")
                    .append("</td><td class=\"num\">")
                    .append(Fmt.duration(Duration.between(i.start(), i.detected())))
                    .append("</td><td class=\"num\">")
                    .append(Fmt.duration(i.impactDuration()))
                    .append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    /** The latest drill per system, and the services whose drill is overdue or failed. */
    private static void drills(StringBuilder out, SloReport r, ZoneId zone) {
        if (r.lastDrills().isEmpty() && r.drillFindings().isEmpty()) {
            return;
        }
        out.append("<h2>Drills</h2>\n<table data-drills=\"latest\">\n")
                .append("<tr><th>System</th><th>Kind</th><th>Finished</th><th>Outcome</th>")
                .append("<th>Recovery</th><th>Data loss</th><th>Evidence</th></tr>\n");
        for (DrillResult d : r.lastDrills()) {
            out.append("<tr><td>")
                    .append(escape(d.system()))
                    .append("</td><td>")
                    .append(escape(d.kind()))
                    .append(d.dryRun() ? " (dry run)" : "")
                    .append("</td><td>")
                    .append(escape(Fmt.time(d.finishedAt(), zone)))
                    .append("</td><td>")
                    .append(d.outcome())
                    .append("</td><td>")
                    .append(escape(Fmt.duration(d.recoveryTime())))
                    .append("</td><td>")
                    .append(escape(d.dataLoss()))
                    .append("</td><td>")
                    .append(escape(d.evidence()))
                    .append("</td></tr>\n");
        }
        out.append("</table>\n");
        if (!r.drillFindings().isEmpty()) {
            out.append("<ul data-drill-findings>\n");
            for (TierFinding f : r.drillFindings()) {
                out.append("<li data-kind=\"")
                        .append(f.kind())
                        .append("\">")
                        .append(escape(f.message()))
                        .append("</li>\n");
            }
            out.append("</ul>\n");
        }
    }

    /** The timeline of each recorded incident, entry by entry. */
    private static void timelines(StringBuilder out, SloReport r, ZoneId zone) {
        for (RecordedIncident i : r.timelines()) {
            out.append("<h3>Timeline of ")
                    .append(escape(i.id()))
                    .append("</h3>\n<p>")
                    .append(i.severity())
                    .append(", attributed to ")
                    .append(escape(i.service()))
                    .append(", ")
                    .append(i.state().name().toLowerCase(java.util.Locale.ROOT))
                    .append("; time to acknowledge ")
                    .append(Fmt.duration(i.timeToAcknowledge()))
                    .append(", to mitigate ")
                    .append(Fmt.duration(i.timeToMitigate()))
                    .append(".</p>\n<table data-timeline=\"")
                    .append(escape(i.id()))
                    .append("\">\n<tr><th>When</th><th>Component</th><th>What</th><th>Cause</th></tr>\n");
            for (TimelineEntry e : i.timeline()) {
                out.append("<tr><td>")
                        .append(escape(Fmt.time(e.at(), zone)))
                        .append("</td><td>")
                        .append(escape(e.component()))
                        .append("</td><td>")
                        .append(escape(e.what()))
                        .append("</td><td>")
                        .append(e.cause().kind())
                        .append("</td></tr>\n");
            }
            out.append("</table>\n");
        }
    }

    /** Axis lines, a y-axis with ticks, grid lines and percentage labels, and the y-axis title. */
    private static void axes(StringBuilder out, int height, double yMin, double yMax, String title) {
        out.append("<g data-axis=\"y\">\n");
        for (double tick : ticks(yMin, yMax)) {
            double ty = y(tick, yMin, yMax, height);
            out.append("<line data-tick=\"")
                    .append(tick)
                    .append("\" x1=\"")
                    .append(LEFT - 4)
                    .append("\" y1=\"")
                    .append(Fmt.coord(ty))
                    .append("\" x2=\"")
                    .append(WIDTH - RIGHT)
                    .append("\" y2=\"")
                    .append(Fmt.coord(ty))
                    .append("\" stroke=\"#eee\"/>\n<text class=\"tick\" x=\"")
                    .append(LEFT - 6)
                    .append("\" y=\"")
                    .append(Fmt.coord(ty + 4))
                    .append("\" text-anchor=\"end\">")
                    .append(escape(tickLabel(tick, yMin, yMax)))
                    .append("</text>\n");
        }
        out.append("<text class=\"axis-title\" transform=\"rotate(-90)\" x=\"")
                .append(-(TOP + (height - TOP - BOTTOM) / 2))
                .append("\" y=\"12\" text-anchor=\"middle\">")
                .append(escape(title))
                .append("</text>\n</g>\n");
        out.append("<line x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(TOP)
                .append("\" x2=\"")
                .append(LEFT)
                .append("\" y2=\"")
                .append(height - BOTTOM)
                .append("\" stroke=\"#888\"/>\n<line x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(height - BOTTOM)
                .append("\" x2=\"")
                .append(WIDTH - RIGHT)
                .append("\" y2=\"")
                .append(height - BOTTOM)
                .append("\" stroke=\"#888\"/>\n");
    }

    /** Four to eight round values from {@code min} to {@code max} inclusive (steps of 1, 2 or 5 x 10^k). */
    static double[] ticks(double min, double max) {
        double range = max - min;
        if (!(range > 0)) {
            return new double[] {max};
        }
        double step = Math.pow(10, Math.floor(Math.log10(range / 5)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (range / (step * m) <= 7) {
                step *= m;
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) {
            out.add(Math.round(t / step) * step);
        }
        double[] values = new double[out.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = out.get(i);
        }
        return values;
    }

    private static String tickLabel(double tick, double min, double max) {
        double stepPercent = (max - min) * 100 / 5;
        int decimals = stepPercent >= 1 ? 0 : (int) Math.min(4, Math.ceil(-Math.log10(stepPercent)) + 1);
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f%%", tick * 100);
    }

    private static void xLabels(StringBuilder out, int height, String first, String last) {
        out.append("<text x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(height - BOTTOM + 14)
                .append("\">")
                .append(escape(first))
                .append("</text>\n<text x=\"")
                .append(WIDTH - RIGHT)
                .append("\" y=\"")
                .append(height - BOTTOM + 14)
                .append("\" text-anchor=\"end\">")
                .append(escape(last))
                .append("</text>\n");
    }

    private static double y(double value, double yMin, double yMax, int height) {
        double range = yMax - yMin;
        double clamped = Math.max(yMin, Math.min(yMax, value));
        return TOP + (range <= 0 ? 0 : (yMax - clamped) / range) * (height - TOP - BOTTOM);
    }

    private static String shorten(String s) {
        return s.length() <= 10 ? s : s.substring(0, 9) + "\u2026";
    }

    /**
     * Escapes text for XHTML content and attribute values; characters that XML 1.0 cannot carry
     * (most control characters, lone surrogates, U+FFFE, U+FFFF) become U+FFFD.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                            || Character.isSurrogate(c)
                            || c == '\uFFFE'
                            || c == '\uFFFF') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                    break;
            }
        }
        return out.toString();
    }
}
