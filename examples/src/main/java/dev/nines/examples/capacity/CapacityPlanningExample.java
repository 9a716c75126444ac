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
 * Embedding example: capacity planning from a CSV of hourly request counts ({@code hour,requests},
 * ISO-8601 instants, {@code #} comments). Fits a Holt-Winters model with a weekly season, forecasts
 * the next eight weeks, and answers: what is the peak, how many replicas does each region need to
 * survive the loss of any one region, and when does today's fleet run out?
 *
 * <p>Run it with {@code java -cp examples/target/nines-demo.jar
 * dev.nines.examples.capacity.CapacityPlanningExample [file.csv]}; without a file it reads the
 * bundled {@code hourly-requests.csv} (8 weeks of a growing web shop).
 */
public final class CapacityPlanningExample {

    /** Requests per second one replica serves at 100% CPU. */
    public static final double CAPACITY_PER_REPLICA = 20.0;
    /** The CPU utilization not to exceed, even with a region lost. */
    public static final double TARGET_UTILIZATION = 0.65;
    /** The forecast horizon: eight weeks of hours. */
    public static final int HORIZON_HOURS = 8 * 7 * 24;
    /** The regions: share of traffic, capacity per replica, price per replica-hour. */
    public static final List<RegionalReserve.Region> REGIONS = List.of(
            new RegionalReserve.Region("us-east-1", 0.45, CAPACITY_PER_REPLICA, 0.34),
            new RegionalReserve.Region("eu-west-1", 0.35, CAPACITY_PER_REPLICA, 0.38),
            new RegionalReserve.Region("ap-south-1", 0.20, CAPACITY_PER_REPLICA, 0.31));
    /** Today's fleet, per region, in the order of {@link #REGIONS}. */
    public static final Map<String, Integer> TODAYS_FLEET = Map.of("us-east-1", 11, "eu-west-1", 10, "ap-south-1", 6);

    private CapacityPlanningExample() {
    }

    /**
     * The answers.
     *
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
    public record Plan(int observations, int gapsFilled, HoltWintersFit fit, Forecast forecast, List<Peak> weeklyPeaks,
            ForecastPoint peak, double peakUpper, RegionalReserve.Plan plan, double todaysFleetServesPerSecond, ThresholdCrossing runsOut) {
    }

    /**
     * Reads hourly counts and plans capacity.
     *
     * @param csv the CSV text
     * @return the plan
     * @throws IOException if reading fails
     * @throws IllegalArgumentException if a line is malformed (the message names the line)
     */
    public static Plan plan(Reader csv) throws IOException {
        List<Observation> observations = read(csv);
        TimeSeries hourly = TimeSeries.fromObservations(observations, Duration.ofHours(1), GapFill.INTERPOLATE);
        int gaps = hourly.size() - observations.size();
        HoltWintersFit fit = HoltWinters.of(HoltWintersConfig.multiplicative(168)).fit(hourly);
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
        RegionalReserve.Plan plan = RegionalReserve.plan(REGIONS, highestUpper / 3600, TARGET_UTILIZATION, 1);
        double served = todaysFleetServesPerSecond();
        ThresholdCrossing runsOut = ForecastQuestions.thresholdCrossing(forecast, served * 3600);
        return new Plan(observations.size(), gaps, fit, forecast, weekly, peak, highestUpper, plan, served, runsOut);
    }

    /**
     * Returns the highest peak, in requests per second, that today's fleet serves at the target
     * utilization when any one region is lost and its traffic spreads over the others in proportion
     * to their shares.
     *
     * @return requests per second
     */
    public static double todaysFleetServesPerSecond() {
        double served = Double.MAX_VALUE;
        for (RegionalReserve.Region region : REGIONS) {
            double largestOther = 0;
            for (RegionalReserve.Region other : REGIONS) {
                if (other != region) {
                    largestOther = Math.max(largestOther, other.demandShare());
                }
            }
            double capacity = TODAYS_FLEET.get(region.name()) * region.capacityPerInstance() * TARGET_UTILIZATION;
            served = Math.min(served, capacity * (1 - largestOther) / region.demandShare());
        }
        return served;
    }

    /**
     * Prints the plan for the CSV named by the first argument, or for the bundled sample.
     *
     * @param args an optional CSV path
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length > 0) {
            try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
                print(args[0], plan(in), System.out);
            }
        } else {
            try (Reader in = bundledSample()) {
                print("bundled hourly-requests.csv", plan(in), System.out);
            }
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
        out.printf(Locale.ROOT, "Read %,d hourly counts from %s, %s to %s (%d missing hours interpolated)%n",
                plan.observations(), source, series.start(), series.time(series.size() - 1), plan.gapsFilled());
        out.printf(Locale.ROOT, "Model: %s, alpha %.3f, beta %.3f, gamma %.3f%n%n", plan.fit().description(),
                plan.fit().alpha(), plan.fit().beta(), plan.fit().gamma());
        out.println("Forecast, weekly peaks (requests/s, with the 95% upper bound):");
        for (Peak week : plan.weeklyPeaks()) {
            out.printf(Locale.ROOT, "  week of %s  %7.1f  (upper %7.1f)%n", week.periodStart(),
                    week.peak().mean() / 3600, week.highestUpper() / 3600);
        }
        out.printf(Locale.ROOT, "%nPeak: %.1f requests/s at %s (upper bound %.1f)%n", plan.peak().mean() / 3600,
                plan.peak().time(), plan.peakUpper() / 3600);
        out.printf(Locale.ROOT, "%nReplicas per region for that upper bound, surviving the loss of any one region "
                + "at %.0f%% CPU (%.0f requests/s per replica):%n", 100 * TARGET_UTILIZATION, CAPACITY_PER_REPLICA);
        for (RegionalReserve.RegionPlan region : plan.plan().regions()) {
            out.printf(Locale.ROOT, "  %-11s %3d replicas (today %d; %d held for the loss of %s)%n", region.region(),
                    region.instances(), TODAYS_FLEET.get(region.region()), region.reserveInstances(),
                    String.join(", ", region.worstCaseLost()));
        }
        out.printf(Locale.ROOT, "  total %d replicas, %.2f per hour, of which the reserve costs %.2f%n",
                plan.plan().totalInstances(), plan.plan().totalCostPerHour(), plan.plan().reserveCostPerHour());
        out.printf(Locale.ROOT, "%nToday's fleet serves %.1f requests/s with a region lost. ", plan.todaysFleetServesPerSecond());
        ThresholdCrossing c = plan.runsOut();
        out.println(c.expected()
                .map(t -> "Capacity runs out on " + date(t) + " (as early as " + c.earliest().map(CapacityPlanningExample::date)
                        .orElse("?") + ", as late as " + c.latest().map(CapacityPlanningExample::date)
                        .orElse("after the horizon") + ").")
                .orElse(c.earliest().map(t -> "It lasts the horizon, but may run out as early as " + date(t) + ".")
                        .orElse("It lasts beyond the forecast horizon.")));
    }

    private static String date(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    static List<Observation> read(Reader csv) throws IOException {
        Objects.requireNonNull(csv, "csv");
        List<Observation> observations = new ArrayList<>();
        BufferedReader lines = new BufferedReader(csv);
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("hour,")) {
                continue;
            }
            int comma = trimmed.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException("line " + number + ": expected hour,requests, was " + trimmed);
            }
            try {
                Instant hour = Instant.parse(trimmed.substring(0, comma).strip());
                double requests = Double.parseDouble(trimmed.substring(comma + 1).strip());
                observations.add(new Observation(hour, requests));
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IllegalArgumentException("line " + number + ": " + e.getMessage(), e);
            }
        }
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("no hourly counts in the CSV");
        }
        return observations;
    }
}
