package dev.nines.slo.export;

/**
 * A malformed OpenSLO document: the message names the field (a path such as
 * {@code spec.objectives[0].target}), the problem and the line, e.g.
 * {@code "spec.objectives[0].target must be in (0, 1), was 1.5 (line 21)"}.
 *
 * <p>Every error the reader raises is one of these, hostile input included (too large, nested too
 * deep, huge keys, alias bombs): never a {@link StackOverflowError} or an exception of the YAML
 * library. Values quoted in the message are cut to 80 characters.
 *
 * <p>Unchecked, like the {@link IllegalArgumentException} it extends: a bad document is bad input.
 */
public final class OpenSloFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final int line;

    /**
     * Creates the exception.
     *
     * @param field the path of the offending field, {@code document} for the document as a whole
     * @param problem what is wrong, e.g. {@code "must be a number, was a sequence"}
     * @param line the 1-based line of the offending node, 0 if unknown
     */
    public OpenSloFormatException(String field, String problem, int line) {
        super((field.isEmpty() ? "" : field + " ") + problem + (line > 0 ? " (line " + line + ")" : ""));
        this.field = field;
        this.line = line;
    }

    /**
     * Returns the path of the offending field, e.g. {@code spec.objectives[0].target}.
     *
     * @return the path: where the reader was in the document, for a YAML syntax error too, and
     *     {@code document} for the document as a whole (too large, empty, not a mapping)
     */
    public String field() {
        return field;
    }

    /**
     * Returns the 1-based line of the offending node.
     *
     * @return the line, 0 if unknown
     */
    public int line() {
        return line;
    }
}
