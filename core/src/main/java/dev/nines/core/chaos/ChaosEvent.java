package dev.nines.core.chaos;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * An event of a {@link ChaosPolicy}, delivered to listeners registered with
 * {@link ChaosPolicy#onEvent(java.util.function.Consumer)} or {@link ChaosRegistry#onEvent}. Every
 * injection is an {@link Injection} whose {@link #injected()} is {@code true}, so that a log or an
 * event stream never shows an injected fault as a real one.
 */
public sealed interface ChaosEvent {

    /**
     * Returns the name of the chaos policy that published the event.
     *
     * @return the name
     */
    String chaosPolicyName();

    /**
     * Returns whether this event reports an injection: {@code true} for every {@link Injection},
     * {@code false} for a switch or a reconfiguration of the policy.
     *
     * @return the injected flag
     */
    boolean injected();

    /** An injection into one call; {@link #injected()} is always {@code true}. */
    sealed interface Injection extends ChaosEvent {
        /**
         * Returns what was injected.
         *
         * @return the kind
         */
        ChaosKind kind();

        @Override
        default boolean injected() {
            return true;
        }
    }

    /**
     * A fault was thrown instead of making the call.
     *
     * @param chaosPolicyName the policy's name
     * @param fault the labelled fault, as the caller receives it
     */
    record FaultInjected(String chaosPolicyName, Throwable fault) implements Injection {
        @Override
        public ChaosKind kind() {
            return ChaosKind.FAULT;
        }
    }

    /**
     * A made-up result was returned instead of making the call.
     *
     * @param chaosPolicyName the policy's name
     * @param result the result, may be null
     */
    record OutcomeInjected(String chaosPolicyName, @Nullable Object result) implements Injection {
        @Override
        public ChaosKind kind() {
            return ChaosKind.OUTCOME;
        }
    }

    /**
     * The call was delayed by {@code latency} before it was made.
     *
     * @param chaosPolicyName the policy's name
     * @param latency the injected delay
     */
    record LatencyInjected(String chaosPolicyName, Duration latency) implements Injection {
        @Override
        public ChaosKind kind() {
            return ChaosKind.LATENCY;
        }
    }

    /**
     * The behaviour ran before the call.
     *
     * @param chaosPolicyName the policy's name
     */
    record BehaviorInjected(String chaosPolicyName) implements Injection {
        @Override
        public ChaosKind kind() {
            return ChaosKind.BEHAVIOR;
        }
    }

    /**
     * The policy was switched on or off.
     *
     * @param chaosPolicyName the policy's name
     * @param enabled the new state
     * @param guarded whether injections now ask an {@link InjectionGuard} (an experiment) first
     */
    record Switched(String chaosPolicyName, boolean enabled, boolean guarded) implements ChaosEvent {
        @Override
        public boolean injected() {
            return false;
        }
    }

    /**
     * The policy's configuration was replaced ({@link ChaosPolicy#reconfigure}); if the change
     * switched it, a {@link Switched} follows.
     *
     * @param chaosPolicyName the policy's name
     * @param oldConfig the configuration before
     * @param newConfig the configuration now in force
     */
    record ConfigurationChanged(String chaosPolicyName, ChaosConfig oldConfig, ChaosConfig newConfig)
            implements ChaosEvent {
        @Override
        public boolean injected() {
            return false;
        }
    }
}
