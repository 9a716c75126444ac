package dev.nines.core.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a health status to the HTTP status code of a probe endpoint.
 *
 * <p>Defaults: {@code 200} for {@code UP} and {@code DEGRADED} (a degraded instance still serves),
 * {@code 503} for {@code OUT_OF_SERVICE}, {@code DOWN} and {@code UNKNOWN} (no verdict is not a
 * reason to send traffic). A custom status maps to the code given with {@link #with(HealthStatus, int)}
 * (a registry's custom statuses are in {@link HealthRegistry#httpStatusMapping()}); one with no code
 * maps to {@code 200} if it is healthy and {@code 503} if not. Immutable and thread-safe;
 * {@link #with(HealthStatus, int)} returns a changed copy.
 *
 * <pre>{@code
 * HttpStatusMapping mapping = HttpStatusMapping.defaults().with(HealthStatus.UNKNOWN, 200);
 * response.setStatus(mapping.statusCode(group.status()));
 * }</pre>
 */
public final class HttpStatusMapping {

    private static final HttpStatusMapping DEFAULTS = new HttpStatusMapping(defaultCodes());

    private final Map<HealthStatus, Integer> codes;

    private HttpStatusMapping(Map<HealthStatus, Integer> codes) {
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
     * @param status the health status, standard or custom
     * @param code an HTTP status code in [100, 599]
     * @return a new mapping
     * @throws IllegalArgumentException if {@code code} is outside [100, 599]
     */
    public HttpStatusMapping with(HealthStatus status, int code) {
        Objects.requireNonNull(status, "status");
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("code must be in [100, 599], was " + code);
        }
        Map<HealthStatus, Integer> copy = new LinkedHashMap<>(codes);
        copy.put(status, code);
        return new HttpStatusMapping(copy);
    }

    /**
     * Returns the HTTP status code for a health status.
     *
     * @param status the health status
     * @return the HTTP status code; for a custom status without one, 200 if healthy, else 503
     */
    public int statusCode(HealthStatus status) {
        Integer code = codes.get(Objects.requireNonNull(status, "status"));
        return code != null ? code : status.isHealthy() ? 200 : 503;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpStatusMapping httpStatusMapping && codes.equals(httpStatusMapping.codes);
    }

    @Override
    public int hashCode() {
        return codes.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("HttpStatusMapping[");
        String separator = "";
        for (Map.Entry<HealthStatus, Integer> entry : codes.entrySet()) {
            text.append(separator).append(entry.getKey()).append('=').append(entry.getValue());
            separator = ", ";
        }
        return text.append(']').toString();
    }

    private static Map<HealthStatus, Integer> defaultCodes() {
        Map<HealthStatus, Integer> codes = new LinkedHashMap<>();
        codes.put(HealthStatus.UP, 200);
        codes.put(HealthStatus.DEGRADED, 200);
        codes.put(HealthStatus.OUT_OF_SERVICE, 503);
        codes.put(HealthStatus.DOWN, 503);
        codes.put(HealthStatus.UNKNOWN, 503);
        return codes;
    }
}
