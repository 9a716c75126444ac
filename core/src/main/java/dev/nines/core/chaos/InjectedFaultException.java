package dev.nines.core.chaos;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The fault a {@link ChaosPolicy} injects when no fault generator is configured, and the wrapper of
 * a generated fault that could not carry its label any other way. It is an {@link InjectedFault},
 * so {@link InjectedFault#isInjected(Throwable)} is always true for it. Its stack trace is not
 * filled in (injections can be frequent); the call site is in the events.
 *
 * <p>Create your own to inject from a generator:
 *
 * <pre>{@code
 * ChaosConfig.builder().fault(() -> new InjectedFaultException("payments", "injected outage")).build();
 * }</pre>
 */
public class InjectedFaultException extends RuntimeException implements InjectedFault {

    private static final long serialVersionUID = 1L;

    /** The name of the policy that injected the fault. */
    private final String chaosPolicyName;

    /**
     * Creates the exception.
     *
     * @param chaosPolicyName the name of the chaos policy that injects it
     * @param message the detail message
     */
    public InjectedFaultException(String chaosPolicyName, String message) {
        this(chaosPolicyName, message, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param chaosPolicyName the name of the chaos policy that injects it
     * @param message the detail message
     * @param cause the generated fault it carries, may be null
     */
    public InjectedFaultException(String chaosPolicyName, String message, @Nullable Throwable cause) {
        super(message, cause, true, false);
        this.chaosPolicyName = Objects.requireNonNull(chaosPolicyName, "chaosPolicyName");
    }

    @Override
    public String chaosPolicyName() {
        return chaosPolicyName;
    }
}
