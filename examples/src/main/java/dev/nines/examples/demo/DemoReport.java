package dev.nines.examples.demo;

import dev.nines.examples.demo.DemoResult.Series;
import dev.nines.examples.demo.DemoResult.TimelineEvent;
import dev.nines.slo.report.SloReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The demo's HTML report: the SLO/SLA report of {@link SloReport#toHtml()} (budget burn-down, SLA
 * per month, incidents), followed by the demo's own sections: the summary, traffic and failures
 * per hour, the traffic forecast and the timeline of the run. Self-contained XHTML with inline SVG:
 * no scripts, no network, no fonts.
 */
final class DemoReport {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int WIDTH = 720;
    private static final int HEIGHT = 200;
    private static final int PAD = 48;
    private static final int LEFT = 64;

    private DemoReport() {}

    static Path write(DemoResult r, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, render(r), StandardCharsets.UTF_8);
        return out;
    }

    static String render(DemoResult r) {
        String html = r.sloReport().toHtml();
        int body = html.lastIndexOf("</body>");
        String sections = sections(r);
        return body < 0 ? html + sections : html.substring(0, body) + sections + html.substring(body);
    }

    private static String sections(DemoResult r) {
        Series s = r.series();
        StringBuilder b = new StringBuilder("<div class=\"nines-demo\">\n");
        b.append("<h2>Demo summary</h2>\n<pre style=\"white-space: pre-wrap; overflow-wrap: anywhere\">")
                .append(esc(Summary.render(r)))
                .append("</pre>\n");
        b.append("<h2>Checkouts per hour</h2>\n");
        b.append(chart(
                "chart-checkouts",
                s.start(),
                1,
                new double[][] {s.requestsPerHour()},
                new String[] {"#5a8f29"},
                null,
                0,
                max(s.requestsPerHour()),
                "checkouts per hour",
                r));
        b.append(legend(r, new String[][] {{"#5a8f29", "checkouts per hour", "line"}}));
        b.append("<h2>Failed checkouts per hour (counted against the SLO)</h2>\n");
        b.append(chart(
                "chart-failures",
                s.start(),
                1,
                new double[][] {s.badPerHour()},
                new String[] {"#c0392b"},
                null,
                0,
                Math.max(1, max(s.badPerHour())),
                "failed per hour",
                r));
        b.append(legend(r, new String[][] {{"#c0392b", "failed checkouts per hour", "line"}}));
        b.append("<h2>Traffic forecast: the busiest hour of each day, observed then forecast (Holt-Winters)</h2>\n");
        b.append(forecastChart(r));
        b.append(legend(r, new String[][] {
            {"#5a8f29", "observed daily peak", "line"},
            {"#8e44ad", "forecast daily peak", "line"},
            {"#8e44ad", "95% prediction interval of the peak hour", "band"}
        }));
        b.append("<h2>Timeline of the run</h2>\n<table>\n<tr><th>When (UTC)</th><th>What</th><th>Event</th></tr>\n");
        for (TimelineEvent e : r.timeline()) {
            b.append("<tr><td>")
                    .append(esc(WHEN.format(e.at())))
                    .append("</td><td>")
                    .append(esc(e.kind()))
                    .append("</td><td>")
                    .append(esc(e.text()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n</div>\n");
        return b.toString();
    }

    /**
     * Daily peaks (the busiest hour of each day), observed then forecast, with the forecast's 95% interval
     * as a band: capacity is planned for peaks, and at this scale the band is visible, where the hourly
     * curve's daily swing would hide it.
     */
    private static String forecastChart(DemoResult r) {
        Series s = r.series();
        int observedDays = s.requestsPerHour().length / 24;
        int forecastDays = s.forecastMean().length / 24;
        int n = observedDays + forecastDays;
        double[] observed = new double[n];
        double[] mean = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        for (int d = 0; d < n; d++) {
            boolean past = d < observedDays;
            observed[d] = past ? dailyMax(s.requestsPerHour(), d) : Double.NaN;
            // the forecast line starts at the last observed day so that the two lines join
            mean[d] = past
                    ? (d == observedDays - 1 ? observed[d] : Double.NaN)
                    : dailyMax(s.forecastMean(), d - observedDays);
            lower[d] = past ? Double.NaN : dailyMax(s.forecastLower(), d - observedDays);
            upper[d] = past ? Double.NaN : dailyMax(s.forecastUpper(), d - observedDays);
        }
        double top = Math.max(max(observed), max(upper));
        double bottom = Math.min(min(observed), min(lower));
        double floor = ticks(0, top)[0];
        for (double t : ticks(0, top)) {
            if (t <= bottom * 0.9) {
                floor = t;
            }
        }
        return chart(
                "chart-forecast",
                s.start(),
                24,
                new double[][] {observed, mean},
                new String[] {"#5a8f29", "#8e44ad"},
                new double[][] {lower, upper},
                floor,
                top,
                "busiest hour of the day",
                r);
    }

    private static double dailyMax(double[] hourly, int day) {
        double m = Double.NEGATIVE_INFINITY;
        for (int h = day * 24; h < Math.min(hourly.length, day * 24 + 24); h++) {
            m = Math.max(m, hourly[h]);
        }
        return m;
    }

    private static double min(double[] values) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                m = Math.min(m, v);
            }
        }
        return m;
    }

    /** The event markers drawn on every chart, by timeline kind: colour and legend text. */
    private static final String[][] MARKERS = {
        {"outage", "#e67e22", "payment provider outage starts"},
        {"maintenance", "#7f8c8d", "announced maintenance starts"},
        {"failover", "#2980b9", "database failover"}
    };

    private static @Nullable String markerColour(String kind) {
        for (String[] m : MARKERS) {
            if (m[0].equals(kind)) {
                return m[1];
            }
        }
        return null;
    }

    /** A legend under a chart: its series, then the event markers that appear in the run. */
    private static String legend(DemoResult r, String[][] series) {
        StringBuilder b = new StringBuilder("<div class=\"legend\" data-legend=\"chart\">");
        for (String[] entry : series) {
            String style = entry[2].equals("band")
                    ? "background:" + entry[0] + ";opacity:.25"
                    : "background:" + entry[0] + ";height:3px;vertical-align:3px";
            b.append("<span data-legend-item=\"")
                    .append(esc(entry[1]))
                    .append("\"><i class=\"swatch\" style=\"")
                    .append(style)
                    .append("\"></i>")
                    .append(esc(entry[1]))
                    .append("</span>");
        }
        for (String[] m : MARKERS) {
            boolean present = r.timeline().stream().anyMatch(e -> e.kind().equals(m[0]));
            if (present) {
                b.append("<span data-legend-item=\"")
                        .append(m[0])
                        .append("\"><i class=\"swatch\" style=\"background:")
                        .append(m[1])
                        .append(";width:3px\"></i>")
                        .append(esc(m[2]))
                        .append(" (dashed line)</span>");
            }
        }
        return b.append("</div>\n").toString();
    }

    private static String chart(
            String id,
            Instant start,
            int hoursPerPoint,
            double[][] lines,
            String[] colours,
            double @Nullable [][] band,
            double min,
            double max,
            String yTitle,
            DemoResult r) {
        int points = lines[0].length;
        int pointsPerDay = 24 / hoursPerPoint;
        double[] ticks = ticks(min, max);
        max = Math.max(max, ticks[ticks.length - 1]);
        double span = max - min == 0 ? 1 : max - min;
        double xScale = (WIDTH - LEFT - PAD) / Math.max(1.0, points - 1);
        double plotBottom = HEIGHT - PAD;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"")
                .append(id)
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(yTitle))
                .append("\">\n");
        b.append("<rect x=\"")
                .append(LEFT)
                .append("\" y=\"10\" width=\"")
                .append(WIDTH - LEFT - PAD)
                .append("\" height=\"")
                .append(HEIGHT - PAD - 10)
                .append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n");
        b.append("<g data-axis=\"y\">\n");
        for (double tick : ticks) {
            double y = 10 + (plotBottom - 10) * (1 - (tick - min) / span);
            b.append(String.format(
                    Locale.ROOT,
                    "<line data-tick=\"%s\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                            + "stroke=\"#e4e4e4\"/>%n<text class=\"tick\" font-size=\"11\" fill=\"#555\" x=\"%d\" y=\"%.1f\" "
                            + "text-anchor=\"end\">%s</text>%n",
                    tick,
                    LEFT - 4,
                    y,
                    WIDTH - PAD,
                    y,
                    LEFT - 6,
                    y + 4,
                    number(tick)));
        }
        b.append(String.format(
                Locale.ROOT,
                "<text class=\"axis-title\" font-size=\"11\" fill=\"#333\" "
                        + "transform=\"rotate(-90)\" x=\"%d\" y=\"12\" text-anchor=\"middle\">%s</text>%n</g>%n",
                -(10 + (int) (plotBottom - 10) / 2),
                esc(yTitle)));
        if (band != null) {
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < points; i++) {
                if (!Double.isNaN(band[1][i])) {
                    path.append(path.length() == 0 ? "M" : " L")
                            .append(coord(LEFT + i * xScale))
                            .append(' ')
                            .append(coord(yOf(band[1][i], min, span)));
                }
            }
            for (int i = points - 1; i >= 0; i--) {
                if (!Double.isNaN(band[0][i])) {
                    path.append(" L")
                            .append(coord(LEFT + i * xScale))
                            .append(' ')
                            .append(coord(yOf(band[0][i], min, span)));
                }
            }
            b.append("<path data-series=\"forecast-interval\" fill=\"#8e44ad\" fill-opacity=\"0.3\" stroke=\"#8e44ad\" "
                            + "stroke-opacity=\"0.5\" stroke-width=\"0.6\" d=\"")
                    .append(path)
                    .append(" Z\"><title>95% prediction " + "interval</title></path>\n");
        }
        // Mark the events of the run: a dashed line where each outage, maintenance or failover starts.
        for (TimelineEvent e : r.timeline()) {
            double at = Duration.between(start, e.at()).toMinutes() / 60.0 / hoursPerPoint;
            String colour = markerColour(e.kind());
            if (at >= 0 && at < points && colour != null) {
                double x = LEFT + at * xScale;
                b.append(String.format(
                        Locale.ROOT,
                        "<line data-marker=\"%s\" x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\" "
                                + "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"4,3\"><title>%s</title></line>%n",
                        e.kind(),
                        x,
                        x,
                        HEIGHT - PAD,
                        colour,
                        esc(e.text())));
            }
        }
        for (int l = 0; l < lines.length; l++) {
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < points; i++) {
                double v = lines[l][i];
                if (Double.isNaN(v)) {
                    pen = false;
                    continue;
                }
                path.append(pen ? " L" : " M")
                        .append(coord(LEFT + i * xScale))
                        .append(' ')
                        .append(coord(yOf(v, min, span)));
                pen = true;
            }
            b.append("<path fill=\"none\" stroke-width=\"")
                    .append(band != null && l > 0 ? "1" : "1.3")
                    .append("\" stroke=\"")
                    .append(colours[l])
                    .append("\" d=\"")
                    .append(path.toString().trim())
                    .append("\"/>\n");
        }
        int days = (int) Math.ceil(points / (double) pointsPerDay);
        int every = days > 40 ? 14 : 7;
        for (int d = 0; d <= days; d += every) {
            double x = LEFT + d * pointsPerDay * xScale;
            // centred under its day, and kept inside the chart at the right edge
            b.append(String.format(
                    Locale.ROOT,
                    "<text font-size=\"11\" fill=\"#555\" x=\"%.1f\" y=\"%d\" " + "text-anchor=\"%s\">%s</text>%n",
                    Math.min(x, WIDTH - 2.0),
                    HEIGHT - PAD + 16,
                    x > WIDTH - PAD - 30 ? "end" : "middle",
                    esc(WHEN.format(start.plus(Duration.ofDays(d))).substring(0, 10))));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static double yOf(double v, double min, double span) {
        return 10 + (HEIGHT - PAD - 10) * (1 - (Math.max(min, Math.min(min + span, v)) - min) / span);
    }

    private static String coord(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Four to eight round values from {@code min} up to at least {@code max} (steps of 1, 2 or 5 x 10^k). */
    static double[] ticks(double min, double max) {
        double range = max - min;
        if (!(range > 0)) {
            return new double[] {min, min + 1};
        }
        double step = Math.pow(10, Math.floor(Math.log10(range / 5)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (range / (step * m) <= 7) {
                step *= m;
                break;
            }
        }
        int n = (int) Math.ceil(range / step - 1e-9);
        double[] out = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            out[i] = min + i * step;
        }
        return out;
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    private static String number(double v) {
        return Math.abs(v) >= 10_000
                ? String.format(Locale.ROOT, "%,.0fk", v / 1000)
                : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String esc(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
