package dev.nines.core.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A call made on its own thread that blocks in a policy (a bulkhead or limiter queue, a rate
 * limiter's booked wait): {@link #start} returns once the policy counts it as waiting and the
 * thread is blocked, so a test can change the policy under it and then see whether it got through.
 *
 * @param <T> the call's result
 */
public final class BlockedCall<T> {

    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final Thread thread;

    private BlockedCall(String name, Callable<T> call) {
        thread = new Thread(
                () -> {
                    try {
                        outcome.complete(call.call());
                    } catch (Throwable e) {
                        outcome.completeExceptionally(e);
                    }
                },
                name);
        thread.setDaemon(true);
    }

    /**
     * Starts {@code call} on a new daemon thread and waits until {@code waiting} holds and the
     * thread is blocked.
     *
     * @param name the thread's name, for failure messages
     * @param call the blocking call
     * @param waiting tells when the policy counts the call as waiting
     * @param <T> the call's result
     * @return the call, blocked
     * @throws AssertionError if it does not block within {@link Waiters#TIMEOUT_SECONDS}
     */
    public static <T> BlockedCall<T> start(String name, Callable<T> call, BooleanSupplier waiting) {
        BlockedCall<T> blocked = new BlockedCall<>(name, call);
        blocked.thread.start();
        Waiters.until(name + " waiting", waiting);
        Waiters.blocked(blocked.thread);
        return blocked;
    }

    /**
     * Returns the call's result, waiting for it up to {@link Waiters#TIMEOUT_SECONDS}.
     *
     * @return the result
     * @throws Exception the call's failure (wrapped), or a timeout if it is still blocked
     */
    public T result() throws Exception {
        return outcome.get(Waiters.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Returns whether the call has returned or thrown.
     *
     * @return whether it is done
     */
    public boolean isDone() {
        return outcome.isDone();
    }
}
