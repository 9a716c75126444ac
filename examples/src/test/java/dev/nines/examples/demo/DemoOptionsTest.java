package dev.nines.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsToSeed42ThirtyDaysAndAReportUnderTarget() {
        DemoOptions options = DemoOptions.parse();

        assertThat(options).isEqualTo(new DemoOptions(42, 30, Path.of("target", "nines-demo-report.html"), false));
    }

    @Test
    void readsEveryOption() {
        DemoOptions options = DemoOptions.parse("--seed", "7", "--days", "14", "--out", "r.html", "--help");

        assertThat(options).isEqualTo(new DemoOptions(7, 14, Path.of("r.html"), true));
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndDaysOutOfRange() {
        assertThatThrownBy(() -> DemoOptions.parse("--fast")).hasMessage("unknown option --fast (try --help)");
        assertThatThrownBy(() -> DemoOptions.parse("--days")).hasMessage("--days needs a value");
        assertThatThrownBy(() -> DemoOptions.parse("--seed", "x")).hasMessage("--seed must be a whole number, was x");
        assertThatThrownBy(() -> DemoOptions.parse("--days", "2")).hasMessage("--days must be in [3, 120], was 2");
    }

    @Test
    void usageNamesEveryOption() {
        assertThat(DemoOptions.USAGE)
                .contains("--seed")
                .contains("--days")
                .contains("--out")
                .contains("--help");
    }
}
