package dev.nines.core.hedge;

import java.time.Duration;
import java.util.Optional;

/**
 * An event of a {@link Hedge}, delivered to listeners registered with
 * {@link Hedge#onEvent(java.util.function.Consumer)} or {@link HedgeRegistry#onEvent}. A call that
 * ends at its first attempt without any hedge publishes nothing. Attempts are numbered from 1 (the
 * first attempt); hedges are attempts 2 and up.
 */
public sealed interface HedgeEvent {

    /**
     * Returns the name of the hedge that published the event.
     *
     * @return the hedge's name
     */
    String hedgeName();

    /**
     * A hedge started: the attempts before it had not ended acceptably within the delay (or one of
     * them had just ended unacceptably).
     *
     * @param hedgeName the hedge's name
     * @param attempt the number of the attempt started, 2 or more
     * @param sinceCallStart how long after the call's start it started
     */
    record HedgeStarted(String hedgeName, int attempt, Duration sinceCallStart) implements HedgeEvent {}

    /**
     * A hedged call (one that started at least one hedge) ended with an acceptable outcome.
     *
     * @param hedgeName the hedge's name
     * @param winningAttempt the number of the attempt whose outcome won
     * @param attemptsStarted how many attempts the call started in all
     */
    record Won(String hedgeName, int winningAttempt, int attemptsStarted) implements HedgeEvent {}

    /**
     * An attempt that was still running when another won (or when the caller cancelled the call)
     * was cancelled: its future was cancelled with interruption.
     *
     * @param hedgeName the hedge's name
     * @param attempt the number of the cancelled attempt
     */
    record AttemptCancelled(String hedgeName, int attempt) implements HedgeEvent {}

    /**
     * The retry budget refused a hedge; the call goes on with the attempts already started.
     *
     * @param hedgeName the hedge's name
     * @param attempt the number of the attempt that was not started
     */
    record BudgetExhausted(String hedgeName, int attempt) implements HedgeEvent {}

    /**
     * Every attempt of a hedged call ended unacceptably; the call ends with the last outcome.
     *
     * @param hedgeName the hedge's name
     * @param attemptsStarted how many attempts the call started
     * @param lastFailure the last failure, or empty if the last outcome was an unacceptable result
     */
    record Failed(String hedgeName, int attemptsStarted, Optional<Throwable> lastFailure) implements HedgeEvent {}

    /**
     * The hedge's configuration was replaced ({@link Hedge#reconfigure}). Calls already running
     * finish under the configuration they started with.
     *
     * @param hedgeName the hedge's name
     * @param oldConfig the configuration before
     * @param newConfig the configuration now in force
     * @param latencyWindowReset whether an empty latency window took over (a new
     *     {@code latencyWindow}, or a quantile delay after a fixed one); {@code false} if the latencies
     *     measured so far were kept, or the delay is fixed
     */
    record ConfigurationChanged(
            String hedgeName, HedgeConfig oldConfig, HedgeConfig newConfig, boolean latencyWindowReset)
            implements HedgeEvent {}
}
