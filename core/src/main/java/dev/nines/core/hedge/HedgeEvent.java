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
}
