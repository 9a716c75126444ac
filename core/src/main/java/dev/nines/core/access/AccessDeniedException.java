package dev.nines.core.access;

import java.util.Objects;

/**
 * Thrown instead of running a manual action that its {@link Authorizer} denied. The action changed
 * nothing; {@link #reason()} says why and {@link #request()} what was asked.
 */
public final class AccessDeniedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient AccessRequest request;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param request what was asked
     * @param reason why it was denied
     */
    public AccessDeniedException(AccessRequest request, String reason) {
        super(Objects.requireNonNull(request, "request").actor() + " may not " + request.action() + " on "
                + request.target() + ": " + Objects.requireNonNull(reason, "reason"));
        this.request = request;
        this.reason = reason;
    }

    /**
     * Returns what was asked.
     *
     * @return the request
     */
    public AccessRequest request() {
        return request;
    }

    /**
     * Returns why it was denied.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
