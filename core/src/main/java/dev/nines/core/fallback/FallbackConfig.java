package dev.nines.core.fallback;

import dev.nines.core.internal.ExceptionTypes;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link Fallback}: which failures and results are replaced by the
 * fallback value.
 *
 * <p>A failure is handled if it matches {@code fallbackOnExceptions} (by {@code instanceof}) or
 * {@code fallbackOnException}, and matches none of {@code ignoreExceptions}; when neither
 * {@code fallbackOnExceptions} nor {@code fallbackOnException} is set, every {@link Exception}
 * matches. {@link Error}s are never handled. A result is handled if {@code fallbackOnResult}
 * accepts it. Defaults: every exception, no result.
 *
 * <pre>{@code
 * FallbackConfig config = FallbackConfig.builder()
 *         .fallbackOnExceptions(IOException.class, CallNotPermittedException.class)
 *         .fallbackOnResult(r -> ((List<?>) r).isEmpty())
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe (immutable); predicates must be thread-safe and must not throw.
 */
public final class FallbackConfig {

    private static final FallbackConfig DEFAULTS = new Builder().build();

    private final List<Class<? extends Throwable>> fallbackOnExceptions;
    private final List<Class<? extends Throwable>> ignoreExceptions;
    private final @Nullable Predicate<Throwable> fallbackOnException;
    private final @Nullable Predicate<Object> fallbackOnResult;

    private FallbackConfig(Builder builder) {
        this.fallbackOnExceptions = builder.fallbackOnExceptions;
        this.ignoreExceptions = builder.ignoreExceptions;
        this.fallbackOnException = builder.fallbackOnException;
        this.fallbackOnResult = builder.fallbackOnResult;
    }

    /**
     * Returns the default configuration: every exception falls back, no result does.
     *
     * @return the defaults
     */
    public static FallbackConfig ofDefaults() {
        return DEFAULTS;
    }

    /**
     * Returns a builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this configuration's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Returns whether a failure is replaced by the fallback.
     *
     * @param throwable the failure
     * @return {@code true} if handled
     */
    public boolean handles(Throwable throwable) {
        Objects.requireNonNull(throwable, "throwable");
        if (!(throwable instanceof Exception) || ExceptionTypes.isInstanceOfAny(ignoreExceptions, throwable)) {
            return false;
        }
        if (fallbackOnExceptions.isEmpty() && fallbackOnException == null) {
            return true;
        }
        return ExceptionTypes.isInstanceOfAny(fallbackOnExceptions, throwable)
                || (fallbackOnException != null && fallbackOnException.test(throwable));
    }

    /**
     * Returns whether a result is replaced by the fallback.
     *
     * @param result the result, possibly {@code null}
     * @return {@code true} if {@code fallbackOnResult} is set and accepts it
     */
    public boolean handlesResult(Object result) {
        return fallbackOnResult != null && fallbackOnResult.test(result);
    }

    boolean checksResults() {
        return fallbackOnResult != null;
    }

    /**
     * Returns whether {@code o} is a {@code FallbackConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof FallbackConfig other
                && Objects.equals(fallbackOnExceptions, other.fallbackOnExceptions)
                && Objects.equals(ignoreExceptions, other.ignoreExceptions)
                && Objects.equals(fallbackOnException, other.fallbackOnException)
                && Objects.equals(fallbackOnResult, other.fallbackOnResult);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(fallbackOnExceptions, ignoreExceptions, fallbackOnException, fallbackOnResult);
    }

    @Override
    public String toString() {
        return "FallbackConfig[fallbackOnExceptions=" + fallbackOnExceptions + ", ignoreExceptions=" + ignoreExceptions
                + ", fallbackOnResult=" + (fallbackOnResult != null) + "]";
    }

    /** A builder of {@link FallbackConfig}; not thread-safe. */
    public static final class Builder {

        private List<Class<? extends Throwable>> fallbackOnExceptions = List.of();
        private List<Class<? extends Throwable>> ignoreExceptions = List.of();
        private @Nullable Predicate<Throwable> fallbackOnException;
        private @Nullable Predicate<Object> fallbackOnResult;

        private Builder() {}

        private Builder(FallbackConfig config) {
            this.fallbackOnExceptions = config.fallbackOnExceptions;
            this.ignoreExceptions = config.ignoreExceptions;
            this.fallbackOnException = config.fallbackOnException;
            this.fallbackOnResult = config.fallbackOnResult;
        }

        /**
         * Sets the exception types (with subclasses) that fall back.
         *
         * @param types the types; none restores "every exception"
         * @return this builder
         */
        @SafeVarargs
        public final Builder fallbackOnExceptions(Class<? extends Throwable>... types) {
            this.fallbackOnExceptions = ExceptionTypes.copyOf("fallbackOnExceptions", types);
            return this;
        }

        /**
         * Sets the exception types that never fall back, even if they match a rule.
         *
         * @param types the types
         * @return this builder
         */
        @SafeVarargs
        public final Builder ignoreExceptions(Class<? extends Throwable>... types) {
            this.ignoreExceptions = ExceptionTypes.copyOf("ignoreExceptions", types);
            return this;
        }

        /**
         * Sets a predicate that also selects failures that fall back.
         *
         * @param predicate the predicate; thread-safe, must not throw
         * @return this builder
         */
        public Builder fallbackOnException(Predicate<Throwable> predicate) {
            this.fallbackOnException = Objects.requireNonNull(predicate, "fallbackOnException");
            return this;
        }

        /**
         * Sets a predicate on results that replaces them with the fallback (which then receives a
         * {@link RejectedResultException}).
         *
         * @param predicate the predicate, given the result (possibly {@code null})
         * @return this builder
         */
        public Builder fallbackOnResult(Predicate<Object> predicate) {
            this.fallbackOnResult = Objects.requireNonNull(predicate, "fallbackOnResult");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         */
        public FallbackConfig build() {
            return new FallbackConfig(this);
        }
    }
}
