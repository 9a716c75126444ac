package dev.nines.core.health;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Renders health results as JSON without a JSON library.
 *
 * <p>A group renders as
 * {@code {"status":"UP","reason":"...","checks":{"db":{"status":"UP","durationMs":3,"checkedAt":"...","message":"...","details":{...},"error":"..."}}}},
 * omitting absent fields ({@code checkedAt} is absent while it is the epoch, i.e. never set). Strings are escaped so that any Java string, however hostile, yields valid
 * JSON that decodes back to the same string: quote, backslash and control characters are escaped,
 * as are U+2028 and U+2029 (line terminators in JavaScript) and lone surrogates (which cannot be
 * encoded in UTF-8); properly paired surrogates are kept as they are. Detail values that are
 * {@link Integer}, {@link Long}, {@link Short}, {@link Byte}, {@link BigInteger}, {@link BigDecimal},
 * atomic integers, or finite {@link Double}/{@link Float} render as JSON numbers, {@link Boolean}s as
 * {@code true}/{@code false}, anything else (including NaN and infinities) as a string.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * HealthGroupResult ready = health.evaluate(HealthGroupConfig.READINESS);
 * respond(HttpStatusMapping.defaults().statusCode(ready.status()), HealthJson.render(ready));
 * }</pre>
 */
public final class HealthJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private HealthJson() {}

    /**
     * Renders a group result.
     *
     * @param group the group result
     * @return a JSON object
     */
    public static String render(HealthGroupResult group) {
        Objects.requireNonNull(group, "group");
        StringBuilder out = new StringBuilder(64 + 96 * group.checks().size());
        out.append("{\"status\":");
        string(out, group.status().name());
        if (group.reason().isPresent()) {
            out.append(",\"reason\":");
            string(out, group.reason().get());
        }
        out.append(",\"checks\":{");
        boolean first = true;
        for (Map.Entry<String, HealthResult> check : group.checks().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, check.getKey());
            out.append(':');
            result(out, check.getValue());
        }
        return out.append("}}").toString();
    }

    /**
     * Renders one check result.
     *
     * @param result the result
     * @return a JSON object
     */
    public static String render(HealthResult result) {
        Objects.requireNonNull(result, "result");
        StringBuilder out = new StringBuilder(96);
        result(out, result);
        return out.toString();
    }

    /**
     * Returns {@code value} as a JSON string literal, quotes included.
     *
     * @param value any string
     * @return the quoted, escaped literal
     */
    public static String quote(String value) {
        Objects.requireNonNull(value, "value");
        StringBuilder out = new StringBuilder(value.length() + 2);
        string(out, value);
        return out.toString();
    }

    private static void result(StringBuilder out, HealthResult result) {
        out.append("{\"status\":");
        string(out, result.status().name());
        out.append(",\"durationMs\":").append(result.duration().toMillis());
        if (!result.checkedAt().equals(Instant.EPOCH)) {
            out.append(",\"checkedAt\":");
            string(out, result.checkedAt().toString());
        }
        if (result.message().isPresent()) {
            out.append(",\"message\":");
            string(out, result.message().get());
        }
        if (!result.details().isEmpty()) {
            out.append(",\"details\":{");
            boolean first = true;
            for (Map.Entry<String, Object> detail : result.details().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, detail.getKey());
                out.append(':');
                value(out, detail.getValue());
            }
            out.append('}');
        }
        if (result.error().isPresent()) {
            out.append(",\"error\":");
            string(out, String.valueOf(result.error().get()));
        }
        out.append('}');
    }

    private static void value(StringBuilder out, Object value) {
        if (value instanceof Boolean bool) {
            out.append(bool.booleanValue());
        } else if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof BigInteger
                || value instanceof AtomicInteger
                || value instanceof AtomicLong) {
            out.append(value);
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.toString());
        } else if ((value instanceof Double || value instanceof Float)
                && Double.isFinite(((Number) value).doubleValue())) {
            out.append(value);
        } else {
            string(out, String.valueOf(value));
        }
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        unicode(out, c);
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                            out.append(c).append(value.charAt(i + 1));
                            i++;
                        } else {
                            unicode(out, c);
                        }
                    } else if (Character.isLowSurrogate(c)) {
                        unicode(out, c);
                    } else {
                        out.append(c);
                    }
                    break;
            }
        }
        out.append('"');
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u")
                .append(HEX[c >> 12 & 0xf])
                .append(HEX[c >> 8 & 0xf])
                .append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }
}
