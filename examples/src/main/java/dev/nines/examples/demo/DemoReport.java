package dev.nines.examples.demo;

import dev.nines.examples.demo.DemoResult.Series;
import dev.nines.examples.demo.DemoResult.TimelineEvent;
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
 * A minimal self-contained HTML report of a run (XHTML, charts as inline SVG, no scripts, no
 * external resources). It stands in for the SLO/SLA report of {@code dev.nines.slo.report} until
 * that lands.
 */
final class DemoReport {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int WIDTH = 900;
    private static final int HEIGHT = 220;
    private static final int PAD = 40;

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
        Series s = r.series();
        StringBuilder b = new StringBuilder();
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
                .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"UTF-8\"/>\n")
                .append("<title>Nines demo: checkout-availability</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:960px}")
                .append("h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}")
                .append("table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #ddd}")
                .append("pre{background:#f6f6f6;padding:1em;overflow-x:auto}.axis{font-size:11px;fill:#555}")
                .append("\n</style>\n</head>\n<body>\n");
        b.append("<h1>Nines demo: checkout-availability</h1>\n<p>")
                .append(esc(String.format(Locale.ROOT, "%d simulated days from %s, seed %d. Objective %.1f%%, "
                        + "compliance %.3f%%, error budget left %.1f%%.", r.days(), WHEN.format(s.start()), r.seed(),
                        100 * r.objective(), 100 * r.compliance(), 100 * r.budgetRemainingRatio())))
                .append("</p>\n");
        b.append("<h2>Summary</h2>\n<pre>").append(esc(Summary.render(r))).append("</pre>\n");

        b.append("<h2>Error budget left</h2>\n");
        b.append(chart(s.start(), new double[][] {percent(s.budgetRemaining())}, new String[] {"#2a7ab0"},
                0, 100, "%", r));
        b.append("<h2>Checkouts per hour and failed checkouts per hour</h2>\n");
        b.append(chart(s.start(), new double[][] {s.requestsPerHour()}, new String[] {"#5a8f29"}, 0,
                max(s.requestsPerHour()), "", r));
        b.append(chart(s.start(), new double[][] {s.badPerHour()}, new String[] {"#c0392b"}, 0,
                Math.max(1, max(s.badPerHour())), "", r));
        b.append("<h2>Traffic forecast (Holt-Winters, 95% interval)</h2>\n");
        b.append(forecastChart(r));
        b.append("<h2>Timeline</h2>\n<table>\n<tr><th>When (UTC)</th><th>What</th><th>Event</th></tr>\n");
        for (TimelineEvent e : r.timeline()) {
            b.append("<tr><td>").append(esc(WHEN.format(e.at()))).append("</td><td>").append(esc(e.kind()))
                    .append("</td><td>").append(esc(e.text())).append("</td></tr>\n");
        }
        b.append("</table>\n</body>\n</html>\n");
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
                new String[] {"#bbbbbb", "#bbbbbb", "#5a8f29", "#8e44ad"}, 0, top, "", r);
    }

    private static String chart(Instant start, double[][] lines, String[] colours, double min, double max,
            String unit, DemoResult r) {
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
        b.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"2\" y=\"18\">%s%s</text>%n", number(max), unit));
        b.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"2\" y=\"%d\">%s%s</text>%n", HEIGHT - PAD,
                number(min), unit));
        int days = (int) Math.ceil(points / 24.0);
        int every = days > 40 ? 14 : 7;
        for (int d = 0; d <= days; d += every) {
            double x = PAD + d * 24 * xScale;
            b.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\">%s</text>%n", x,
                    HEIGHT - PAD + 16, esc(WHEN.format(start.plus(Duration.ofDays(d))).substring(0, 10))));
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static double[] percent(double[] ratios) {
        double[] p = new double[ratios.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 100 * ratios[i];
        }
        return p;
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
