package dev.nines.slo.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** Number, duration and time formatting shared by the renderers. */
final class Fmt {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);
    private static final DateTimeFormatter PARTIAL = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);

    private Fmt() {}

    /** A ratio as a percentage with 3 decimals, e.g. {@code 99.950%}; "n/a" when not finite. */
    static String percent(double ratio) {
        return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.3f%%", ratio * 100) : "n/a";
    }

    /** A duration as e.g. {@code 1h 05m}, {@code 4m 30s}, {@code 2d 3h}. */
    static String duration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds >= 86_400) {
            return String.format(Locale.ROOT, "%dd %dh", seconds / 86_400, seconds % 86_400 / 3600);
        }
        if (seconds >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return seconds + "s";
    }

    static String duration(Optional<Duration> d) {
        return d.isPresent() ? duration(d.get()) : "n/a";
    }

    /** A zone for people: "UTC" rather than "Z". */
    static String zone(ZoneId zone) {
        return zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.toString();
    }

    static String time(Instant instant, ZoneId zone) {
        return TIME.format(instant.atZone(zone));
    }

    static String day(Instant instant, ZoneId zone) {
        return DAY.format(instant.atZone(zone));
    }

    /** A coordinate with at most 2 decimals. */
    static String coord(double v) {
        double r = Math.round(v * 100) / 100.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    /** A finite number for JSON, or {@code null}. */
    static String number(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    /** The observed part of a month, e.g. {@code Dec 1 00:00 to Dec 2 00:00 (1d 0h)}. */
    static String partial(Instant from, Instant to, ZoneId zone) {
        return PARTIAL.format(from.atZone(zone)) + " to " + PARTIAL.format(to.atZone(zone)) + " ("
                + duration(Duration.between(from, to)) + ")";
    }
}
