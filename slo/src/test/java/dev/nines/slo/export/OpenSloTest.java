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
import java.io.IOException;
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
        return Slo.builder("checkout")
                .objective(0.999)
                .window(SloWindow.rolling(Duration.ofDays(30)))
                .description("Checkout requests that do not fail")
                .label("team", "payments")
                .build();
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
            current = step instanceof Integer
                    ? ((List<Object>) current).get((Integer) step)
                    : ((Map<String, Object>) current).get(step);
        }
        return (Map<String, Object>) current;
    }

    @Test
    void writesAnOpenSloV1SloWithItsIndicatorWindowBudgetingObjectiveAndAlertPolicy() {
        String yaml = OpenSlo.write(checkout(), BurnRateAlertPolicy.sreWorkbook());
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);

        assertThat(at(doc)).containsEntry("apiVersion", "openslo/v1").containsEntry("kind", "SLO");
        assertThat(at(doc, "metadata"))
                .containsEntry("name", "checkout")
                .containsEntry("labels", Map.of("team", "payments"));
        assertThat(at(doc, "spec"))
                .containsEntry("budgetingMethod", "Occurrences")
                .containsEntry("service", "checkout")
                .containsEntry("description", "Checkout requests that do not fail");
        assertThat(at(doc, "spec", "timeWindow", 0))
                .containsEntry("duration", "30d")
                .containsEntry("isRolling", true);
        assertThat(at(doc, "spec", "objectives", 0)).containsEntry("target", 0.999);
        assertThat(at(doc, "spec", "indicator", "spec", "ratioMetric", "good", "metricSource", "spec"))
                .containsEntry("query", "sum(nines_slo_events_total{slo=\"checkout\", kind=\"good\"})");
        Map<String, Object> page = at(doc, "spec", "alertPolicies", 0, "spec", "conditions", 0);
        assertThat(page).containsEntry("kind", "AlertCondition");
        assertThat(at(page, "spec")).containsEntry("severity", "page");
        // SRE workbook: 2% of a 30-day budget in 1 hour is a burn rate of 14.4.
        // The Prometheus rules and SloAlerts fire on a strict burn rate > threshold.
        assertThat(at(page, "spec", "condition"))
                .containsEntry("kind", "burnrate")
                .containsEntry("op", "gt")
                .containsEntry("lookbackWindow", "1h");
        assertThat((Double) at(page, "spec", "condition").get("threshold"))
                .isCloseTo(14.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(at(page, "metadata", "annotations"))
                .containsEntry("nines.dev/short-window", "5m")
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
        Slo slo = Slo.builder("search-latency")
                .objective(0.95)
                .window(SloWindow.calendarMonth(ZoneId.of("Europe/Paris")))
                .sli(Sli.latency(Duration.ofMillis(300)))
                .budgeting(Budgeting.timeslices(Duration.ofMinutes(5), 0.9))
                .label("tier", "2")
                .build();
        BurnRateAlertPolicy policy = BurnRateAlertPolicy.builder()
                .rule(BurnRateRule.of("fast", Severity.PAGE, 0.02, Duration.ofHours(1), Duration.ofMinutes(5))
                        .withPendingFor(Duration.ofMinutes(2)))
                .minimumEvents(100)
                .budgetThresholds(List.of(0.5, 1.0))
                .build();

        String yaml = OpenSlo.write(slo, policy);
        OpenSlo.Document doc = OpenSlo.read(new StringReader(yaml));

        Slo emoji = slo.toBuilder()
                .label("mood", "😀 ok")
                .description("line1\nline2: # not a comment")
                .build();
        assertThat(OpenSlo.read(OpenSlo.write(emoji)).slo()).isEqualTo(emoji);
        assertThat(yaml)
                .contains("duration: 1M")
                .contains("timeZone: Europe/Paris")
                .contains("timeSliceWindow: 5m")
                .contains("alertAfter: 2m")
                .contains("tier: '2'");
        assertThat(doc.slo()).isEqualTo(slo);
        assertSamePolicy(doc.alertPolicy(), policy);
        Slo weekly = slo.toBuilder()
                .window(SloWindow.calendarWeek(ZoneId.of("America/New_York")))
                .build();
        assertThat(OpenSlo.read(OpenSlo.write(weekly)).slo()).isEqualTo(weekly);
    }

    @Test
    void roundTripsStringsWithEveryKindOfLineBreak() {
        // Found by the property: snakeyaml-engine wrote " \u0085" as a literal block it then misread.
        for (String text : List.of(" \u0085", "\n\u0085", "a\u2028b", "\u2029 ", "a\r\nb", "\r", " \n ", "\t")) {
            Slo slo = Slo.builder("x" + text)
                    .objective(0.9)
                    .description(text)
                    .label("k", text)
                    .build();

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
        Arbitrary<String> names = Arbitraries.strings()
                .withCharRange('!', '~')
                .withChars(" \t\n\r\"'#:&*!|>%@`{}[]é€\u0085\u2028")
                .ofMinLength(1)
                .ofMaxLength(20)
                .filter(s -> !s.isBlank());
        Arbitrary<SloWindow> windows = Arbitraries.oneOf(
                Arbitraries.integers().between(60, 366 * 1440).map(m -> SloWindow.rolling(Duration.ofMinutes(m))),
                Arbitraries.of("UTC", "Europe/Paris", "Asia/Kolkata").map(z -> SloWindow.calendarMonth(ZoneId.of(z))),
                Arbitraries.of("UTC", "America/New_York").map(z -> SloWindow.calendarWeek(ZoneId.of(z))));
        Arbitrary<Sli> slis = Arbitraries.oneOf(
                Arbitraries.just(Sli.requestRatio()),
                Arbitraries.longs().between(1, 60_000_000_000L).map(n -> Sli.latency(Duration.ofNanos(n))));
        Arbitrary<Budgeting> budgetings = Arbitraries.oneOf(
                Arbitraries.just(Budgeting.occurrences()),
                Combinators.combine(
                                Arbitraries.integers().between(1, 60),
                                Arbitraries.doubles().between(0.0, 1.0).filter(d -> d > 0))
                        .as((m, t) -> Budgeting.timeslices(Duration.ofMinutes(m), t)));
        Arbitrary<Double> objectives = Arbitraries.doubles().between(0.0, 1.0).filter(d -> d > 0 && d < 1);
        Arbitrary<String> keys = Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars("-._")
                .ofMinLength(1)
                .ofMaxLength(63)
                .filter(OpenSloNames::isLabelKey);
        Arbitrary<Map<String, String>> labels =
                Arbitraries.maps(keys, names.injectNull(0.0)).ofMaxSize(3);
        return Combinators.combine(names, objectives, windows, slis, budgetings, names.injectNull(0.3), labels)
                .as((name, objective, window, sli, budgeting, description, l) -> {
                    Slo.Builder b = Slo.builder(name)
                            .objective(objective)
                            .window(window)
                            .sli(sli)
                            .budgeting(budgeting)
                            .description(description == null ? "" : description);
                    l.forEach(b::label);
                    return b.build();
                });
    }

    @Provide
    Arbitrary<BurnRateAlertPolicy> policies() {
        Arbitrary<BurnRateRule> rules = Combinators.combine(
                        Arbitraries.strings()
                                .alpha()
                                .numeric()
                                .withChars("-%")
                                .ofMinLength(1)
                                .ofMaxLength(12),
                        Arbitraries.of(Severity.class),
                        Arbitraries.doubles().between(0.0, 1.0).filter(d -> d > 0),
                        Arbitraries.integers().between(2, 10 * 1440),
                        Arbitraries.integers().between(0, 1440))
                .as((name, severity, fraction, longMinutes, pending) -> new BurnRateRule(
                        name,
                        severity,
                        fraction,
                        Duration.ofMinutes(longMinutes),
                        Duration.ofMinutes(Math.max(1, longMinutes / 12)),
                        Duration.ofMinutes(pending)));
        return Combinators.combine(
                        rules.list().ofMaxSize(4).uniqueElements(BurnRateRule::name),
                        Arbitraries.longs().between(0, 1000),
                        Arbitraries.doubles()
                                .between(0.0, 10.0)
                                .filter(d -> d > 0)
                                .list()
                                .ofMaxSize(4))
                .as((r, minimum, thresholds) -> {
                    BurnRateAlertPolicy.Builder b =
                            BurnRateAlertPolicy.builder().minimumEvents(minimum).budgetThresholds(thresholds);
                    r.forEach(b::rule);
                    return b.build();
                });
    }

    @Test
    void readsADocumentWrittenByAnotherToolDerivingWhatNinesAnnotationsWouldSay() {
        String yaml = String.join(
                "\n",
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
        Slo slo = checkout().toBuilder()
                .window(SloWindow.rolling(Duration.ofSeconds(90)))
                .build();

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
        assertThat(missingTarget.line()).isEqualTo(lineOf(noTarget, "- displayName: checkout"));
        assertThat(missingTarget)
                .hasMessage("spec.objectives[0].target is required (line " + missingTarget.line() + ")");
        assertThat(missingObjectives.field()).isEqualTo("spec.objectives");
        assertThat(missingObjectives.line()).isEqualTo(lineOf(noObjectives, "description:"));
    }

    @Test
    void anObjectiveOutsideZeroOneNamesTheFieldValueAndLine() {
        String yaml = VALID.replace("target: 0.999", "target: 1.5");

        assertThat(error(yaml))
                .hasMessage("spec.objectives[0].target must be in (0, 1), was 1.5 (line " + lineOf(yaml, "target: 1.5")
                        + ")");
    }

    @Test
    void anUnknownBudgetingMethodNamesTheFieldValueAndLine() {
        String yaml = VALID.replace("budgetingMethod: Occurrences", "budgetingMethod: Weekly");

        assertThat(error(yaml))
                .hasMessage("spec.budgetingMethod must be Occurrences or Timeslices, was 'Weekly' (line "
                        + lineOf(yaml, "budgetingMethod") + ")");
    }

    @Test
    void wrongYamlTypesNameTheFieldTheTypeAndTheLine() {
        String quotedTarget = VALID.replace("target: 0.999", "target: 'high'");
        String scalarObjectives = VALID.replaceAll("(?s)  objectives:\n.*?(  alertPolicies:)", "  objectives: all\n$1");
        String yesRolling = VALID.replace("isRolling: true", "isRolling: yes");
        String listName = VALID.replace("  name: checkout\n", "  name: [checkout]\n");
        String textThreshold = VALID.replaceFirst("threshold: [0-9.]+", "threshold: fast");

        assertThat(error(quotedTarget))
                .hasMessage("spec.objectives[0].target must be a number, was string 'high' (line "
                        + lineOf(quotedTarget, "target:") + ")");
        assertThat(error(scalarObjectives))
                .hasMessage("spec.objectives must be a sequence, was string 'all' (line "
                        + lineOf(scalarObjectives, "objectives: all") + ")");
        // YAML 1.2: yes is a string, not a boolean.
        assertThat(error(yesRolling))
                .hasMessage("spec.timeWindow[0].isRolling must be true or false, was string 'yes' (line "
                        + lineOf(yesRolling, "isRolling") + ")");
        assertThat(error(listName)).hasMessageStartingWith("metadata.name must be a string, was a sequence");
        assertThat(error(textThreshold).field())
                .isEqualTo("spec.alertPolicies[0].spec.conditions[0].spec.condition.threshold");
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
        assertThat(error(slices))
                .hasMessage("spec.objectives[0].timeSliceWindow is invalid: sliceLength must not exceed "
                        + "the window PT1H, was PT2H (line " + lineOf(slices, "timeSliceWindow") + ")");
        OpenSloFormatException syntax = error("apiVersion: openslo/v1\nkind: [SLO\n");
        assertThat(syntax.field()).isEqualTo("kind[1]"); // after SLO, the flow sequence never closes
        assertThat(syntax).hasMessageStartingWith("kind[1] is not valid YAML");
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
                .replace("displayName: checkout\n", "displayName: !!dev.nines.slo.export.OpenSloTest$Canary {}\n");

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

        assertThat(e.field()).startsWith("a");
        assertThat(e.line()).isPositive();
        assertThat(e).hasMessageContaining("is not valid YAML").hasMessageContaining("aliases");
    }

    // ------------------------------------------------------------- conformance to OpenSLO v1

    // The rules below are written from the OpenSLO v1 README (General Schema, SLO, AlertPolicy,
    // AlertCondition notes), independently of the code under test.
    static final java.util.regex.Pattern SPEC_NAME = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final java.util.regex.Pattern SPEC_LABEL_KEY =
            java.util.regex.Pattern.compile("[a-zA-Z0-9]([-._a-zA-Z0-9]*[a-zA-Z0-9])?");
    static final java.util.regex.Pattern SPEC_ANNOTATION_KEY = java.util.regex.Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[a-zA-Z0-9]([-._a-zA-Z0-9]*[a-zA-Z0-9])?");
    static final java.util.regex.Pattern SPEC_DURATION = java.util.regex.Pattern.compile("[1-9][0-9]*[mhdwMQY]");

    static int codePoints(Object text) {
        return ((String) text).codePointCount(0, ((String) text).length());
    }

    @SuppressWarnings("unchecked")
    static void assertConformingMetadata(Object node, List<String> names) {
        Map<String, Object> metadata = (Map<String, Object>) node;
        String name = (String) metadata.get("name");
        assertThat(name).as("metadata.name").matches(SPEC_NAME).hasSizeLessThanOrEqualTo(63);
        names.add(name);
        if (metadata.containsKey("displayName")) {
            assertThat(codePoints(metadata.get("displayName")))
                    .as("displayName")
                    .isLessThanOrEqualTo(63);
        }
        Map<String, Object> labels = (Map<String, Object>) metadata.getOrDefault("labels", Map.of());
        for (String key : labels.keySet()) {
            assertThat(key).as("label key").matches(SPEC_LABEL_KEY).hasSizeLessThanOrEqualTo(63);
        }
        Map<String, Object> annotations = (Map<String, Object>) metadata.getOrDefault("annotations", Map.of());
        for (Map.Entry<String, Object> a : annotations.entrySet()) {
            assertThat(a.getKey())
                    .as("annotation key")
                    .matches(SPEC_ANNOTATION_KEY)
                    .doesNotStartWith("openslo.com/");
            assertThat(a.getValue()).as("annotation value").isInstanceOf(String.class);
        }
    }

    /** Checks a written document against the OpenSLO v1 spec's field names, required fields and limits. */
    @SuppressWarnings("unchecked")
    static void assertConformsToOpenSloV1(String yaml) {
        Map<String, Object> doc =
                (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        assertThat(doc)
                .containsEntry("apiVersion", "openslo/v1")
                .containsEntry("kind", "SLO")
                .containsOnlyKeys("apiVersion", "kind", "metadata", "spec");
        // Names must be unique among objects of one kind.
        List<String> names = new java.util.ArrayList<>();
        List<String> policyNames = new java.util.ArrayList<>();
        List<String> conditionNames = new java.util.ArrayList<>();
        assertConformingMetadata(doc.get("metadata"), names);
        Map<String, Object> spec = at(doc, "spec");
        assertThat(spec).containsKeys("service", "indicator", "timeWindow", "budgetingMethod", "objectives");
        assertThat(spec.keySet())
                .isSubsetOf(
                        "description",
                        "service",
                        "indicator",
                        "timeWindow",
                        "budgetingMethod",
                        "objectives",
                        "alertPolicies");
        if (spec.containsKey("description")) {
            assertThat(codePoints(spec.get("description")))
                    .as("spec.description")
                    .isLessThanOrEqualTo(1050);
        }
        assertConformingMetadata(at(spec, "indicator", "metadata"), names);
        assertThat(at(spec, "indicator", "spec")).containsKey("ratioMetric");
        assertThat((List<Object>) spec.get("timeWindow")).hasSize(1);
        assertThat((String) at(spec, "timeWindow", 0).get("duration")).matches(SPEC_DURATION);
        assertThat(spec.get("budgetingMethod")).isIn("Occurrences", "Timeslices", "RatioTimeslices");
        for (Object o : (List<Object>) spec.get("objectives")) {
            Map<String, Object> objective = (Map<String, Object>) o;
            assertThat(((Number) objective.get("target")).doubleValue())
                    .isGreaterThanOrEqualTo(0.0)
                    .isLessThan(1.0);
            if (spec.get("budgetingMethod").equals("Timeslices")) {
                assertThat(((Number) objective.get("timeSliceTarget")).doubleValue())
                        .isGreaterThan(0.0)
                        .isLessThanOrEqualTo(1.0);
                assertThat((String) objective.get("timeSliceWindow")).matches(SPEC_DURATION);
            }
        }
        for (Object p : (List<Object>) spec.getOrDefault("alertPolicies", List.of())) {
            Map<String, Object> policy = (Map<String, Object>) p;
            assertThat(policy).containsEntry("kind", "AlertPolicy");
            assertConformingMetadata(policy.get("metadata"), policyNames);
            Map<String, Object> policySpec = at(policy, "spec");
            assertThat(policySpec.get("alertWhenBreaching")).isInstanceOf(Boolean.class);
            assertThat((List<Object>) policySpec.get("conditions"))
                    .as("one condition per AlertPolicy")
                    .hasSize(1);
            Map<String, Object> condition = at(policySpec, "conditions", 0);
            assertThat(condition).containsEntry("kind", "AlertCondition");
            assertConformingMetadata(condition.get("metadata"), conditionNames);
            assertThat((String) at(condition, "spec").get("severity")).isNotBlank();
            Map<String, Object> burn = at(condition, "spec", "condition");
            assertThat(burn).containsEntry("kind", "burnrate").containsEntry("op", "gt");
            assertThat(burn.get("threshold")).isInstanceOf(Number.class);
            assertThat((String) burn.get("lookbackWindow")).matches(SPEC_DURATION);
            if (burn.containsKey("alertAfter")) {
                assertThat((String) burn.get("alertAfter")).matches(SPEC_DURATION);
            }
            List<Object> targets = (List<Object>) policySpec.get("notificationTargets");
            assertThat(targets)
                    .as("notificationTargets is required and not empty")
                    .isNotEmpty();
            for (Object t : targets) {
                Map<String, Object> target = (Map<String, Object>) t;
                if (target.containsKey("targetRef")) {
                    assertThat((String) target.get("targetRef")).matches(SPEC_NAME);
                } else {
                    assertThat(target).containsEntry("kind", "AlertNotificationTarget");
                    assertConformingMetadata(target.get("metadata"), new java.util.ArrayList<>());
                    assertThat((String) at(target, "spec").get("target")).isNotBlank();
                }
            }
        }
        assertThat(policyNames).as("AlertPolicy names").doesNotHaveDuplicates();
        assertThat(conditionNames).as("AlertCondition names").doesNotHaveDuplicates();
    }

    @Property(tries = 300)
    void everyWrittenDocumentConformsToOpenSloV1AndReadsBackExactly(
            @ForAll("anyNames") String name,
            @ForAll("slos") Slo base,
            @ForAll("policies") BurnRateAlertPolicy policy,
            @ForAll("descriptions") String description) {
        Slo slo = base.toBuilder().build();
        Slo renamed = Slo.builder(name)
                .objective(slo.objective())
                .window(slo.window())
                .sli(slo.sli())
                .budgeting(slo.budgeting())
                .description(description)
                .build();

        String yaml = OpenSlo.write(renamed, policy);

        assertConformsToOpenSloV1(yaml);
        OpenSlo.Document doc = OpenSlo.read(yaml);
        assertSameSlo(doc.slo(), renamed);
        assertSamePolicy(doc.alertPolicy(), policy);
    }

    @Provide
    Arbitrary<String> anyNames() {
        return Arbitraries.oneOf(
                        // '~' becomes an emoji: jqwik's withChars would split its surrogate pair.
                        Arbitraries.strings()
                                .withCharRange('!', '~')
                                .withChars(" %é€\u0085")
                                .ofMinLength(1)
                                .ofMaxLength(200)
                                .map(t -> t.replace("~", "😀")),
                        Arbitraries.strings()
                                .withCharRange('a', 'z')
                                .withChars("-0")
                                .ofMinLength(1)
                                .ofMaxLength(80),
                        Arbitraries.of(
                                "checkout", "Checkout", "CHECKOUT API", "page-2%-1h", "%", "-", "é", "a--b", "9"))
                .filter(s -> !s.isBlank());
    }

    @Provide
    Arbitrary<String> descriptions() {
        return Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.strings()
                        .withCharRange(' ', '~')
                        .withChars("é\n")
                        .ofMinLength(1000)
                        .ofMaxLength(1100)
                        .map(t -> t.replace("~", "😀")),
                Arbitraries.just("😀".repeat(1051)),
                Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(3000));
    }

    @Test
    void derivesRfc1123NamesFromAnyNameKeepingTheExactNameBeside() {
        assertThat(OpenSloNames.derive("checkout")).isEqualTo("checkout");
        assertThat(OpenSloNames.derive("page-2%-1h")).matches("page-2pct-1h-[0-9a-f]{8}");
        assertThat(OpenSloNames.derive("Checkout API")).matches("checkout-api-[0-9a-f]{8}");
        assertThat(OpenSloNames.derive("Checkout"))
                .isNotEqualTo(OpenSloNames.derive("checkout"))
                .isNotEqualTo(OpenSloNames.derive("CHECKOUT"));
        assertThat(OpenSloNames.derive("€€")).matches("x[0-9a-f]{8}");
        assertThat(OpenSloNames.derive("a".repeat(200))).hasSize(63).matches(SPEC_NAME);
        assertThat(OpenSloNames.derive("-a-")).matches("a-[0-9a-f]{8}");

        String yaml = OpenSlo.write(
                Slo.builder("Checkout API (EU)").objective(0.99).build(), BurnRateAlertPolicy.sreWorkbook());

        Map<String, Object> metadata = at(new Load(LoadSettings.builder().build()).loadFromString(yaml), "metadata");
        assertThat((String) metadata.get("name")).matches("checkout-api-eu-[0-9a-f]{8}");
        assertThat(metadata).containsEntry("displayName", "Checkout API (EU)");
        assertThat(at(metadata, "annotations")).containsEntry("nines.dev/name", "Checkout API (EU)");
        assertThat(OpenSlo.read(yaml).slo().name()).isEqualTo("Checkout API (EU)");
        assertThat(yaml).doesNotContain(" name: page-2%");
    }

    @Test
    void labelKeysTheSpecForbidsAreRejectedOnWriteAndOnRead() {
        Slo spaced = checkout().toBuilder().label("cost centre", "x").build();
        Slo longKey = checkout().toBuilder().label("k".repeat(64), "x").build();
        String yaml = VALID.replace("    team: payments\n", "    team: payments\n    _private: x\n");

        assertThatThrownBy(() -> OpenSlo.write(spaced))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label key 'cost centre' of SLO 'checkout' is not allowed by OpenSLO");
        assertThatThrownBy(() -> OpenSlo.write(longKey)).hasMessageContaining("label key 'kkkk");
        OpenSloFormatException e = error(yaml);
        assertThat(e.field()).isEqualTo("metadata.labels._private");
        assertThat(e.line()).isEqualTo(lineOf(yaml, "_private"));
        assertThat(OpenSlo.write(checkout().toBuilder()
                        .label("app.kubernetes.io_name-1", "x")
                        .build()))
                .isNotEmpty();
    }

    @Test
    void anOverLongDescriptionIsTruncatedToTheSpecLimitAndKeptWholeInAnAnnotation() {
        String text = "x".repeat(1049) + "😀😀" + "tail";
        Slo slo = checkout().toBuilder().description(text).build();

        String yaml = OpenSlo.write(slo);

        Map<String, Object> doc = at(new Load(LoadSettings.builder().build()).loadFromString(yaml));
        assertThat(at(doc, "spec").get("description")).isEqualTo("x".repeat(1049) + "😀");
        assertThat(at(doc, "metadata", "annotations")).containsEntry("nines.dev/description", text);
        assertThat(OpenSlo.read(yaml).slo().description()).isEqualTo(text);
        assertConformsToOpenSloV1(yaml);
        String tooLong =
                VALID.replace("description: Checkout requests that do not fail", "description: " + "y".repeat(1051));
        assertThat(error(tooLong))
                .hasMessage("spec.description must be at most 1050 characters, was 1051 (line "
                        + lineOf(tooLong, "description: y") + ")");
    }

    @Test
    void writesOneAlertPolicyPerRuleEachWithANotificationTargetConfigurablePerSeverity() {
        String byDefault = OpenSlo.write(checkout(), BurnRateAlertPolicy.sreWorkbook());
        OpenSlo.WriteOptions routed = OpenSlo.WriteOptions.builder()
                .notificationTarget(OpenSlo.NotificationTarget.inline("ops-mail", "email", "the ops list"))
                .notificationTarget(Severity.PAGE, OpenSlo.NotificationTarget.reference("oncall-pager"))
                .build();

        String custom = OpenSlo.write(checkout(), BurnRateAlertPolicy.sreWorkbook(), routed);

        Object doc = new Load(LoadSettings.builder().build()).loadFromString(byDefault);
        assertThat((List<?>) at(doc, "spec").get("alertPolicies")).hasSize(4);
        assertThat(at(doc, "spec", "alertPolicies", 3, "spec", "notificationTargets", 0))
                .containsEntry("kind", "AlertNotificationTarget")
                .containsEntry("metadata", Map.of("name", "alertmanager"));
        Object customDoc = new Load(LoadSettings.builder().build()).loadFromString(custom);
        assertThat(at(customDoc, "spec", "alertPolicies", 0, "spec", "notificationTargets", 0))
                .isEqualTo(Map.of("targetRef", "oncall-pager"));
        assertThat(at(customDoc, "spec", "alertPolicies", 2, "spec", "notificationTargets", 0, "spec"))
                .containsEntry("target", "email")
                .containsEntry("description", "the ops list");
        assertConformsToOpenSloV1(byDefault);
        assertConformsToOpenSloV1(custom);
        assertSamePolicy(OpenSlo.read(custom).alertPolicy(), BurnRateAlertPolicy.sreWorkbook());
        assertThatThrownBy(() -> OpenSlo.NotificationTarget.reference("On Call"))
                .hasMessageContaining("notification target name must be an RFC 1123 label")
                .hasMessageContaining("'On Call'");
        assertThatThrownBy(() -> OpenSlo.NotificationTarget.inline("pager", " ", ""))
                .hasMessageContaining("must say its target");
    }

    @Test
    void readsTheEarlierOnePolicyManyConditionsLayoutToo() {
        String yaml = String.join(
                "\n",
                "apiVersion: openslo/v1",
                "kind: SLO",
                "metadata: {name: checkout}",
                "spec:",
                "  service: checkout",
                "  indicator: {spec: {ratioMetric: {counter: true}}}",
                "  timeWindow: [{duration: 30d, isRolling: true}]",
                "  budgetingMethod: Occurrences",
                "  objectives: [{target: 0.999}]",
                "  alertPolicies:",
                "    - kind: AlertPolicy",
                "      metadata:",
                "        name: checkout-burn-rate",
                "        annotations: {nines.dev/minimum-events: '10', nines.dev/budget-thresholds: '0.5,1.0'}",
                "      spec:",
                "        conditions:",
                "          - {kind: AlertCondition, metadata: {name: page-2%-1h}, spec: {severity: page,",
                "             condition: {kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h}}}",
                "          - {kind: AlertCondition, metadata: {name: ticket}, spec: {severity: ticket,",
                "             condition: {kind: burnrate, op: gt, threshold: 1, lookbackWindow: 3d}}}",
                "        notificationTargets: []",
                "");

        BurnRateAlertPolicy policy = OpenSlo.read(yaml).alertPolicy();

        assertThat(policy.rules()).extracting(BurnRateRule::name).containsExactly("page-2%-1h", "ticket");
        assertThat(policy.minimumEvents()).isEqualTo(10);
        assertThat(policy.budgetThresholds()).containsExactly(0.5, 1.0);
    }

    @Test
    void aBadTimeSliceWindowIsBlamedOnTheWindowAndABadTargetOnTheTarget() {
        String base = VALID.replace("budgetingMethod: Occurrences", "budgetingMethod: Timeslices");
        String badWindow =
                base.replace("target: 0.999", "target: 0.999\n      timeSliceTarget: 0.9\n      timeSliceWindow: 90");
        String badTarget =
                base.replace("target: 0.999", "target: 0.999\n      timeSliceTarget: 1.5\n      timeSliceWindow: 1m");

        OpenSloFormatException window = error(badWindow);
        OpenSloFormatException target = error(badTarget);

        assertThat(window.field()).isEqualTo("spec.objectives[0].timeSliceWindow");
        assertThat(window.line()).isEqualTo(lineOf(badWindow, "timeSliceWindow"));
        assertThat(window)
                .hasMessageContaining("sliceLength must be a whole number of minutes up to PT24H, was PT1M30S");
        assertThat(target.field()).isEqualTo("spec.objectives[0].timeSliceTarget");
        assertThat(target.line()).isEqualTo(lineOf(badTarget, "timeSliceTarget"));
    }

    // ---------------------------------------------------------------- hostile input, bounded

    @Test
    void aDocumentOverTheSizeLimitIsRejectedBeforeItIsParsedNamingTheLine() throws IOException {
        OpenSlo.ReadOptions small = OpenSlo.ReadOptions.builder().maxBytes(200).build();
        String notYamlAtAll = "{[\"".repeat(OpenSlo.ReadOptions.DEFAULT_MAX_BYTES);

        OpenSloFormatException tooBig =
                catchThrowableOfType(OpenSloFormatException.class, () -> OpenSlo.read(VALID, small));
        OpenSloFormatException hostile = error(notYamlAtAll);

        int crossing = 0;
        for (int bytes = 0, line = 1; crossing == 0; bytes++) {
            if (bytes == 200) {
                crossing = line;
            }
            if (VALID.charAt(bytes) == '\n') {
                line++;
            }
        }
        assertThat(tooBig.field()).isEqualTo("document");
        assertThat(tooBig.line()).isEqualTo(crossing);
        assertThat(tooBig).hasMessageContaining("must be at most 200 bytes of UTF-8");
        assertThat(hostile)
                .hasMessageStartingWith("document must be at most 1048576 bytes of UTF-8")
                .hasMessageEndingWith("(line 1)");
        // Multi-byte characters count as their UTF-8 bytes: 400,000 three-byte characters are 1.2 MB.
        assertThat(error("apiVersion: " + "€".repeat(400_000))).hasMessageContaining("at most 1048576 bytes");
        assertThat(OpenSlo.read(
                                VALID,
                                OpenSlo.ReadOptions.builder()
                                        .maxBytes(VALID.length())
                                        .build())
                        .slo())
                .isEqualTo(checkout());
        assertThatThrownBy(() -> OpenSlo.ReadOptions.builder().maxBytes(0))
                .hasMessage("maxBytes must be in [1, 67108864], was 0");
        assertThatThrownBy(() -> OpenSlo.ReadOptions.builder().maxDepth(5))
                .hasMessage("maxDepth must be in [10, 1000], was 5");
    }

    @Test
    void readingFromAnEndlessReaderStopsAtTheLimit() {
        long[] served = new long[1];
        java.io.Reader endless = new java.io.Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, 'a');
                served[0] += length;
                return length;
            }

            @Override
            public void close() {}
        };

        assertThatThrownBy(() -> OpenSlo.read(endless))
                .isInstanceOf(OpenSloFormatException.class)
                .hasMessageContaining("must be at most 1048576 bytes");
        assertThat(served[0]).isEqualTo(OpenSlo.ReadOptions.DEFAULT_MAX_BYTES + 1L);
    }

    @Test
    void deepNestingFailsAtTheLimitNamingWhereAndNeverOverflowsTheStack() {
        String flow = "[".repeat(200_000);
        String mappings = "{a: ".repeat(100_000);
        StringBuilder block = new StringBuilder("apiVersion: openslo/v1\nkind: SLO\nspec:\n");
        for (int i = 1; i < 40; i++) {
            block.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        String inQuery = VALID.replace(
                "query: sum(nines_slo_events_total{slo=\"checkout\"})", "query: " + "[".repeat(50) + "]".repeat(50));

        assertThat(error(flow))
                .hasMessage("[0]".repeat(32) + " nests deeper than 32 collections "
                        + "(OpenSlo.ReadOptions.maxDepth) (line 1)");
        assertThat(error(mappings).field()).isEqualTo(String.join(".", java.util.Collections.nCopies(32, "a")));
        OpenSloFormatException deepBlock = error(block.toString());
        // The root is depth 1, spec's mapping 2, k30's 32: the mapping under k31 is one too deep.
        assertThat(deepBlock.field()).startsWith("spec.k1.k2.k3").endsWith(".k30.k31");
        assertThat(deepBlock.line()).isEqualTo(lineOf(block.toString(), " k32:"));
        assertThat(error(inQuery).field())
                .startsWith("spec.indicator.spec.ratioMetric.total.metricSource.spec.query[0]");
        assertThat(OpenSlo.read(
                                VALID,
                                OpenSlo.ReadOptions.builder().maxDepth(10).build())
                        .slo())
                .isEqualTo(checkout());
        assertThat(error(VALID.replace("    team: payments", "    team: [[[[[[[[[[x]]]]]]]]]]")))
                .hasMessageContaining("metadata.labels.team");
    }

    @Test
    void hugeKeysAndScalarsFailNamingTheFieldWithAShortMessage() {
        String explicitKey = "apiVersion: openslo/v1\n? " + "k".repeat(5_000) + "\n: 1\n";
        String hugeValue = VALID.replace("apiVersion: openslo/v1", "apiVersion: " + "v".repeat(1_000_000));
        String hugeName = VALID.replace("  name: checkout\n", "  name: " + "n".repeat(900_000) + "\n");

        OpenSloFormatException key = error(explicitKey);
        OpenSloFormatException value = error(hugeValue);

        assertThat(key.field()).isEqualTo("document");
        assertThat(key).hasMessage("document has a key of 5000 characters, more than 1024 (line 2)");
        assertThat(value.field()).isEqualTo("apiVersion");
        assertThat(value.getMessage()).hasSizeLessThan(200).contains("(1000000 characters)");
        assertThat(OpenSlo.read(hugeName).slo().name()).hasSize(900_000);
    }

    @Test
    void aDocumentWithTooManyNodesFailsBeforeTheyAreBuilt() {
        String wide = "apiVersion: openslo/v1\nmetadata:\n  labels:\n    team: [" + "a, ".repeat(20_000) + "a]\n";

        OpenSloFormatException e = error(wide);

        // 9 nodes come before the sequence's items (root, keys, collections): item 9,991 is node 10,001.
        assertThat(e.field()).isEqualTo("metadata.labels.team[9991]");
        assertThat(e).hasMessageContaining("more than 10000 nodes (OpenSlo.ReadOptions.maxNodes)");
        assertThat(e.line()).isEqualTo(4);
        assertThat(OpenSlo.read(
                                VALID,
                                OpenSlo.ReadOptions.builder().maxNodes(1_000).build())
                        .slo())
                .isEqualTo(checkout());
        assertThat(catchThrowableOfType(
                        OpenSloFormatException.class,
                        () -> OpenSlo.read(
                                VALID,
                                OpenSlo.ReadOptions.builder().maxNodes(100).build())))
                .hasMessageContaining("more than 100 nodes");
    }

    @Property(tries = 300)
    void everyHostileInputFailsWithAFormatExceptionNamingAFieldAndALine(@ForAll("hostile") String yaml) {
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> {
                    try {
                        OpenSlo.read(yaml);
                    } catch (OpenSloFormatException e) {
                        assertThat(e.field()).as(e.getMessage()).isNotEmpty();
                        assertThat(e.line()).as(e.getMessage()).isPositive();
                        assertThat(e.getMessage()).hasSizeLessThan(2_000);
                    }
                },
                "a generous bound against runaway parsing: the real figures are measured with JMH");
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> fragments = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 100_000).map(n -> "[".repeat(n)),
                Arbitraries.integers().between(1, 50_000).map(n -> "{a: ".repeat(n)),
                Arbitraries.integers().between(1, 200).map(n -> {
                    StringBuilder b = new StringBuilder("\n");
                    for (int i = 0; i < n; i++) {
                        b.append(" ".repeat(i)).append("- ");
                    }
                    return b.append("x\n").toString();
                }),
                Arbitraries.integers().between(1, 1_100_000).map(n -> "x".repeat(n)),
                Arbitraries.integers().between(1, 500_000).map(n -> "\"" + "\\u00e9".repeat(n / 6 + 1) + "\""),
                Arbitraries.integers().between(1, 500_000).map(n -> "? " + "k".repeat(n) + "\n: v\n"),
                Arbitraries.integers().between(1, 300_000).map(n -> "'" + " ".repeat(n) + "'"),
                Arbitraries.integers().between(1, 300_000).map(n -> "9".repeat(n)),
                Arbitraries.integers().between(1, 40).map(n -> {
                    StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
                    for (int i = 1; i < n; i++) {
                        b.append("a")
                                .append(i)
                                .append(": &a")
                                .append(i)
                                .append(" [*a")
                                .append(i - 1)
                                .append(", *a")
                                .append(i - 1)
                                .append(", *a")
                                .append(i - 1)
                                .append("]\n");
                    }
                    return b.toString();
                }),
                Arbitraries.of(
                        "!!java.lang.Runtime x",
                        "&a *a",
                        "*x",
                        "\t",
                        "\u0000",
                        "%YAML 1.1\n---\n",
                        "---\n---\n",
                        ": :",
                        "- - -",
                        "{",
                        "}",
                        "]",
                        "&",
                        "!<tag:yaml.org,2002:js/function> x",
                        "<<: *a"),
                Arbitraries.strings().ofMaxLength(50));
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, VALID.length());
        return Arbitraries.oneOf(
                fragments,
                Combinators.combine(fragments, positions)
                        .as((f, at) -> VALID.substring(0, at) + f + VALID.substring(at)),
                Combinators.combine(fragments, positions).as((f, at) -> VALID.substring(0, at) + f));
    }
}
