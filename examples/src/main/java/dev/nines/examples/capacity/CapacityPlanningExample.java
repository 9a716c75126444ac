package dev.nines.examples.capacity;

import dev.nines.capacity.forecast.Forecast;
import dev.nines.capacity.forecast.ForecastPoint;
import dev.nines.capacity.forecast.ForecastQuestions;
import dev.nines.capacity.forecast.GapFill;
import dev.nines.capacity.forecast.HoltWinters;
import dev.nines.capacity.forecast.HoltWintersConfig;
import dev.nines.capacity.forecast.HoltWintersFit;
import dev.nines.capacity.forecast.Observation;
import dev.nines.capacity.forecast.Peak;
import dev.nines.capacity.forecast.ThresholdCrossing;
import dev.nines.capacity.forecast.TimeSeries;
import dev.nines.capacity.model.RegionalReserve;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Embedding example: capacity planning from a CSV of hourly request counts. Fits a Holt-Winters model
 * with a weekly season, forecasts the next eight weeks, and answers: what is the peak, how many
 * replicas does each region need to survive the loss of any one region, and when does today's fleet
 * run out?
 *
 * <p>The CSV ({@link #CSV_FORMAT}): one line per hour and region, {@code hour,region,requests}, or per
 * hour, {@code hour,requests}; {@code hour} an ISO-8601 instant such as {@code 2026-09-07T13:00:00Z};
 * blank lines and lines starting with {@code #} ignored; an optional header line first (any first line
 * whose first field is not an instant); at least two weeks of hours (the weekly model needs two
 * seasons); missing hours are interpolated. With a region column the regions and their shares of the
 * traffic come from the file, and "today's fleet" is the one sized for the busiest hour in it; without
 * one, the example's three regions ({@link #REGIONS}) and fleet ({@link #TODAYS_FLEET}) are assumed.
 *
 * <p>Run it with {@code java -cp examples/target/nines-demo.jar
 * dev.nines.examples.capacity.CapacityPlanningExample [file.csv]}; without a file it reads the
 * bundled {@code hourly-requests.csv} (8 weeks of a growing web shop). Bad input ends with a message
 * saying what is wrong and exit status 2, not a stack trace.
 */
public final class CapacityPlanningExample {

    /** Requests per second one replica serves at 100% CPU. */
    public static final double CAPACITY_PER_REPLICA = 20.0;
    /** The CPU utilization not to exceed, even with a region lost. */
    public static final double TARGET_UTILIZATION = 0.65;
    /** The forecast horizon: eight weeks of hours. */
    public static final int HORIZON_HOURS = 8 * 7 * 24;
    /** The season of the model: one week of hours. */
    public static final int WEEK_HOURS = 7 * 24;
    /** Price per replica-hour assumed for regions read from the CSV. */
    public static final double DEFAULT_PRICE_PER_REPLICA_HOUR = 0.34;
    /** The CSV format, as printed with an error. */
    public static final String CSV_FORMAT = "CSV format: one line per hour and region, hour,region,requests "
            + "(or per hour, hour,requests), hour an ISO-8601 instant such as 2026-09-07T13:00:00Z; an optional "
            + "header line; lines starting with # ignored; at least two weeks (" + 2 * WEEK_HOURS + " hours).";
    /** The regions: share of traffic, capacity per replica, price per replica-hour. */
    public static final List<RegionalReserve.Region> REGIONS = List.of(
            new RegionalReserve.Region("us-east-1", 0.45, CAPACITY_PER_REPLICA, 0.34),
            new RegionalReserve.Region("eu-west-1", 0.35, CAPACITY_PER_REPLICA, 0.38),
            new RegionalReserve.Region("ap-south-1", 0.20, CAPACITY_PER_REPLICA, 0.31));
    /** Today's fleet, per region, in the order of {@link #REGIONS}. */
    public static final Map<String, Integer> TODAYS_FLEET = Map.of("us-east-1", 11, "eu-west-1", 10, "ap-south-1", 6);

    private CapacityPlanningExample() {}

    /**
     * The hourly counts read from a CSV.
     *
     * @param hourly the total requests of each hour read, in time order
     * @param regionRequests requests per region over the whole file, in order of first appearance; empty
     *     for a CSV without a region column
     */
    public record Input(List<Observation> hourly, Map<String, Double> regionRequests) {

        /**
         * Copies the lists.
         *
         * @param hourly the hourly totals
         * @param regionRequests requests per region
         */
        public Input {
            hourly = List.copyOf(hourly);
            regionRequests = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(regionRequests));
        }
    }

    /**
     * The answers.
     *
     * @param regions the regions planned for, from the CSV or {@link #REGIONS}
     * @param todaysFleet today's replicas per region
     * @param observations the hourly counts read
     * @param gapsFilled the missing hours, filled by interpolation
     * @param fit the fitted model
     * @param forecast the hourly forecast, requests per hour
     * @param weeklyPeaks the forecast peak of each week
     * @param peak the highest forecast hour
     * @param peakUpper the highest 95% upper bound of the forecast, requests per hour
     * @param plan replicas per region for the peak's upper bound with one region lost
     * @param todaysFleetServesPerSecond the peak today's fleet serves with any one region lost, requests/s
     * @param runsOut when the forecast reaches what today's fleet serves
     */
    public record Plan(
            List<RegionalReserve.Region> regions,
            Map<String, Integer> todaysFleet,
            int observations,
            int gapsFilled,
            HoltWintersFit fit,
            Forecast forecast,
            List<Peak> weeklyPeaks,
            ForecastPoint peak,
            double peakUpper,
            RegionalReserve.Plan plan,
            double todaysFleetServesPerSecond,
            ThresholdCrossing runsOut) {}

    /**
     * Reads hourly counts and plans capacity.
     *
     * @param csv the CSV text, in the format of {@link #CSV_FORMAT}
     * @return the plan
     * @throws IOException if reading fails
     * @throws IllegalArgumentException if a line is malformed (the message names the line), or the data
     *     are too short for the weekly model or name fewer than two regions
     */
    public static Plan plan(Reader csv) throws IOException {
        Input input = read(csv);
        List<Observation> observations = input.hourly();
        TimeSeries hourly = TimeSeries.fromObservations(observations, Duration.ofHours(1), GapFill.INTERPOLATE);
        if (hourly.size() < 2 * WEEK_HOURS) {
            throw new IllegalArgumentException("the CSV covers " + hourly.size() + " hours (" + hourly.start() + " to "
                    + hourly.time(hourly.size() - 1)
                    + "), fewer than two periods of the weekly model: it needs at least "
                    + 2 * WEEK_HOURS + " hours (two weeks)");
        }
        List<RegionalReserve.Region> regions;
        Map<String, Integer> fleet;
        if (input.regionRequests().isEmpty()) {
            regions = REGIONS;
            fleet = TODAYS_FLEET;
        } else {
            regions = regionsOf(input.regionRequests());
            double busiest = 0;
            for (double v : hourly.values()) {
                busiest = Math.max(busiest, v);
            }
            fleet = new java.util.LinkedHashMap<>();
            for (RegionalReserve.RegionPlan region : RegionalReserve.plan(
                            regions, busiest / 3600, TARGET_UTILIZATION, 1)
                    .regions()) {
                fleet.put(region.region(), region.instances());
            }
        }
        int gaps = hourly.size() - observations.size();
        HoltWintersFit fit =
                HoltWinters.of(HoltWintersConfig.multiplicative(WEEK_HOURS)).fit(hourly);
        Forecast forecast = fit.forecast(HORIZON_HOURS, 0.95);
        List<Peak> weekly = ForecastQuestions.weeklyPeaks(forecast, ZoneOffset.UTC);
        ForecastPoint peak = forecast.points().get(0);
        double highestUpper = 0;
        for (ForecastPoint p : forecast.points()) {
            if (p.mean() > peak.mean()) {
                peak = p;
            }
            highestUpper = Math.max(highestUpper, p.upper());
        }
        RegionalReserve.Plan plan = RegionalReserve.plan(regions, highestUpper / 3600, TARGET_UTILIZATION, 1);
        double served = fleetServesPerSecond(regions, fleet);
        ThresholdCrossing runsOut = ForecastQuestions.thresholdCrossing(forecast, served * 3600);
        return new Plan(
                regions,
                Map.copyOf(fleet),
                observations.size(),
                gaps,
                fit,
                forecast,
                weekly,
                peak,
                highestUpper,
                plan,
                served,
                runsOut);
    }

    private static List<RegionalReserve.Region> regionsOf(Map<String, Double> requests) {
        if (requests.size() < 2) {
            throw new IllegalArgumentException("the CSV names " + requests.size() + " region ("
                    + String.join(", ", requests.keySet()) + "); surviving the loss of a region needs at least two");
        }
        double total = 0;
        for (double v : requests.values()) {
            total += v;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("the CSV's requests must add up to more than 0, was " + total);
        }
        List<RegionalReserve.Region> regions = new ArrayList<>();
        for (Map.Entry<String, Double> e : requests.entrySet()) {
            regions.add(new RegionalReserve.Region(
                    e.getKey(), e.getValue() / total, CAPACITY_PER_REPLICA, DEFAULT_PRICE_PER_REPLICA_HOUR));
        }
        return regions;
    }

    /**
     * Returns the highest peak, in requests per second, that today's fleet ({@link #TODAYS_FLEET} over
     * {@link #REGIONS}) serves at the target utilization when any one region is lost and its traffic
     * spreads over the others in proportion to their shares.
     *
     * @return requests per second
     */
    public static double todaysFleetServesPerSecond() {
        return fleetServesPerSecond(REGIONS, TODAYS_FLEET);
    }

    private static double fleetServesPerSecond(List<RegionalReserve.Region> regions, Map<String, Integer> fleet) {
        double served = Double.MAX_VALUE;
        for (RegionalReserve.Region region : regions) {
            double largestOther = 0;
            for (RegionalReserve.Region other : regions) {
                if (!other.name().equals(region.name())) {
                    largestOther = Math.max(largestOther, other.demandShare());
                }
            }
            Integer instances = fleet.get(region.name());
            if (instances == null) {
                throw new IllegalArgumentException(
                        "fleet must have instances in region " + region.name() + ", was " + fleet.keySet());
            }
            double capacity = instances * region.capacityPerInstance() * TARGET_UTILIZATION;

            served = Math.min(served, capacity * (1 - largestOther) / region.demandShare());
        }
        return served;
    }

    /**
     * Plans for the CSV named by the first argument, or for the bundled sample, printing the plan to
     * {@code out}, or what is wrong with the input to {@code err}.
     *
     * @param args an optional CSV path
     * @param out where the plan goes
     * @param err where errors go
     * @return the exit status: 0, or 2 for input that cannot be planned from
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String source = args.length > 0 ? args[0] : "bundled hourly-requests.csv";
        try (Reader in =
                args.length > 0 ? Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8) : bundledSample()) {
            print(source, plan(in), out);
            return 0;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("capacity example: no such file: " + e.getFile());
        } catch (IOException | UncheckedIOException e) {
            err.println("capacity example: cannot read " + source + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            err.println("capacity example: " + source + ": " + e.getMessage());
        }
        err.println(CSV_FORMAT);
        return 2;
    }

    /**
     * Prints the plan for the CSV named by the first argument, or for the bundled sample.
     *
     * @param args an optional CSV path
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Opens the bundled sample CSV.
     *
     * @return a reader over it
     */
    public static Reader bundledSample() {
        InputStream in = CapacityPlanningExample.class.getResourceAsStream("hourly-requests.csv");
        if (in == null) {
            throw new UncheckedIOException(new IOException("hourly-requests.csv is missing from the class path"));
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    /**
     * Prints a plan for people.
     *
     * @param source where the counts came from
     * @param plan the plan
     * @param out where to print
     */
    public static void print(String source, Plan plan, PrintStream out) {
        TimeSeries series = plan.fit().series();
        out.printf(
                Locale.ROOT,
                "Read %,d hourly counts from %s, %s to %s (%d missing hours interpolated)%n",
                plan.observations(),
                source,
                series.start(),
                series.time(series.size() - 1),
                plan.gapsFilled());
        out.printf(
                Locale.ROOT,
                "Model: %s, alpha %.3f, beta %.3f, gamma %.3f%n%n",
                plan.fit().description(),
                plan.fit().alpha(),
                plan.fit().beta(),
                plan.fit().gamma());
        out.println("Forecast, weekly peaks (requests/s, with the 95% upper bound):");
        for (Peak week : plan.weeklyPeaks()) {
            out.printf(
                    Locale.ROOT,
                    "  week of %s  %7.1f  (upper %7.1f)%n",
                    week.periodStart(),
                    week.peak().mean() / 3600,
                    week.highestUpper() / 3600);
        }
        out.printf(
                Locale.ROOT,
                "%nPeak: %.1f requests/s at %s (upper bound %.1f)%n",
                plan.peak().mean() / 3600,
                plan.peak().time(),
                plan.peakUpper() / 3600);
        out.printf(
                Locale.ROOT,
                "%nReplicas per region for that upper bound, surviving the loss of any one region "
                        + "at %.0f%% CPU (%.0f requests/s per replica):%n",
                100 * TARGET_UTILIZATION,
                CAPACITY_PER_REPLICA);
        for (RegionalReserve.RegionPlan region : plan.plan().regions()) {
            out.printf(
                    Locale.ROOT,
                    "  %-11s %3d replicas (today %d; %d held for the loss of %s)%n",
                    region.region(),
                    region.instances(),
                    plan.todaysFleet().get(region.region()),
                    region.reserveInstances(),
                    String.join(", ", region.worstCaseLost()));
        }
        out.printf(
                Locale.ROOT,
                "  total %d replicas, %.2f per hour, of which the reserve costs %.2f%n",
                plan.plan().totalInstances(),
                plan.plan().totalCostPerHour(),
                plan.plan().reserveCostPerHour());
        out.printf(
                Locale.ROOT,
                "%nRegions %s%n",
                plan.regions() == REGIONS
                        ? "assumed (the CSV has no region column): "
                                + "us-east-1 45%, eu-west-1 35%, ap-south-1 20% of the traffic"
                        : "from the CSV, with their shares of the traffic; today's fleet taken as the one sized for its busiest hour");
        out.printf(
                Locale.ROOT,
                "Today's fleet serves %.1f requests/s with a region lost. ",
                plan.todaysFleetServesPerSecond());
        ThresholdCrossing c = plan.runsOut();
        out.println(c.expected()
                .map(t -> "Capacity runs out on " + date(t) + " (as early as "
                        + c.earliest().map(CapacityPlanningExample::date).orElse("?") + ", as late as "
                        + c.latest().map(CapacityPlanningExample::date).orElse("after the horizon") + ").")
                .orElse(c.earliest()
                        .map(t -> "It lasts the horizon, but may run out as early as " + date(t) + ".")
                        .orElse("It lasts beyond the forecast horizon.")));
    }

    private static String date(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    /**
     * Reads the CSV (see {@link #CSV_FORMAT}), adding up the regions of each hour.
     *
     * @param csv the CSV text
     * @return the hourly totals and the requests per region
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the line and the field, for a malformed line or no data
     */
    public static Input read(Reader csv) throws IOException {
        Objects.requireNonNull(csv, "csv");
        Map<Instant, Double> totals = new java.util.TreeMap<>();
        Map<String, Double> regions = new java.util.LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        BufferedReader lines = new BufferedReader(csv);
        int number = 0;
        int fields = 0;
        boolean first = true;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split(",", -1);
            Instant hour;
            try {
                hour = Instant.parse(parts[0].strip());
            } catch (DateTimeParseException e) {
                if (first) { // a header line such as hour,region,requests
                    first = false;
                    continue;
                }
                throw new IllegalArgumentException(
                        "line " + number + ": hour must be an ISO-8601 instant such as " + "2026-09-07T13:00:00Z, was '"
                                + parts[0].strip() + "'",
                        e);
            }
            first = false;
            if (parts.length != 2 && parts.length != 3) {
                throw new IllegalArgumentException(
                        "line " + number + ": expected hour,region,requests or hour,requests, was '" + trimmed + "'");
            }
            if (fields != 0 && parts.length != fields) {
                throw new IllegalArgumentException("line " + number + ": expected " + fields
                        + " fields like the lines before, had " + parts.length + ": '" + trimmed + "'");
            }
            fields = parts.length;
            String countText = parts[parts.length - 1].strip();
            double requests;
            try {
                requests = Double.parseDouble(countText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "line " + number + ": requests must be a number, was '" + countText + "'", e);
            }
            if (!(requests >= 0) || Double.isInfinite(requests)) {
                throw new IllegalArgumentException(
                        "line " + number + ": requests must be a finite number at least 0, was " + countText);
            }
            if (fields == 3) {
                String region = parts[1].strip();
                if (region.isEmpty()) {
                    throw new IllegalArgumentException("line " + number + ": region must not be blank");
                }
                if (!seen.add(hour + "," + region)) {
                    throw new IllegalArgumentException(
                            "line " + number + ": hour " + hour + " of region " + region + " appears twice");
                }
                regions.merge(region, requests, Double::sum);
            } else if (totals.containsKey(hour)) {
                throw new IllegalArgumentException("line " + number + ": hour " + hour + " appears twice");
            }
            totals.merge(hour, requests, Double::sum);
        }
        if (totals.isEmpty()) {
            throw new IllegalArgumentException("no hourly counts in the CSV");
        }
        List<Observation> observations = new ArrayList<>();
        for (Map.Entry<Instant, Double> e : totals.entrySet()) {
            observations.add(new Observation(e.getKey(), e.getValue()));
        }
        return new Input(observations, regions);
    }
}
