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

/**
 * The demo's HTML report: the SLO/SLA report of {@link SloReport#toHtml()} (budget burn-down, SLA
 * per month, incidents), followed by the demo's own sections: the summary, traffic and failures
 * per hour, the traffic forecast and the timeline of the run. Self-contained XHTML with inline SVG:
 * no scripts, no network, no fonts.
 */
final class DemoReport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int WIDTH = 720;
    private static final int HEIGHT = 200;
    private static final int PAD = 48;

    private DemoReport() {
    }

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
        b.append("<h2>Demo summary</h2>\n<pre style=\"white-space: pre-wrap; overflow-wrap: anywhere\">").append(esc(Summary.render(r))).append("</pre>\n");
        b.append("<h2>Checkouts per hour</h2>\n");
        b.append(chart(s.start(), new double[][] {s.requestsPerHour()}, new String[] {"#5a8f29"}, 0,
                max(s.requestsPerHour()), r));
        b.append("<h2>Failed checkouts per hour (counted against the SLO)</h2>\n");
        b.append(chart(s.start(), new double[][] {s.badPerHour()}, new String[] {"#c0392b"}, 0,
                Math.max(1, max(s.badPerHour())), r));
        b.append("<h2>Traffic forecast, checkouts per hour (Holt-Winters; purple the forecast, grey its 95% interval)</h2>\n");
        b.append(forecastChart(r));
        b.append("<h2>Timeline of the run</h2>\n<table>\n<tr><th>When (UTC)</th><th>What</th><th>Event</th></tr>\n");
        for (TimelineEvent e : r.timeline()) {
            b.append("<tr><td>").append(esc(WHEN.format(e.at()))).append("</td><td>").append(esc(e.kind()))
                    .append("</td><td>").append(esc(e.text())).append("</td></tr>\n");
        }
        b.append("</table>\n</div>\n");
        return b.toString();
    }

    private static String forecastChart(DemoResult r) {
        Series s = r.series();
        int n = s.requestsPerHour().length;
        int h = s.forecastMean().length;
        double[] observed = new double[n + h];
        double[] mean = new double[n + h];
        double[] lower = new double[n + h];
        double[] upper = new double[n + h];
        for (int i = 0; i < n + h; i++) {
            observed[i] = i < n ? s.requestsPerHour()[i] : Double.NaN;
            mean[i] = i < n ? Double.NaN : s.forecastMean()[i - n];
            lower[i] = i < n ? Double.NaN : s.forecastLower()[i - n];
            upper[i] = i < n ? Double.NaN : s.forecastUpper()[i - n];
        }
        double top = Math.max(max(observed), max(upper));
        return chart(s.start(), new double[][] {upper, lower, observed, mean},
                new String[] {"#bbbbbb", "#bbbbbb", "#5a8f29", "#8e44ad"}, 0, top, r);
    }

    private static String chart(Instant start, double[][] lines, String[] colours, double min, double max,
            DemoResult r) {
        int points = lines[0].length;
        double span = max - min == 0 ? 1 : max - min;
        double xScale = (WIDTH - 2.0 * PAD) / Math.max(1, points - 1);
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\">\n");
        b.append("<rect x=\"").append(PAD).append("\" y=\"10\" width=\"").append(WIDTH - 2 * PAD)
                .append("\" height=\"").append(HEIGHT - PAD - 10).append("\" fill=\"#fafafa\" stroke=\"#ccc\"/>\n");
        // Shade the incidents of the run: outage-like timeline spans are marked by their start.
        for (TimelineEvent e : r.timeline()) {
            long hour = Duration.between(start, e.at()).toHours();
            if (hour >= 0 && hour < points && (e.kind().equals("outage") || e.kind().equals("maintenance")
                    || e.kind().equals("failover"))) {
                double x = PAD + hour * xScale;
                b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                        + "stroke-dasharray=\"3,3\"><title>%s</title></line>%n", x, x, HEIGHT - PAD,
                        e.kind().equals("maintenance") ? "#999" : "#e67e22", esc(e.text())));
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
                double x = PAD + i * xScale;
                double y = 10 + (HEIGHT - PAD - 10) * (1 - (Math.max(min, Math.min(max, v)) - min) / span);
                path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
                pen = true;
            }
            b.append("<path fill=\"none\" stroke-width=\"1.3\" stroke=\"").append(colours[l]).append("\" d=\"")
                    .append(path.toString().trim()).append("\"/>\n");
        }
        b.append(String.format(Locale.ROOT, "<text font-size=\"11\" fill=\"#555\" x=\"2\" y=\"18\">%s</text>%n",
                number(max)));
        b.append(String.format(Locale.ROOT, "<text font-size=\"11\" fill=\"#555\" x=\"2\" y=\"%d\">%s</text>%n",
                HEIGHT - PAD, number(min)));
        int days = (int) Math.ceil(points / 24.0);
        int every = days > 40 ? 14 : 7;
        for (int d = 0; d <= days; d += every) {
            double x = PAD + d * 24 * xScale;
            b.append(String.format(Locale.ROOT, "<text font-size=\"11\" fill=\"#555\" x=\"%.1f\" y=\"%d\">%s</text>%n", x,
                    HEIGHT - PAD + 16, esc(WHEN.format(start.plus(Duration.ofDays(d))).substring(0, 10))));
        }
        b.append("</svg>\n");
        return b.toString();
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
        return Math.abs(v) >= 10_000 ? String.format(Locale.ROOT, "%,.0fk", v / 1000)
                : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
