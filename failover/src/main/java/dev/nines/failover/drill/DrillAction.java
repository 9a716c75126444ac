package dev.nines.failover.drill;

import java.util.Optional;

/**
 * What a {@link Drill} exercises: started once, then polled on each {@link Drill#tick()} until it
 * reports an end. Built-ins are {@link DrillActions#switchover} and {@link DrillActions#dryRun}, and
 * {@code dev.nines.failover.drill.chaos.ExperimentAction}, which runs the slo module's SLO-guarded
 * {@code ChaosExperiment} (slo is an optional dependency of failover: only that package needs it).
 * Any other action plugs in by implementing this interface (e.g. inject a fault in {@link #start()},
 * report {@link DrillProgress.Recovered} once the system has recovered from it).
 *
 * <p>Called from one thread at a time (the drill's). Exceptions from {@link #start()} or {@link
 * #poll()} end the drill as failed, with the message in the evidence.
 */
public interface DrillAction {

    /**
     * Returns what kind of action this is, for the evidence ({@code "switchover"}, {@code
     * "experiment"}).
     *
     * @return a short kind name
     */
    String kind();

    /**
     * Returns what the action acts on, for the evidence and the authorization request ({@code
     * "orders-db/db-2"}).
     *
     * @return the target
     */
    String target();

    /**
     * Returns whether this is a dry run, which changes nothing and measures no recovery.
     *
     * @return {@code true} for a dry run
     */
    boolean dryRun();

    /**
     * Starts the action.
     *
     * @throws Exception if it could not start (the drill fails)
     */
    void start() throws Exception;

    /**
     * Advances the action and reports where it is.
     *
     * @return the progress
     * @throws Exception if the action failed (the drill fails)
     */
    DrillProgress poll() throws Exception;

    /**
     * Stops a running action early; the default does nothing.
     *
     * @param reason why
     * @throws Exception if stopping failed
     */
    default void abort(String reason) throws Exception {}

    /**
     * Returns what the fault-injection experiment this action ran did, for the evidence; asked once,
     * when the drill ends (after any {@link #abort}). The default, for actions that run no
     * experiment, is empty.
     *
     * @return the experiment's evidence, or empty
     */
    default Optional<ExperimentEvidence> experiment() {
        return Optional.empty();
    }
}
