package dev.nines.core.chaos;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The label of everything a {@link ChaosPolicy} injects, so that an injected failure can never be
 * mistaken for a real one. A fault the policy throws is always labelled:
 *
 * <ul>
 *   <li>it is an {@code InjectedFault} itself (the default fault, {@link InjectedFaultException},
 *       or an exception type of your own that implements this interface); or</li>
 *   <li>it carries a label as a suppressed exception: a generated {@code ConnectException} stays a
 *       {@code ConnectException} (so retries and breakers treat it as they would a real one), and
 *       its stack trace shows {@code Suppressed: ...InjectedFault...: injected by chaos policy
 *       'name'}; or</li>
 *   <li>where the generated exception refuses suppressed exceptions, it is wrapped as the cause of
 *       an {@link InjectedFaultException}.</li>
 * </ul>
 *
 * <p>{@link #isInjected(Throwable)} recognises all three, also through causes (so a
 * {@code CompletionException} or an application exception wrapping an injected fault is still
 * injected). An injected <em>result</em> ({@link ChaosKind#OUTCOME}) cannot carry a label unless its
 * type implements this interface; it is always labelled in the policy's events and metrics.
 *
 * <p><b>In an SLO.</b> An injected failure that reaches a user is a failure the user saw, so code
 * that records SLO outcomes records it as bad by default: that is what the error budget pays for,
 * and why the SLO module's {@code ChaosExperiment} spends at most a share of it. Recording code that
 * should not count injections (a synthetic probe, a dependency's own SLI) tells them apart with
 * {@link #isInjected(Throwable)}.
 *
 * <pre>{@code
 * } catch (RuntimeException failure) {
 *     if (!InjectedFault.isInjected(failure)) {
 *         dependencySli.recordBad();     // the dependency's own SLI counts real failures only
 *     }
 *     serviceSli.recordBad();            // the service's SLO counts what its users saw
 * }
 * }</pre>
 */
public interface InjectedFault {

    /**
     * Returns the name of the chaos policy that injected the fault.
     *
     * @return the policy's name
     */
    String chaosPolicyName();

    /**
     * Returns whether {@code failure} was injected by a {@link ChaosPolicy}: it, one of its
     * suppressed exceptions or one of its causes (at most 32 deep) is an {@code InjectedFault}.
     * Allocates (it reads suppressed exceptions): call it when recording a failure, not per call.
     *
     * @param failure the failure, may be null (then {@code false})
     * @return whether it is labelled as injected
     */
    static boolean isInjected(@Nullable Throwable failure) {
        return find(failure).isPresent();
    }

    /**
     * Returns the label of an injected failure; see {@link #isInjected(Throwable)}.
     *
     * @param failure the failure, may be null (then empty)
     * @return the label, or empty for a failure that was not injected
     */
    static Optional<InjectedFault> find(@Nullable Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 32; depth++) {
            if (current instanceof InjectedFault label) {
                return Optional.of(label);
            }
            for (Throwable suppressed : current.getSuppressed()) {
                if (suppressed instanceof InjectedFault label) {
                    return Optional.of(label);
                }
            }
            Throwable cause = current.getCause();
            current = cause == current ? null : cause;
        }
        return Optional.empty();
    }

    /**
     * Returns whether an injected result is labelled: its type implements {@code InjectedFault}.
     *
     * @param result a call's result, may be null
     * @return whether it carries the label
     */
    static boolean isInjectedResult(@Nullable Object result) {
        return result instanceof InjectedFault;
    }
}
