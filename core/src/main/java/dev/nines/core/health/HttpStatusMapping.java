package dev.nines.core.health;

import java.util.Arrays;
import java.util.Objects;

/**
 * Maps a health status to the HTTP status code of a probe endpoint.
 *
 * <p>Defaults: {@code 200} for {@code UP} and {@code DEGRADED} (a degraded instance still serves),
 * {@code 503} for {@code OUT_OF_SERVICE}, {@code DOWN} and {@code UNKNOWN} (no verdict is not a
 * reason to send traffic). Immutable and thread-safe; {@link #with(HealthStatus, int)} returns a
 * changed copy.
 *
 * <pre>{@code
 * HttpStatusMapping mapping = HttpStatusMapping.defaults().with(HealthStatus.UNKNOWN, 200);
 * response.setStatus(mapping.statusCode(group.status()));
 * }</pre>
 */
public final class HttpStatusMapping {

    private static final HttpStatusMapping DEFAULTS = new HttpStatusMapping(defaultCodes());

    private final int[] codes;

    private HttpStatusMapping(int[] codes) {
        this.codes = codes;
    }

    /**
     * Returns the default mapping.
     *
     * @return the defaults
     */
    public static HttpStatusMapping defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a copy of this mapping in which {@code status} maps to {@code code}.
     *
     * @param status the health status
     * @param code an HTTP status code in [100, 599]
     * @return a new mapping
     * @throws IllegalArgumentException if {@code code} is outside [100, 599]
     */
    public HttpStatusMapping with(HealthStatus status, int code) {
        Objects.requireNonNull(status, "status");
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("code must be in [100, 599], was " + code);
        }
        int[] copy = codes.clone();
        copy[status.ordinal()] = code;
        return new HttpStatusMapping(copy);
    }

    /**
     * Returns the HTTP status code for a health status.
     *
     * @param status the health status
     * @return the HTTP status code
     */
    public int statusCode(HealthStatus status) {
        return codes[Objects.requireNonNull(status, "status").ordinal()];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpStatusMapping && Arrays.equals(codes, ((HttpStatusMapping) o).codes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codes);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("HttpStatusMapping[");
        for (HealthStatus status : HealthStatus.values()) {
            text.append(status.ordinal() == 0 ? "" : ", ").append(status).append('=').append(codes[status.ordinal()]);
        }
        return text.append(']').toString();
    }

    private static int[] defaultCodes() {
        int[] codes = new int[HealthStatus.values().length];
        codes[HealthStatus.UP.ordinal()] = 200;
        codes[HealthStatus.DEGRADED.ordinal()] = 200;
        codes[HealthStatus.OUT_OF_SERVICE.ordinal()] = 503;
        codes[HealthStatus.DOWN.ordinal()] = 503;
        codes[HealthStatus.UNKNOWN.ordinal()] = 503;
        return codes;
    }
}
