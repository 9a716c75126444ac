package dev.nines.core.fallback;

/**
 * An event of a {@link Fallback}, delivered to listeners registered with
 * {@link Fallback#onEvent(java.util.function.Consumer)} or {@link FallbackRegistry#onEvent}.
 */
public sealed interface FallbackEvent {

    /**
     * Returns the name of the fallback that published the event.
     *
     * @return the name
     */
    String fallbackName();

    /**
     * The call failed (or its result was rejected) and the fallback value was returned.
     *
     * @param fallbackName the fallback's name
     * @param cause the failure, or a {@link RejectedResultException}
     */
    record Applied(String fallbackName, Throwable cause) implements FallbackEvent {}

    /**
     * The fallback function itself threw; its exception propagates with the cause suppressed.
     *
     * @param fallbackName the fallback's name
     * @param cause the call's failure
     * @param fallbackFailure what the fallback function threw
     */
    record Failed(String fallbackName, Throwable cause, Throwable fallbackFailure) implements FallbackEvent {}

    /**
     * The fallback's configuration was replaced ({@link Fallback#reconfigure}).
     *
     * @param fallbackName the fallback's name
     * @param oldConfig the configuration before
     * @param newConfig the configuration now in force
     */
    record ConfigurationChanged(String fallbackName, FallbackConfig oldConfig, FallbackConfig newConfig)
            implements FallbackEvent {}
}
