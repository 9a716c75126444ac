package dev.nines.examples.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.capacity.model.RegionalReserve;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's input: CSV format, header lines, regions from the file, and errors without stack traces. */
class CapacityPlanningExampleInputTest {

    private static final Instant START = Instant.parse("2026-09-07T00:00:00Z");

    /** {@code hours} of traffic with a daily and weekly cycle and growth; per region when regions are given. */
    static String csv(String header, int hours, String... regions) {
        StringBuilder b = new StringBuilder(header.isEmpty() ? "" : header + "\n");
        for (int h = 0; h < hours; h++) {
            double total =
                    10_000 * (1 + 0.001 * h) * (1.2 + Math.sin(2 * Math.PI * h / 24)) * (h / 24 % 7 >= 5 ? 1.3 : 1.0);
            Instant hour = START.plus(Duration.ofHours(h));
            if (regions.length == 0) {
                b.append(hour)
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.0f", total))
                        .append('\n');
            }
            for (int r = 0; r < regions.length; r++) {
                double share = (r + 1.0) / (regions.length * (regions.length + 1) / 2.0);
                b.append(hour)
                        .append(',')
                        .append(regions[r])
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.0f", total * share))
                        .append('\n');
            }
        }
        return b.toString();
    }

    static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CapacityPlanningExample.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {
            Integer.toString(status), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)
        };
    }

    @Test
    void startsOnTheBundledSample() {
        String[] r = run();
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("Peak:").contains("Regions assumed");
        assertThat(r[2]).isEmpty();
    }

    @Test
    void acceptsAnyHeaderLineAndComments() throws IOException {
        for (String header :
                new String[] {"", "hour,requests", "timestamp,requests", "Time,Count", "# exported\nts;requests"}) {
            String text = header.startsWith("#") ? header.replace("ts;requests", "ts,requests") : header;
            try (Reader in = new StringReader(csv(text, 3 * 168))) {
                assertThat(CapacityPlanningExample.plan(in).observations())
                        .as(header)
                        .isEqualTo(3 * 168);
            }
        }
    }

    @Test
    void derivesTheRegionsAndTheirSharesFromARegionColumn() throws IOException {
        CapacityPlanningExample.Plan plan;
        try (Reader in =
                new StringReader(csv("hour,region,requests", 3 * 168, "eu-north-1", "us-west-2", "sa-east-1"))) {
            plan = CapacityPlanningExample.plan(in);
        }
        assertThat(plan.regions())
                .extracting(RegionalReserve.Region::name)
                .containsExactly("eu-north-1", "us-west-2", "sa-east-1");
        assertThat(plan.regions().get(0).demandShare()).isCloseTo(1 / 6.0, within(1e-3));
        assertThat(plan.regions().get(2).demandShare()).isCloseTo(3 / 6.0, within(1e-3));
        assertThat(plan.plan().regions())
                .extracting(RegionalReserve.RegionPlan::region)
                .containsExactlyInAnyOrder("eu-north-1", "us-west-2", "sa-east-1");
        assertThat(plan.todaysFleet()).containsOnlyKeys("eu-north-1", "us-west-2", "sa-east-1");
        assertThat(plan.observations()).isEqualTo(3 * 168);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CapacityPlanningExample.print("regions.csv", plan, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("sa-east-1")
                .contains("Regions from the CSV")
                .doesNotContain("us-east-1");
    }

    @Test
    void endsWithAClearMessageAndStatusTwoInsteadOfAStackTrace(@TempDir Path dir) throws IOException {
        Path short1 = Files.writeString(dir.resolve("short.csv"), csv("hour,requests", 10 * 24));
        String[] r = run(short1.toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[1]).isEmpty();
        assertThat(r[2])
                .contains("short.csv: the CSV covers 240 hours")
                .contains("at least 336 hours (two weeks)")
                .contains("CSV format: one line per hour and region")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");

        Path oneRegion = Files.writeString(dir.resolve("one.csv"), csv("hour,region,requests", 3 * 168, "eu"));
        assertThat(run(oneRegion.toString())[2])
                .contains("names 1 region (eu); surviving the loss of a region needs at least two");

        Path bad = Files.writeString(
                dir.resolve("bad.csv"), "hour,requests\n2026-01-01T00:00:00Z,12\n2026-01-01T01:00:00Z,many\n");
        assertThat(run(bad.toString())[2]).contains("line 3: requests must be a number, was 'many'");

        Path mixed =
                Files.writeString(dir.resolve("mixed.csv"), "2026-01-01T00:00:00Z,12\n2026-01-01T01:00:00Z,eu,3\n");
        assertThat(run(mixed.toString())[2]).contains("line 2: expected 2 fields like the lines before, had 3");

        String[] missing = run(dir.resolve("nope.csv").toString());
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[2]).contains("no such file: ").contains("nope.csv");

        Path empty = Files.writeString(dir.resolve("empty.csv"), "hour,requests\n# nothing yet\n");
        assertThat(run(empty.toString())[2]).contains("no hourly counts in the CSV");
    }

    @Test
    void rejectsRepeatedHoursAndNegativeCounts() {
        assertThatThrownBy(() -> CapacityPlanningExample.read(
                        new StringReader("2026-01-01T00:00:00Z,1\n2026-01-01T00:00:00Z,2\n")))
                .hasMessage("line 2: hour 2026-01-01T00:00:00Z appears twice");
        assertThatThrownBy(() -> CapacityPlanningExample.read(new StringReader("2026-01-01T00:00:00Z,-1\n")))
                .hasMessage("line 1: requests must be a finite number at least 0, was -1");
    }
}
