package dev.nines.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.testing.TestJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HealthJsonTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static HealthResult timed(HealthResult.Builder builder, long millis) {
        return builder.duration(Duration.ofMillis(millis)).checkedAt(AT).build();
    }

    @Test
    void rendersAGroupInTheDocumentedShape() {
        Map<String, HealthResult> checks = new LinkedHashMap<>();
        checks.put("db", timed(HealthResult.builder(HealthStatus.UP), 3));
        checks.put(
                "cache",
                timed(
                        HealthResult.builder(HealthStatus.DEGRADED)
                                .message("cold")
                                .detail("hitRatio", 0.25)
                                .detail("entries", 12)
                                .detail("warm", false),
                        1));
        HealthGroupResult group =
                new HealthGroupResult("readiness", HealthStatus.DEGRADED, checks, Optional.empty(), AT);
        assertThat(HealthJson.render(group))
                .isEqualTo("{\"status\":\"DEGRADED\",\"checks\":{"
                        + "\"db\":{\"status\":\"UP\",\"durationMs\":3,\"checkedAt\":\"2026-01-01T00:00:00Z\"},"
                        + "\"cache\":{\"status\":\"DEGRADED\",\"durationMs\":1,\"checkedAt\":\"2026-01-01T00:00:00Z\","
                        + "\"message\":\"cold\",\"details\":{\"hitRatio\":0.25,\"entries\":12,\"warm\":false}}}}");
    }

    @Test
    void rendersTheGroupReasonAndTheCheckError() {
        Map<String, HealthResult> checks = Map.of(
                "db",
                timed(HealthResult.builder(HealthStatus.DOWN).error(new IllegalStateException("no \"pool\"")), 0));
        HealthGroupResult group = new HealthGroupResult(
                "liveness", HealthStatus.DOWN, checks, Optional.of("startup has not completed"), AT);
        assertThat(HealthJson.render(group))
                .isEqualTo("{\"status\":\"DOWN\",\"reason\":\"startup has not completed\","
                        + "\"checks\":{\"db\":{\"status\":\"DOWN\",\"durationMs\":0,\"checkedAt\":\"2026-01-01T00:00:00Z\","
                        + "\"error\":\"java.lang.IllegalStateException: no \\\"pool\\\"\"}}}");
    }

    @Test
    void rendersAnEmptyGroup() {
        HealthGroupResult group = new HealthGroupResult("custom", HealthStatus.UNKNOWN, Map.of(), Optional.empty(), AT);
        assertThat(HealthJson.render(group)).isEqualTo("{\"status\":\"UNKNOWN\",\"checks\":{}}");
    }

    @Test
    void omitsTheTimeOfCheckWhileItWasNeverSet() {
        assertThat(HealthJson.render(HealthResult.up())).isEqualTo("{\"status\":\"UP\",\"durationMs\":0}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(HealthJson.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
        assertThat(HealthJson.quote("\n\r\t\b\f")).isEqualTo("\"\\n\\r\\t\\b\\f\"");
        assertThat(HealthJson.quote("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\\u007f\"");
        assertThat(HealthJson.quote(" ~/")).isEqualTo("\" ~/\"");
    }

    @Test
    void escapesJavaScriptLineTerminators() {
        assertThat(HealthJson.quote("a\u2028b\u2029c")).isEqualTo("\"a\\u2028b\\u2029c\"");
    }

    @Test
    void escapesLoneSurrogatesAndKeepsPairedOnes() {
        String emoji = new String(Character.toChars(0x1F600));
        assertThat(HealthJson.quote(emoji)).isEqualTo("\"" + emoji + "\"");
        assertThat(HealthJson.quote("\uD800")).isEqualTo("\"\\ud800\"");
        assertThat(HealthJson.quote("\uDC00x")).isEqualTo("\"\\udc00x\"");
        assertThat(HealthJson.quote("\uDBFF\uDBFF\uDFFF")).isEqualTo("\"\\udbff\uDBFF\uDFFF\"");
        assertThat(HealthJson.quote("x\uD83D")).isEqualTo("\"x\\ud83d\"");
    }

    @Test
    void escapesHostileCheckNamesMessagesAndDetailKeys() {
        String hostile = "\"},\"status\":\"UP\\\u0000\u2028\uD800";
        Map<String, HealthResult> checks = Map.of(
                hostile,
                timed(HealthResult.builder(HealthStatus.DOWN).message(hostile).detail(hostile, hostile), 0));
        HealthGroupResult group = new HealthGroupResult("g", HealthStatus.DOWN, checks, Optional.of(hostile), AT);
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) TestJson.parse(HealthJson.render(group));
        assertThat(decoded).containsEntry("status", "DOWN").containsEntry("reason", hostile);
        @SuppressWarnings("unchecked")
        Map<String, Object> check = (Map<String, Object>) ((Map<String, Object>) decoded.get("checks")).get(hostile);
        assertThat(check)
                .containsEntry("status", "DOWN")
                .containsEntry("message", hostile)
                .containsEntry("details", Map.of(hostile, hostile));
    }

    @Test
    void rendersNumbersAsNumbersAndNonFiniteOrUnknownValuesAsStrings() {
        HealthResult result = timed(
                HealthResult.builder(HealthStatus.UP)
                        .detail("int", 1)
                        .detail("long", -2L)
                        .detail("big", new BigInteger("123456789012345678901234567890"))
                        .detail("decimal", new BigDecimal("1.50"))
                        .detail("double", 1e-7)
                        .detail("float", 2.5f)
                        .detail("atomic", new AtomicLong(7))
                        .detail("nan", Double.NaN)
                        .detail("inf", Double.POSITIVE_INFINITY)
                        .detail("true", true)
                        .detail("duration", Duration.ofSeconds(1)),
                0);
        String json = HealthJson.render(result);
        assertThat(json)
                .contains("\"int\":1,\"long\":-2,\"big\":123456789012345678901234567890,\"decimal\":1.50,"
                        + "\"double\":1.0E-7,\"float\":2.5,\"atomic\":7,\"nan\":\"NaN\",\"inf\":\"Infinity\",\"true\":true,"
                        + "\"duration\":\"PT1S\"");
        assertThat(TestJson.parse(json)).isInstanceOf(Map.class);
    }

    @Provide
    Arbitrary<HealthStatus> statuses() {
        return Arbitraries.oneOf(
                Arbitraries.of(HealthStatus.standard()),
                Arbitraries.strings()
                        .withCharRange('A', 'Z')
                        .ofMinLength(1)
                        .ofMaxLength(12)
                        .filter(code -> HealthStatus.standard().stream()
                                .noneMatch(s -> s.code().equals(code)))
                        .map(code -> HealthStatus.custom(code, code.length() % 2 == 0)));
    }

    @Provide
    Arbitrary<String> hostileStrings() {
        String hostileChars = "\"\\/\n\r\t\b\f\u0000\u001f\u007f\u2028\u2029\uD800\uDBFF\uDC00\uDFFF\uFFFFaé";
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars(hostileChars).ofMaxLength(40));
    }

    @Property(tries = 1000)
    void anyStringRendersAsValidJsonThatDecodesToItself(@ForAll("hostileStrings") String value) {
        String json = HealthJson.quote(value);
        assertThat(TestJson.parse(json)).isEqualTo(value);
        assertThat(json.chars()).noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029);
        assertThat(hasLoneSurrogate(json)).isFalse();
    }

    private static boolean hasLoneSurrogate(String s) {
        // codePoints() yields a lone surrogate as itself and a valid pair as one supplementary code point.
        return s.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    @Property(tries = 300)
    void anyGroupRendersAsValidJsonWithItsStatusAndChecks(
            @ForAll("hostileStrings") String name,
            @ForAll("hostileStrings") String message,
            @ForAll("statuses") HealthStatus status,
            @ForAll("statuses") HealthStatus checkStatus) {
        Map<String, HealthResult> checks = Map.of(
                name, timed(HealthResult.builder(checkStatus).message(message).detail(message, name), 5));
        String json = HealthJson.render(new HealthGroupResult("g", status, checks, Optional.empty(), AT));
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) TestJson.parse(json);
        assertThat(decoded.get("status")).isEqualTo(status.name());
        @SuppressWarnings("unchecked")
        Map<String, Object> check = (Map<String, Object>) ((Map<String, Object>) decoded.get("checks")).get(name);
        assertThat(check)
                .containsEntry("status", checkStatus.name())
                .containsEntry("message", message)
                .containsEntry("durationMs", new BigDecimal(5));
    }
}
