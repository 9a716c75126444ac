package dev.nines.capacity.forecast;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Data sets shipped as test resources (exported from R by src/test/r/holtwinters-reference.R). */
final class TestSeries {

    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private TestSeries() {}

    /** AirPassengers: monthly airline passengers (thousands), 1949-1960, 144 points, period 12. */
    static TimeSeries airPassengers() {
        return monthly("AirPassengers.txt");
    }

    /** co2: Mauna Loa monthly CO2 (ppm), 1959-1997, 468 points, period 12. */
    static TimeSeries co2() {
        return monthly("co2.txt");
    }

    /** Nile: annual flow of the Nile at Aswan, 1871-1970, 100 points. */
    static TimeSeries nile() {
        return monthly("Nile.txt");
    }

    /** The synthetic series of the R script: 14 days hourly, period 24, trend, daily cycle, deterministic wiggle. */
    static TimeSeries synthetic() {
        double[] v = new double[24 * 14];
        for (int t = 0; t < v.length; t++) {
            v[t] = 1000
                    + 0.5 * t
                    + 200 * Math.sin(2 * Math.PI * t / 24)
                    + 30 * Math.sin(t * 1.7)
                    + 15 * Math.cos(t * 0.37);
        }
        return TimeSeries.of(START, Duration.ofHours(1), v);
    }

    private static TimeSeries monthly(String resource) {
        // the step does not matter to the models; 30 days stands in for a month
        return TimeSeries.of(START, Duration.ofDays(30), read(resource));
    }

    static double[] read(String resource) {
        try (InputStream in = Objects.requireNonNull(TestSeries.class.getResourceAsStream(resource), resource);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines()
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .mapToDouble(Double::parseDouble)
                    .toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
