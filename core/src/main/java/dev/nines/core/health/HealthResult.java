package dev.nines.core.health;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of one health check: a status, an optional message, details, how long the check took
 * and when it ran, and the exception if the check threw.
 *
 * <p>Immutable and thread-safe. Details keep insertion order (so renderings are stable); values are
 * rendered as JSON numbers or booleans when they are {@link Number}s or {@link Boolean}s and as
 * strings otherwise. The registry fills in {@link #duration()} and {@link #checkedAt()}; a check
 * only sets status, message and details.
 *
 * <pre>{@code
 * return HealthResult.builder(HealthStatus.DEGRADED)
 *         .message("replica lag high")
 *         .detail("lagSeconds", 42)
 *         .build();
 * }</pre>
 */
public final class HealthResult {

    /** Detail key naming why the registry produced or changed a result. */
    public static final String REASON = "reason";
    /** Reason of a check that did not finish within its timeout. */
    public static final String REASON_TIMEOUT = "timeout";
    /** Reason of a check that threw. */
    public static final String REASON_EXCEPTION = "exception";
    /** Reason of a scheduled check whose cached result was not refreshed in time. */
    public static final String REASON_EXPIRED = "expired";
    /** Reason of a scheduled check that has not produced a result yet. */
    public static final String REASON_NOT_YET_RUN = "notYetRun";

    private static final Map<String, Object> NO_DETAILS = Collections.emptyMap();

    private final HealthStatus status;
    private final @Nullable String message;
    private final Map<String, Object> details;
    private final Duration duration;
    private final Instant checkedAt;
    private final @Nullable Throwable error;

    private HealthResult(Builder builder) {
        this.status = builder.status;
        this.message = builder.message;
        this.details = builder.details.isEmpty()
                ? NO_DETAILS
                : Collections.unmodifiableMap(new LinkedHashMap<>(builder.details));
        this.duration = builder.duration;
        this.checkedAt = builder.checkedAt;
        this.error = builder.error;
    }

    /**
     * Returns a result with status {@link HealthStatus#UP} and nothing else.
     *
     * @return an UP result
     */
    public static HealthResult up() {
        return builder(HealthStatus.UP).build();
    }

    /**
     * Returns a result with status {@link HealthStatus#DEGRADED} and a message.
     *
     * @param message why the capability is degraded
     * @return a DEGRADED result
     */
    public static HealthResult degraded(String message) {
        return builder(HealthStatus.DEGRADED).message(message).build();
    }

    /**
     * Returns a result with status {@link HealthStatus#OUT_OF_SERVICE} and a message.
     *
     * @param message why the capability is out of service
     * @return an OUT_OF_SERVICE result
     */
    public static HealthResult outOfService(String message) {
        return builder(HealthStatus.OUT_OF_SERVICE).message(message).build();
    }

    /**
     * Returns a result with status {@link HealthStatus#DOWN} and a message.
     *
     * @param message what failed
     * @return a DOWN result
     */
    public static HealthResult down(String message) {
        return builder(HealthStatus.DOWN).message(message).build();
    }

    /**
     * Returns a result with the given status and nothing else.
     *
     * @param status the status
     * @return a result
     */
    public static HealthResult of(HealthStatus status) {
        return builder(status).build();
    }

    /**
     * Returns a builder for a result with the given status.
     *
     * @param status the status
     * @return a new builder
     */
    public static Builder builder(HealthStatus status) {
        return new Builder(status);
    }

    /**
     * Returns a builder initialised with this result's fields.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder(status);
        builder.message = message;
        builder.details.putAll(details);
        builder.duration = duration;
        builder.checkedAt = checkedAt;
        builder.error = error;
        return builder;
    }

    /**
     * Returns the status.
     *
     * @return the status
     */
    public HealthStatus status() {
        return status;
    }

    /**
     * Returns the message, if any.
     *
     * @return the message, or empty
     */
    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    /**
     * Returns the details, in insertion order.
     *
     * @return an unmodifiable map, possibly empty
     */
    public Map<String, Object> details() {
        return details;
    }

    /**
     * Returns the reason detail ({@link #REASON}) as a string, if any.
     *
     * @return the reason, e.g. {@value #REASON_TIMEOUT}, or empty
     */
    public Optional<String> reason() {
        Object reason = details.get(REASON);
        return reason == null ? Optional.empty() : Optional.of(reason.toString());
    }

    /**
     * Returns how long the check took; zero until the registry fills it in.
     *
     * @return the duration of the check
     */
    public Duration duration() {
        return duration;
    }

    /**
     * Returns when the check ran (wall clock of the registry's time source); the epoch until the
     * registry fills it in.
     *
     * @return the time of the check
     */
    public Instant checkedAt() {
        return checkedAt;
    }

    /**
     * Returns the exception the check threw, if any.
     *
     * @return the exception, or empty
     */
    public Optional<Throwable> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HealthResult other)) {
            return false;
        }
        return status.equals(other.status)
                && Objects.equals(message, other.message)
                && details.equals(other.details)
                && duration.equals(other.duration)
                && checkedAt.equals(other.checkedAt)
                && Objects.equals(error, other.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, message, details, duration, checkedAt, error);
    }

    @Override
    public String toString() {
        return "HealthResult[status=" + status
                + (message == null ? "" : ", message=" + message)
                + (details.isEmpty() ? "" : ", details=" + details)
                + ", duration=" + duration + ", checkedAt=" + checkedAt
                + (error == null ? "" : ", error=" + error) + "]";
    }

    /** Builds a {@link HealthResult}. Not thread-safe. */
    public static final class Builder {
        private HealthStatus status;
        private @Nullable String message;
        private final Map<String, Object> details = new LinkedHashMap<>();
        private Duration duration = Duration.ZERO;
        private Instant checkedAt = Instant.EPOCH;
        private @Nullable Throwable error;

        private Builder(HealthStatus status) {
            this.status = Objects.requireNonNull(status, "status");
        }

        /**
         * Sets the status.
         *
         * @param status the status
         * @return this builder
         */
        public Builder status(HealthStatus status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * Sets the message.
         *
         * @param message a human-readable explanation
         * @return this builder
         */
        public Builder message(String message) {
            this.message = Objects.requireNonNull(message, "message");
            return this;
        }

        /**
         * Adds or replaces one detail.
         *
         * @param key the detail name
         * @param value the value; numbers and booleans render as JSON literals, others as strings
         * @return this builder
         */
        public Builder detail(String key, Object value) {
            details.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets how long the check took.
         *
         * @param duration the duration, not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code duration} is negative
         */
        public Builder duration(Duration duration) {
            this.duration = Arguments.notNegative("duration", duration);
            return this;
        }

        /**
         * Sets when the check ran.
         *
         * @param checkedAt the time of the check
         * @return this builder
         */
        public Builder checkedAt(Instant checkedAt) {
            this.checkedAt = Objects.requireNonNull(checkedAt, "checkedAt");
            return this;
        }

        /**
         * Records the exception that made the check fail.
         *
         * @param error the exception
         * @return this builder
         */
        public Builder error(Throwable error) {
            this.error = Objects.requireNonNull(error, "error");
            return this;
        }

        /**
         * Builds the result.
         *
         * @return a new immutable result
         */
        public HealthResult build() {
            return new HealthResult(this);
        }
    }
}
