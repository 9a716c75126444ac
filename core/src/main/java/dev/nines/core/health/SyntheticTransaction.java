package dev.nines.core.health;

/**
 * A synthetic transaction: a small end-to-end request run on a schedule to prove that a user-visible
 * path works (e.g. place and cancel a test order). Returning normally is a success; throwing is a
 * failure. See {@link HealthRegistry#registerSynthetic(String, SyntheticTransaction, HealthCheckConfig)}.
 */
@FunctionalInterface
public interface SyntheticTransaction {

    /**
     * Runs the transaction once.
     *
     * @throws Exception if the transaction failed
     */
    void run() throws Exception;
}
