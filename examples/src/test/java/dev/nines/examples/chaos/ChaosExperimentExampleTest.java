package dev.nines.examples.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.slo.chaos.ExperimentReport;
import dev.nines.slo.chaos.ExperimentStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChaosExperimentExampleTest {

    @Test
    void theGameDaySpendsItsTenthOfTheRemainingBudgetAndStops() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ExperimentReport report;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            report = ChaosExperimentExample.run(out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);

        assertThat(report.status()).isEqualTo(ExperimentStatus.BUDGET_SHARE_SPENT);
        assertThat(report.remainingBudgetAtStart()).isCloseTo(600.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(report.allowedInjections()).isEqualTo(60);
        assertThat(report.injections()).isEqualTo(60);
        assertThat(report.spentShare()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.badEvents())
                .as("the retry absorbs nearly every injected fault")
                .isLessThan(report.injections() / 4);
        assertThat(report.totalEvents()).isGreaterThan(report.injections());
        assertThat(printed)
                .contains("Chaos experiment payments-outage-game-day on SLO checkout: BUDGET_SHARE_SPENT")
                .contains("allowed 10% of it: 60 injections")
                .contains("spent: 60 injections (10.0% of the budget left)");
    }

    @Test
    void mainRuns() {
        ChaosExperimentExample.main(new String[0]);
    }
}
