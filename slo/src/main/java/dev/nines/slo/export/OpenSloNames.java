package dev.nines.slo.export;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/** The OpenSLO v1 rules for names, label keys and text lengths, and RFC 1123 names derived from any text. */
final class OpenSloNames {

    /** An RFC 1123 DNS label: what OpenSLO requires of every {@code metadata.name}. */
    static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A label key: at most 63 characters, alphanumeric at both ends, {@code -_.} and alphanumerics between. */
    static final Pattern LABEL_KEY = Pattern.compile("[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?");
    /** The spec's limit on every {@code description}, in characters (Unicode code points). */
    static final int MAX_DESCRIPTION = 1050;
    /** The OpenSLO SDK's limit on {@code metadata.displayName}, in characters (code points). */
    static final int MAX_DISPLAY_NAME = 63;

    static final int MAX_NAME = 63;

    private OpenSloNames() {}

    /**
     * Returns an RFC 1123 name for {@code text}: itself if it already is one; otherwise lower case,
     * {@code %} as {@code pct}, every other run of characters outside {@code [a-z0-9]} as one
     * {@code -}, cut to leave room for a {@code -} and 8 hex digits of the text's CRC-32, which keep
     * names derived from different texts apart.
     */
    static String derive(String text) {
        if (DNS_LABEL.matcher(text).matches()) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT).replace("%", "pct");
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (keep) {
                b.append(c);
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
        }
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        String hash = String.format(Locale.ROOT, "%08x", crc.getValue());
        String base = b.length() > MAX_NAME - 9 ? b.substring(0, MAX_NAME - 9) : b.toString();
        while (base.endsWith("-")) {
            base = base.substring(0, base.length() - 1);
        }
        return base.isEmpty() ? "x" + hash : base + "-" + hash;
    }

    /** Returns an RFC 1123 name made of {@code prefix} (already a name), a dash and {@code suffix}. */
    static String join(String prefix, String suffix) {
        return derive(prefix + "-" + suffix);
    }

    /** Returns whether {@code key} is a label key the spec allows. */
    static boolean isLabelKey(String key) {
        return LABEL_KEY.matcher(key).matches();
    }

    /** The length in Unicode code points. */
    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** The first {@code max} code points of {@code text}. */
    static String truncate(String text, int max) {
        if (length(text) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max));
    }
}
