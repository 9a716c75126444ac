package dev.nines.core.chaos;

import dev.nines.core.internal.Arguments;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Immutable configuration of a {@link ChaosPolicy}: what it injects (exactly one of
 * {@link Builder#fault}, {@link Builder#outcome}, {@link Builder#latency} and
 * {@link Builder#behavior}, after Polly v8's four chaos strategies), into what share of the calls,
 * which calls are in scope, whether the policy starts enabled, and the random source that picks
 * the calls.
 *
 * <p>Defaults, as Polly's: {@code injectionRatio} 0.001 (one call in a thousand), enabled, every
 * call in scope, a {@link ThreadLocalRandom}. A call is injected when the policy is enabled, the
 * scope says yes when the call starts, and the random source returns a value below the injection
 * ratio ({@code random < injectionRatio}: 0 never injects, 1 always does).
 *
 * <pre>{@code
 * ChaosConfig config = ChaosConfig.builder()
 *         .fault(() -> new ConnectException("injected: payments unreachable"))
 *         .injectionRatio(0.01)                        // 1% of the calls in scope
 *         .scope(() -> Tenant.current().isInternal())   // only internal tenants' calls
 *         .enabled(false)                              // off until an experiment enables it
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe (immutable). The suppliers it holds are called on the calling threads: keep them
 * thread-safe, and {@code scope} and {@code randomSource} free of allocation if the policy's hot
 * path should stay so.
 */
public final class ChaosConfig {

    /** Polly's default injection rate: one call in a thousand. */
    public static final double DEFAULT_INJECTION_RATIO = 0.001;

    private final ChaosKind kind;
    private final @Nullable Supplier<? extends Throwable> fault;
    private final @Nullable Supplier<?> outcome;
    private final Duration latency;
    private final @Nullable Runnable behavior;
    private final double injectionRatio;
    private final boolean enabled;
    private final BooleanSupplier scope;
    private final boolean scoped;
    private final DoubleSupplier randomSource;

    private ChaosConfig(Builder builder, ChaosKind kind) {
        this.kind = kind;
        this.fault = builder.fault;
        this.outcome = builder.outcome;
        this.latency = builder.latency;
        this.behavior = builder.behavior;
        this.injectionRatio = builder.injectionRatio;
        this.enabled = builder.enabled;
        this.scope = builder.scope;
        this.scoped = builder.scoped;
        this.randomSource = builder.randomSource;
    }

    private static boolean everyCall() {
        return true;
    }

    private static double threadLocalRandom() {
        return ThreadLocalRandom.current().nextDouble();
    }

    /**
     * Returns a builder holding the defaults; set what to inject before building.
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
     * Returns what the policy injects.
     *
     * @return the kind
     */
    public ChaosKind kind() {
        return kind;
    }

    /**
     * Returns the fault generator of a {@link ChaosKind#FAULT} policy; empty for the default fault
     * (an {@link InjectedFaultException}) and for other kinds.
     *
     * @return the generator, or empty
     */
    public Optional<Supplier<? extends Throwable>> fault() {
        return Optional.ofNullable(fault);
    }

    /**
     * Returns the result generator of a {@link ChaosKind#OUTCOME} policy; empty for other kinds.
     *
     * @return the generator, or empty
     */
    public Optional<Supplier<?>> outcome() {
        return Optional.ofNullable(outcome);
    }

    /**
     * Returns the latency a {@link ChaosKind#LATENCY} policy injects before the call.
     *
     * @return the latency; zero for other kinds
     */
    public Duration latency() {
        return latency;
    }

    /**
     * Returns the action a {@link ChaosKind#BEHAVIOR} policy runs before the call; empty for other
     * kinds.
     *
     * @return the action, or empty
     */
    public Optional<Runnable> behavior() {
        return Optional.ofNullable(behavior);
    }

    /**
     * Returns the share of the calls in scope that are injected (Polly's {@code InjectionRate}).
     *
     * @return the ratio in [0, 1]
     */
    public double injectionRatio() {
        return injectionRatio;
    }

    /**
     * Returns whether a policy created with this configuration starts enabled.
     *
     * @return the initial state of the policy's switch
     */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Returns the scope: asked once per call, when it starts, whether the call may be injected.
     *
     * @return the scope
     */
    public BooleanSupplier scope() {
        return scope;
    }

    /**
     * Returns the random source: uniform values in [0, 1), one per call in scope.
     *
     * @return the random source
     */
    public DoubleSupplier randomSource() {
        return randomSource;
    }

    /**
     * Returns whether {@code o} is a {@code ChaosConfig} with the same settings. Functions and
     * predicates (and other objects without value equality) compare by identity, so a copy made by
     * {@code toBuilder().build()} equals its original.
     *
     * @param o the other object
     * @return {@code true} if every setting is equal
     */
    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof ChaosConfig other
                && Objects.equals(kind, other.kind)
                && Objects.equals(fault, other.fault)
                && Objects.equals(outcome, other.outcome)
                && Objects.equals(latency, other.latency)
                && Objects.equals(behavior, other.behavior)
                && Double.compare(injectionRatio, other.injectionRatio) == 0
                && enabled == other.enabled
                && Objects.equals(scope, other.scope)
                && scoped == other.scoped
                && Objects.equals(randomSource, other.randomSource);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Objects.hash(
                kind, fault, outcome, latency, behavior, injectionRatio, enabled, scope, scoped, randomSource);
    }

    @Override
    public String toString() {
        return "ChaosConfig[kind=" + kind + (kind == ChaosKind.LATENCY ? ", latency=" + latency : "")
                + ", injectionRatio=" + injectionRatio + ", enabled=" + enabled
                + (scoped ? ", scoped" : "") + "]";
    }

    /**
     * A builder of {@link ChaosConfig}; not thread-safe. Setting what to inject a second time
     * replaces the first.
     */
    public static final class Builder {

        private @Nullable ChaosKind kind;
        private @Nullable Supplier<? extends Throwable> fault;
        private @Nullable Supplier<?> outcome;
        private Duration latency = Duration.ZERO;
        private @Nullable Runnable behavior;
        private double injectionRatio = DEFAULT_INJECTION_RATIO;
        private boolean enabled = true;
        private BooleanSupplier scope = ChaosConfig::everyCall;
        private boolean scoped;
        private DoubleSupplier randomSource = ChaosConfig::threadLocalRandom;

        private Builder() {}

        private Builder(ChaosConfig config) {
            this.kind = config.kind;
            this.fault = config.fault;
            this.outcome = config.outcome;
            this.latency = config.latency;
            this.behavior = config.behavior;
            this.injectionRatio = config.injectionRatio;
            this.enabled = config.enabled;
            this.scope = config.scope;
            this.scoped = config.scoped;
            this.randomSource = config.randomSource;
        }

        /**
         * Injects the default fault: an {@link InjectedFaultException} naming the policy, thrown
         * instead of making the call.
         *
         * @return this builder
         */
        public Builder fault() {
            clearInjection();
            this.kind = ChaosKind.FAULT;
            return this;
        }

        /**
         * Injects a fault from {@code generator}, thrown instead of making the call. The fault is
         * labelled (see {@link InjectedFault}); return a new exception each time (a shared instance
         * is labelled once and keeps its first stack trace). A checked exception is thrown as it is
         * by {@code executeCallable} and in a failed stage, and wrapped in an
         * {@link InjectedFaultException} where a {@code Supplier} or {@code Runnable} cannot throw it.
         *
         * @param generator makes the fault; thread-safe, never returns null
         * @return this builder
         */
        public Builder fault(Supplier<? extends Throwable> generator) {
            Objects.requireNonNull(generator, "fault");
            clearInjection();
            this.kind = ChaosKind.FAULT;
            this.fault = generator;
            return this;
        }

        /**
         * Injects a made-up result from {@code generator}, returned instead of making the call
         * (Polly's outcome strategy; to inject an exception use {@link #fault(Supplier)}). The
         * result must be of the calls' type: a policy cannot check it ahead, and a wrong type fails
         * at the caller with a {@code ClassCastException}. Let its type implement
         * {@link InjectedFault} for recording code to recognise it.
         *
         * @param generator makes the result; thread-safe
         * @return this builder
         */
        public Builder outcome(Supplier<?> generator) {
            Objects.requireNonNull(generator, "outcome");
            clearInjection();
            this.kind = ChaosKind.OUTCOME;
            this.outcome = generator;
            return this;
        }

        /**
         * Injects {@code latency} before the call: synchronous calls wait through the policy's
         * {@code Sleeper}, asynchronous ones start on the caller's scheduler after it.
         *
         * @param latency the delay, not negative
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder latency(Duration latency) {
            Arguments.notNegative("latency", latency);
            clearInjection();
            this.kind = ChaosKind.LATENCY;
            this.latency = latency;
            return this;
        }

        /**
         * Runs {@code action} before the call (Polly's behaviour strategy): restart a connection
         * pool, clear a cache, kill a session. An exception from the action fails the call, labelled
         * as injected.
         *
         * @param action the behaviour; thread-safe
         * @return this builder
         */
        public Builder behavior(Runnable action) {
            Objects.requireNonNull(action, "behavior");
            clearInjection();
            this.kind = ChaosKind.BEHAVIOR;
            this.behavior = action;
            return this;
        }

        /**
         * Sets the share of the calls in scope that are injected (Polly's {@code InjectionRate}).
         *
         * @param injectionRatio in [0, 1]: 0 never injects, 1 injects every call in scope
         * @return this builder
         * @throws IllegalArgumentException if NaN or outside [0, 1]
         */
        public Builder injectionRatio(double injectionRatio) {
            this.injectionRatio = Arguments.inClosed("injectionRatio", injectionRatio, 0, 1);
            return this;
        }

        /**
         * Sets whether the policy starts enabled (it can be switched later with
         * {@link ChaosPolicy#enable()} and {@link ChaosPolicy#disable()}).
         *
         * @param enabled the initial state
         * @return this builder
         */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Sets which calls may be injected: {@code scope} is asked once per call, when it starts,
         * on the calling thread (read a request context, a thread-local, a tenant). Calls outside
         * the scope are never injected and use no random value.
         *
         * @param scope the scope; thread-safe and quick
         * @return this builder
         */
        public Builder scope(BooleanSupplier scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            this.scoped = true;
            return this;
        }

        /**
         * Sets the random source (Polly's {@code Randomizer}): uniform values in [0, 1), one per call
         * in scope. Tests pass a seeded or scripted one for deterministic injections.
         *
         * @param randomSource the source; thread-safe if the policy is used from several threads
         * @return this builder
         */
        public Builder randomSource(DoubleSupplier randomSource) {
            this.randomSource = Objects.requireNonNull(randomSource, "randomSource");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return a new immutable configuration
         * @throws IllegalArgumentException if nothing to inject was set
         */
        public ChaosConfig build() {
            if (kind == null) {
                throw new IllegalArgumentException(
                        "injection must be set with fault, outcome, latency or behavior, was none");
            }
            return new ChaosConfig(this, kind);
        }

        private void clearInjection() {
            this.fault = null;
            this.outcome = null;
            this.latency = Duration.ZERO;
            this.behavior = null;
        }
    }
}
