package dev.nines.core.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A strict RFC 8259 reader for tests, shared by every module through nines-core's test-jar: objects
 * become {@link LinkedHashMap}s (duplicate keys rejected), arrays {@link ArrayList}s, strings
 * {@link String}s, {@code true}/{@code false} {@link Boolean}s, {@code null} {@code null}, and
 * numbers {@link BigDecimal}s ({@link #parse}) or {@link Double}s ({@link #parseWithDoubles}).
 * Rejects raw control characters in strings, raw lone surrogates (not encodable in UTF-8), bad
 * numbers and escapes, trailing text and anything else that is not JSON, with an
 * {@link IllegalArgumentException} naming the offset.
 */
public final class TestJson {

    private final String text;
    private final Function<String, Object> numbers;
    private int pos;

    private TestJson(String text, Function<String, Object> numbers) {
        this.text = text;
        this.numbers = numbers;
    }

    /**
     * Parses {@code text}, numbers as exact {@link BigDecimal}s.
     *
     * @param text the JSON text
     * @return the value
     * @throws IllegalArgumentException if {@code text} is not JSON
     */
    public static Object parse(String text) {
        return new TestJson(text, BigDecimal::new).document();
    }

    /**
     * Parses {@code text}, numbers as {@link Double}s.
     *
     * @param text the JSON text
     * @return the value
     * @throws IllegalArgumentException if {@code text} is not JSON
     */
    public static Object parseWithDoubles(String text) {
        return new TestJson(text, Double::parseDouble).document();
    }

    /**
     * Parses {@code text}, which must be a JSON object, numbers as exact {@link BigDecimal}s.
     *
     * @param text the JSON text
     * @return the object's members in document order
     * @throws IllegalArgumentException if {@code text} is not a JSON object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object value = parse(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object, was " + value);
        }
        return (Map<String, Object>) value;
    }

    private Object document() {
        Object value = value();
        whitespace();
        if (pos != text.length()) {
            throw error("trailing text");
        }
        return value;
    }

    private Object value() {
        whitespace();
        char c = peek();
        if (c == '{') {
            return object();
        }
        if (c == '[') {
            return array();
        }
        if (c == '"') {
            return string();
        }
        if (text.startsWith("true", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        if (text.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        return number();
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        whitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            whitespace();
            if (peek() != '"') {
                throw error("expected a key");
            }
            String key = string();
            whitespace();
            expect(':');
            if (map.containsKey(key)) {
                throw error("duplicate key " + key);
            }
            map.put(key, value());
            whitespace();
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw error("expected , or }");
            }
        }
    }

    private List<Object> array() {
        List<Object> list = new ArrayList<>();
        pos++;
        whitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value());
            whitespace();
            char c = next();
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw error("expected , or ]");
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("raw control character");
            }
            if (Character.isHighSurrogate(c)) {
                if (pos >= text.length() || !Character.isLowSurrogate(text.charAt(pos))) {
                    throw error("raw lone high surrogate");
                }
                out.append(c).append(next());
                continue;
            }
            if (Character.isLowSurrogate(c)) {
                throw error("raw lone low surrogate");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"':
                    out.append('"');
                    break;
                case '\\':
                    out.append('\\');
                    break;
                case '/':
                    out.append('/');
                    break;
                case 'b':
                    out.append('\b');
                    break;
                case 'f':
                    out.append('\f');
                    break;
                case 'n':
                    out.append('\n');
                    break;
                case 'r':
                    out.append('\r');
                    break;
                case 't':
                    out.append('\t');
                    break;
                case 'u':
                    if (pos + 4 > text.length()) {
                        throw error("short unicode escape");
                    }
                    String hex = text.substring(pos, pos + 4);
                    if (!hex.matches("[0-9a-fA-F]{4}")) {
                        throw error("bad unicode escape \\u" + hex);
                    }
                    out.append((char) Integer.parseInt(hex, 16));
                    pos += 4;
                    break;
                default:
                    throw error("bad escape \\" + e);
            }
        }
    }

    private Object number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String literal = text.substring(start, pos);
        if (!literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            pos = start;
            throw error("bad number '" + literal + "'");
        }
        return numbers.apply(literal);
    }

    private void whitespace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            pos--;
            throw error("expected " + c);
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("not JSON at offset " + pos + ": " + what);
    }
}
