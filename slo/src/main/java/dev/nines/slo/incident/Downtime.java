package dev.nines.slo.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Downtime arithmetic: merges the impact intervals of incidents into disjoint downtime, clipped to
 * a period, and takes excluded intervals out of it.
 *
 * <p>Where incidents overlap, the downtime is counted once, with the largest impact ratio of the
 * incidents active at that moment (two concurrent partial outages of 30% and 50% weigh 50%, never
 * 80%: they usually hit the same failing requests). Excluded incidents are ignored. Stateless and
 * thread-safe.
 *
 * <pre>{@code
 * List<DowntimeInterval> down = Downtime.intervals(incidents, monthStart, monthEnd);
 * Duration total = Downtime.total(down);
 * }</pre>
 */
public final class Downtime {

    private Downtime() {}

    /**
     * Returns the downtime of the non-excluded incidents inside {@code [from, to)}: disjoint,
     * sorted, adjacent stretches of equal impact merged.
     *
     * @param incidents the incidents, of any services (filter first for one service)
     * @param from the period start
     * @param to the period end, after {@code from}
     * @return the downtime intervals
     * @throws IllegalArgumentException if {@code to} is not after {@code from}
     */
    public static List<DowntimeInterval> intervals(Collection<Incident> incidents, Instant from, Instant to) {
        Objects.requireNonNull(incidents, "incidents");
        checkPeriod(from, to);
        List<Incident> active = new ArrayList<>();
        TreeSet<Instant> bounds = new TreeSet<>();
        for (Incident incident : incidents) {
            Objects.requireNonNull(incident, "incident");
            if (incident.excluded()
                    || !incident.mitigated().isAfter(from)
                    || !incident.start().isBefore(to)
                    || !incident.mitigated().isAfter(incident.start())) {
                continue;
            }
            active.add(incident);
            bounds.add(max(incident.start(), from));
            bounds.add(min(incident.mitigated(), to));
        }
        List<DowntimeInterval> out = new ArrayList<>();
        Instant previous = null;
        for (Instant bound : bounds) {
            if (previous != null) {
                double impact = 0;
                for (Incident incident : active) {
                    if (!incident.start().isAfter(previous)
                            && incident.mitigated().isAfter(previous)) {
                        impact = Math.max(impact, incident.impactRatio());
                    }
                }
                if (impact > 0) {
                    DowntimeInterval last = out.isEmpty() ? null : out.get(out.size() - 1);
                    if (last != null && last.end().equals(previous) && last.impactRatio() == impact) {
                        out.set(out.size() - 1, new DowntimeInterval(last.start(), bound, impact));
                    } else {
                        out.add(new DowntimeInterval(previous, bound, impact));
                    }
                }
            }
            previous = bound;
        }
        return List.copyOf(out);
    }

    /**
     * Returns {@code downtime} without the parts covered by any of {@code excluded} (each an
     * interval {@code [start, end)} given as {@code Instant[2]}).
     *
     * @param downtime disjoint downtime intervals
     * @param excluded intervals to take out, {@code {start, end}} with start before end
     * @return the remaining downtime, sorted
     * @throws IllegalArgumentException if an excluded interval is malformed
     */
    public static List<DowntimeInterval> minus(List<DowntimeInterval> downtime, List<Instant[]> excluded) {
        Objects.requireNonNull(downtime, "downtime");
        Objects.requireNonNull(excluded, "excluded");
        List<DowntimeInterval> current = new ArrayList<>(downtime);
        for (Instant[] cut : excluded) {
            if (cut == null || cut.length != 2 || cut[0] == null || cut[1] == null || !cut[1].isAfter(cut[0])) {
                throw new IllegalArgumentException("excluded interval must be {start, end} with end after start");
            }
            List<DowntimeInterval> next = new ArrayList<>();
            for (DowntimeInterval d : current) {
                if (!cut[0].isBefore(d.end()) || !cut[1].isAfter(d.start())) {
                    next.add(d);
                    continue;
                }
                if (cut[0].isAfter(d.start())) {
                    next.add(new DowntimeInterval(d.start(), cut[0], d.impactRatio()));
                }
                if (cut[1].isBefore(d.end())) {
                    next.add(new DowntimeInterval(cut[1], d.end(), d.impactRatio()));
                }
            }
            current = next;
        }
        return List.copyOf(current);
    }

    /**
     * Returns the total length of {@code downtime}, impact ignored (time-based downtime).
     *
     * @param downtime disjoint intervals
     * @return the sum of their lengths
     */
    public static Duration total(List<DowntimeInterval> downtime) {
        Duration sum = Duration.ZERO;
        for (DowntimeInterval d : downtime) {
            sum = sum.plus(d.duration());
        }
        return sum;
    }

    /**
     * Returns the impact-weighted length of {@code downtime}: the equivalent full downtime, in
     * nanoseconds (not rounded).
     *
     * @param downtime disjoint intervals
     * @return the sum of {@link DowntimeInterval#weightedNanos()}
     */
    public static double weightedNanos(List<DowntimeInterval> downtime) {
        double sum = 0;
        for (DowntimeInterval d : downtime) {
            sum += d.weightedNanos();
        }
        return sum;
    }

    static void checkPeriod(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("period end must be after start " + from + ", was " + to);
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
