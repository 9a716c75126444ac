package dev.nines.core.chaos;

import java.util.Objects;

/**
 * The label a {@link ChaosPolicy} attaches to a generated fault as a suppressed exception; it is
 * never thrown. One instance per policy, without a stack trace of its own, so that a stack trace
 * of the fault reads {@code Suppressed: dev.nines.core.chaos.InjectedFaultLabel: injected by chaos
 * policy 'name'}.
 */
final class InjectedFaultLabel extends RuntimeException implements InjectedFault {

    private static final long serialVersionUID = 1L;

    /** The name of the policy that injects. */
    private final String chaosPolicyName;

    InjectedFaultLabel(String chaosPolicyName) {
        super("injected by chaos policy '" + chaosPolicyName + "'", null, false, false);
        this.chaosPolicyName = chaosPolicyName;
    }

    @Override
    public String chaosPolicyName() {
        return chaosPolicyName;
    }

    /**
     * Labels {@code fault} with this label and returns what to throw: the fault itself (already
     * labelled, or now carrying this label as a suppressed exception), or an
     * {@link InjectedFaultException} wrapping it if it refuses suppressed exceptions.
     */
    @SuppressWarnings("ReferenceEquality") // looking for this very label instance
    Throwable label(Throwable fault) {
        Objects.requireNonNull(fault, "the fault generator returned null");
        if (InjectedFault.isInjected(fault)) {
            return fault;
        }
        fault.addSuppressed(this);
        for (Throwable suppressed : fault.getSuppressed()) {
            if (suppressed == this) {
                return fault;
            }
        }
        return new InjectedFaultException(
                chaosPolicyName, "fault injected by chaos policy '" + chaosPolicyName + "': " + fault, fault);
    }
}
