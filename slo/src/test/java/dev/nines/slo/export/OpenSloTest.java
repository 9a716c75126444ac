package dev.nines.slo.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.nines.slo.Budgeting;
import dev.nines.slo.Sli;
import dev.nines.slo.Slo;
import dev.nines.slo.SloWindow;
import dev.nines.slo.alert.BurnRateAlertPolicy;
import dev.nines.slo.alert.BurnRateRule;
import dev.nines.slo.alert.Severity;
import java.io.StringReader;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class OpenSloTest {

    static Slo checkout() {
        return Slo.builder("checkout").objective(0.999).window(SloWindow.rolling(Duration.ofDays(30)))
                .description("Checkout requests that do not fail").label("team", "payments").build();
    }

    static void assertSameSlo(Slo actual, Slo expected) {
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.objective()).isEqualTo(expected.objective());
        assertThat(actual.window()).isEqualTo(expected.window());
        assertThat(actual.sli()).isEqualTo(expected.sli());
        assertThat(actual.budgeting()).isEqualTo(expected.budgeting());
        assertThat(actual.description()).isEqualTo(expected.description());
        assertThat(actual.labels()).isEqualTo(expected.labels());
        assertThat(actual).isEqualTo(expected);
    }

    static void assertSamePolicy(BurnRateAlertPolicy actual, BurnRateAlertPolicy expected) {
        assertThat(actual.rules()).isEqualTo(expected.rules());
        assertThat(actual.minimumEvents()).isEqualTo(expected.minimumEvents());
        assertThat(actual.budgetThresholds()).isEqualTo(expected.budgetThresholds());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            current = step instanceof Integer ? ((List<Object>) current).get((Integer) step)
                    : ((Map<String, Object>) current).get(step);
        }
        return (Map<String, Object>) current;
    }

    @Test
    void writesAnOpenSloV1SloWithItsIndicatorWindowBudgetingObjectiveAndAlertPolicy() {
        String yaml = OpenSlo.write(checkout(), BurnRateAlertPolicy.sreWorkbook());
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);

        assertThat(at(doc)).containsEntry("apiVersion", "openslo/v1").containsEntry("kind", "SLO");
        assertThat(at(doc, "metadata")).containsEntry("name", "checkout").containsEntry("labels", Map.of("team", "payments"));
        assertThat(at(doc, "spec")).containsEntry("budgetingMethod", "Occurrences").containsEntry("service", "checkout")
                .containsEntry("description", "Checkout requests that do not fail");
        assertThat(at(doc, "spec", "timeWindow", 0)).containsEntry("duration", "30d").containsEntry("isRolling", true);
        assertThat(at(doc, "spec", "objectives", 0)).containsEntry("target", 0.999);
        assertThat(at(doc, "spec", "indicator", "spec", "ratioMetric", "good", "metricSource", "spec"))
                .containsEntry("query", "sum(nines_slo_events_total{slo=\"checkout\", kind=\"good\"})");
        Map<String, Object> page = at(doc, "spec", "alertPolicies", 0, "spec", "conditions", 0);
        assertThat(page).containsEntry("kind", "AlertCondition");
        assertThat(at(page, "spec")).containsEntry("severity", "page");
        // SRE workbook: 2% of a 30-day budget in 1 hour is a burn rate of 14.4.
        assertThat(at(page, "spec", "condition")).containsEntry("kind", "burnrate").containsEntry("op", "gte")
                .containsEntry("lookbackWindow", "1h");
        assertThat((Double) at(page, "spec", "condition").get("threshold")).isCloseTo(14.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(at(page, "metadata", "annotations")).containsEntry("nines.dev/short-window", "5m")
                .containsEntry("nines.dev/budget-fraction", "0.02");
    }

    @Test
    void readsBackWhatItWrote() {
        Slo slo = checkout();

        OpenSlo.Document doc = OpenSlo.read(OpenSlo.write(slo, BurnRateAlertPolicy.sreWorkbook()));

        assertThat(doc.slo()).isEqualTo(slo);
        assertSamePolicy(doc.alertPolicy(), BurnRateAlertPolicy.sreWorkbook());
    }

    @Test
    void roundTripsCalendarWindowsTimeSlicesLatencyAndPendingTimes() throws Exception {
        Slo slo = Slo.builder("search-latency").objective(0.95)
                .window(SloWindow.calendarMonth(ZoneId.of("Europe/Paris")))
                .sli(Sli.latency(Duration.ofMillis(300)))
                .budgeting(Budgeting.timeslices(Duration.ofMinutes(5), 0.9)).label("tier", "2").build();
        BurnRateAlertPolicy policy = BurnRateAlertPolicy.builder()
                .rule(BurnRateRule.of("fast", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5))
                        .withPendingFor(Duration.ofMinutes(2)))
                .minimumEvents(100).budgetThresholds(List.of(0.5, 1.0)).build();

        String yaml = OpenSlo.write(slo, policy);
        OpenSlo.Document doc = OpenSlo.read(new StringReader(yaml));

        Slo emoji = slo.toBuilder().label("mood", "😀 ok").description("line1\nline2: # not a comment").build();
        assertThat(OpenSlo.read(OpenSlo.write(emoji)).slo()).isEqualTo(emoji);
        assertThat(yaml).contains("duration: 1M").contains("timeZone: Europe/Paris").contains("timeSliceWindow: 5m")
                .contains("alertAfter: 2m").contains("tier: '2'");
        assertThat(doc.slo()).isEqualTo(slo);
        assertSamePolicy(doc.alertPolicy(), policy);
        Slo weekly = slo.toBuilder().window(SloWindow.calendarWeek(ZoneId.of("America/New_York"))).build();
        assertThat(OpenSlo.read(OpenSlo.write(weekly)).slo()).isEqualTo(weekly);
    }

    @Test
    void roundTripsStringsWithEveryKindOfLineBreak() {
        // Found by the property: snakeyaml-engine wrote " \u0085" as a literal block it then misread.
        for (String text : List.of(" \u0085", "\n\u0085", "a\u2028b", "\u2029 ", "a\r\nb", "\r", " \n ", "\t")) {
            Slo slo = Slo.builder("x" + text).objective(0.9).description(text).label("k" + text, text).build();

            assertThat(OpenSlo.read(OpenSlo.write(slo)).slo()).isEqualTo(slo);
        }
    }

    @Test
    void aDocumentWithoutAlertPolicyReadsWithNoRules() {
        OpenSlo.Document doc = OpenSlo.read(OpenSlo.write(checkout()));

        assertThat(doc.slo()).isEqualTo(checkout());
        assertThat(doc.alertPolicy().rules()).isEmpty();
    }

    @Property(tries = 500)
    void everySloAndPolicyRoundTripsExactly(@ForAll("slos") Slo slo, @ForAll("policies") BurnRateAlertPolicy policy) {
        OpenSlo.Document doc = OpenSlo.read(OpenSlo.write(slo, policy));

        assertSameSlo(doc.slo(), slo);
        assertSamePolicy(doc.alertPolicy(), policy);
    }

    @Provide
    Arbitrary<Slo> slos() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('!', '~').withChars(" \t\n\r\"'#:&*!|>%@`{}[]é€\u0085\u2028").ofMinLength(1)
                .ofMaxLength(20).filter(s -> !s.isBlank());
        Arbitrary<SloWindow> windows = Arbitraries.oneOf(
                Arbitraries.integers().between(60, 366 * 1440).map(m -> SloWindow.rolling(Duration.ofMinutes(m))),
                Arbitraries.of("UTC", "Europe/Paris", "Asia/Kolkata").map(z -> SloWindow.calendarMonth(ZoneId.of(z))),
                Arbitraries.of("UTC", "America/New_York").map(z -> SloWindow.calendarWeek(ZoneId.of(z))));
        Arbitrary<Sli> slis = Arbitraries.oneOf(Arbitraries.just(Sli.requestRatio()),
                Arbitraries.longs().between(1, 60_000_000_000L).map(n -> Sli.latency(Duration.ofNanos(n))));
        Arbitrary<Budgeting> budgetings = Arbitraries.oneOf(Arbitraries.just(Budgeting.occurrences()),
                Combinators.combine(Arbitraries.integers().between(1, 60),
                        Arbitraries.doubles().between(0.0, 1.0).filter(d -> d > 0))
                        .as((m, t) -> Budgeting.timeslices(Duration.ofMinutes(m), t)));
        Arbitrary<Double> objectives = Arbitraries.doubles().between(0.0, 1.0).filter(d -> d > 0 && d < 1);
        Arbitrary<Map<String, String>> labels = Arbitraries.maps(names, names.injectNull(0.0)).ofMaxSize(3);
        return Combinators.combine(names, objectives, windows, slis, budgetings, names.injectNull(0.3), labels)
                .as((name, objective, window, sli, budgeting, description, l) -> {
                    Slo.Builder b = Slo.builder(name).objective(objective).window(window).sli(sli)
                            .budgeting(budgeting).description(description == null ? "" : description);
                    l.forEach(b::label);
                    return b.build();
                });
    }

    @Provide
    Arbitrary<BurnRateAlertPolicy> policies() {
        Arbitrary<BurnRateRule> rules = Combinators.combine(
                Arbitraries.strings().alpha().numeric().withChars("-%").ofMinLength(1).ofMaxLength(12),
                Arbitraries.of(Severity.class),
                Arbitraries.doubles().between(0.0, 1.0).filter(d -> d > 0),
                Arbitraries.integers().between(2, 10 * 1440),
                Arbitraries.integers().between(0, 1440))
                .as((name, severity, fraction, longMinutes, pending) -> new BurnRateRule(name, severity, fraction,
                        Duration.ofMinutes(longMinutes), Duration.ofMinutes(Math.max(1, longMinutes / 12)),
                        Duration.ofMinutes(pending)));
        return Combinators.combine(rules.list().ofMaxSize(4).uniqueElements(BurnRateRule::name),
                        Arbitraries.longs().between(0, 1000),
                        Arbitraries.doubles().between(0.0, 10.0).filter(d -> d > 0).list().ofMaxSize(4))
                .as((r, minimum, thresholds) -> {
                    BurnRateAlertPolicy.Builder b = BurnRateAlertPolicy.builder().minimumEvents(minimum)
                            .budgetThresholds(thresholds);
                    r.forEach(b::rule);
                    return b.build();
                });
    }

    @Test
    void readsADocumentWrittenByAnotherToolDerivingWhatNinesAnnotationsWouldSay() {
        String yaml = String.join("\n",
                "apiVersion: openslo/v1",
                "kind: SLO",
                "metadata:",
                "  name: web-availability",
                "  displayName: Web availability",
                "  labels:",
                "    team: [web, edge]",
                "spec:",
                "  service: web",
                "  indicator:",
                "    metadata:",
                "      name: web-errors",
                "    spec:",
                "      ratioMetric:",
                "        counter: true",
                "        good: {metricSource: {type: Prometheus, spec: {query: sum(good)}}}",
                "        total: {metricSource: {type: Prometheus, spec: {query: sum(total)}}}",
                "  timeWindow:",
                "    - duration: 4w",
                "      isRolling: true",
                "  budgetingMethod: Timeslices",
                "  objectives:",
                "    - target: 0.99",
                "      timeSliceTarget: 0.9",
                "      timeSliceWindow: 60",
                "  alertPolicies:",
                "    - kind: AlertPolicy",
                "      metadata: {name: burn}",
                "      spec:",
                "        conditions:",
                "          - kind: AlertCondition",
                "            metadata: {name: fast}",
                "            spec:",
                "              severity: PAGE",
                "              condition: {kind: burnrate, op: gte, threshold: 13.44, lookbackWindow: 1h}",
                "");

        OpenSlo.Document doc = OpenSlo.read(yaml);

        assertThat(doc.slo().window()).isEqualTo(SloWindow.rolling(Duration.ofDays(28)));
        assertThat(doc.slo().labels()).containsEntry("team", "web,edge");
        assertThat(doc.slo().budgeting()).isEqualTo(Budgeting.timeslices(Duration.ofMinutes(1), 0.9));
        BurnRateRule fast = doc.alertPolicy().rules().get(0);
        // 13.44 over 1 hour of a 28-day period: 13.44 / 672 = 2% of the budget; short window 1h / 12.
        assertThat(fast.budgetFraction()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(fast.shortWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(fast.severity()).isEqualTo(Severity.PAGE);
    }

    @Test
    void refusesDurationsOpenSloCannotWrite() {
        Slo slo = checkout().toBuilder().window(SloWindow.rolling(Duration.ofSeconds(90))).build();

        assertThatThrownBy(() -> OpenSlo.write(slo))
                .hasMessage("window must be a positive whole number of minutes for OpenSLO, was PT1M30S");
    }

    // ------------------------------------------------------------------------------ malformed

    static final String VALID = OpenSlo.write(checkout(), BurnRateAlertPolicy.sreWorkbook());

    static int lineOf(String yaml, String text) {
        String[] lines = yaml.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in\n" + yaml);
    }

    static OpenSloFormatException error(String yaml) {
        return catchThrowableOfType(OpenSloFormatException.class, () -> OpenSlo.read(yaml));
    }

    @Test
    void aMissingObjectiveNamesTheFieldAndLine() {
        String noTarget = VALID.replaceAll("\n +target: 0.999\n", "\n");
        String noObjectives = VALID.replaceAll("(?s)  objectives:\n.*?(  alertPolicies:)", "$1");

        OpenSloFormatException missingTarget = error(noTarget);
        OpenSloFormatException missingObjectives = error(noObjectives);

        assertThat(missingTarget.field()).isEqualTo("spec.objectives[0].target");
        assertThat(missingTarget.line()).isEqualTo(lineOf(noTarget, "displayName: checkout"));
        assertThat(missingTarget).hasMessage("spec.objectives[0].target is required (line " + missingTarget.line() + ")");
        assertThat(missingObjectives.field()).isEqualTo("spec.objectives");
        assertThat(missingObjectives.line()).isEqualTo(lineOf(noObjectives, "description:"));
    }

    @Test
    void anObjectiveOutsideZeroOneNamesTheFieldValueAndLine() {
        String yaml = VALID.replace("target: 0.999", "target: 1.5");

        assertThat(error(yaml)).hasMessage("spec.objectives[0].target must be in (0, 1), was 1.5 (line "
                + lineOf(yaml, "target: 1.5") + ")");
    }

    @Test
    void anUnknownBudgetingMethodNamesTheFieldValueAndLine() {
        String yaml = VALID.replace("budgetingMethod: Occurrences", "budgetingMethod: Weekly");

        assertThat(error(yaml)).hasMessage("spec.budgetingMethod must be Occurrences or Timeslices, was 'Weekly' (line "
                + lineOf(yaml, "budgetingMethod") + ")");
    }

    @Test
    void wrongYamlTypesNameTheFieldTheTypeAndTheLine() {
        String quotedTarget = VALID.replace("target: 0.999", "target: 'high'");
        String scalarObjectives = VALID.replaceAll("(?s)  objectives:\n.*?(  alertPolicies:)", "  objectives: all\n$1");
        String yesRolling = VALID.replace("isRolling: true", "isRolling: yes");
        String listName = VALID.replace("  name: checkout\n", "  name: [checkout]\n");
        String textThreshold = VALID.replaceFirst("threshold: [0-9.]+", "threshold: fast");

        assertThat(error(quotedTarget)).hasMessage("spec.objectives[0].target must be a number, was string 'high' (line "
                + lineOf(quotedTarget, "target:") + ")");
        assertThat(error(scalarObjectives)).hasMessage("spec.objectives must be a sequence, was string 'all' (line "
                + lineOf(scalarObjectives, "objectives: all") + ")");
        // YAML 1.2: yes is a string, not a boolean.
        assertThat(error(yesRolling)).hasMessage("spec.timeWindow[0].isRolling must be true or false, was string 'yes' (line "
                + lineOf(yesRolling, "isRolling") + ")");
        assertThat(error(listName)).hasMessageStartingWith("metadata.name must be a string, was a sequence");
        assertThat(error(textThreshold).field()).isEqualTo("spec.alertPolicies[0].spec.conditions[0].spec.condition.threshold");
    }

    @Test
    void otherMistakesAreLocatedToo() {
        assertThat(error(VALID.replace("openslo/v1", "openslo/v2")).field()).isEqualTo("apiVersion");
        assertThat(error(VALID.replace("kind: SLO", "kind: SLI")).field()).isEqualTo("kind");
        assertThat(error(VALID.replace("duration: 30d", "duration: 30 days")))
                .hasMessageContaining("spec.timeWindow[0].duration must be a duration such as 5m");
        assertThat(error(VALID.replace("severity: page", "severity: critical")))
                .hasMessageContaining("spec.alertPolicies[0].spec.conditions[0].spec.severity must be page or ticket");
        assertThat(error(VALID.replace("  name: checkout\n", "  name: checkout\n  name: other\n")))
                .hasMessageStartingWith("metadata.name is duplicated (line 5)");
        assertThat(error(VALID.replace("duration: 30d", "duration: 400d")))
                .hasMessageStartingWith("spec.timeWindow[0].duration is invalid: window must be in");
        String slices = VALID.replace("budgetingMethod: Occurrences", "budgetingMethod: Timeslices")
                .replace("duration: 30d", "duration: 1h")
                .replace("target: 0.999", "target: 0.999\n      timeSliceTarget: 0.9\n      timeSliceWindow: 2h");
        assertThat(error(slices)).hasMessage("spec.objectives[0].timeSliceWindow is invalid: sliceLength must not exceed "
                + "the window PT1H, was PT2H (line " + lineOf(slices, "timeSliceWindow") + ")");
        OpenSloFormatException syntax = error("apiVersion: openslo/v1\nkind: [SLO\n");
        assertThat(syntax.field()).isEmpty();
        assertThat(syntax).hasMessageStartingWith("is not valid YAML");
        assertThat(error("")).hasMessage("document is empty (line 1)");
        assertThat(error("- a\n- b\n")).hasMessage("document must be a mapping, was a sequence (line 1)");
    }

    /** Counts instantiations: a YAML loader that built classes named by tags would bump it. */
    public static final class Canary {
        static int created;

        public Canary() {
            created++;
        }
    }

    @Test
    void neverInstantiatesClassesNamedByTheDocument() {
        String hostile = VALID.replace("  name: checkout\n", "  name: !!dev.nines.slo.export.OpenSloTest$Canary x\n")
                .replace("displayName: checkout", "displayName: !!dev.nines.slo.export.OpenSloTest$Canary {}");

        OpenSlo.Document doc = OpenSlo.read(hostile);

        assertThat(Canary.created).isZero();
        assertThat(doc.slo().name()).isEqualTo("x");
    }

    @Test
    void aliasBombsAreRejected() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }

        OpenSloFormatException e = error(bomb.toString());

        assertThat(e.field()).isEmpty();
        assertThat(e).hasMessageContaining("is not valid YAML").hasMessageContaining("aliases");
    }
}
