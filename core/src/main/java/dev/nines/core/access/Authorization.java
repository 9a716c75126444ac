package dev.nines.core.access;

import java.time.Instant;
import java.util.Objects;

/** An {@link Authorizer}'s answer: permitted under a grant, or denied with a reason. */
public sealed interface Authorization {

    /**
     * Returns whether the action may proceed.
     *
     * @return {@code true} for {@link Permitted}
     */
    boolean permitted();

    /**
     * The action may proceed.
     *
     * @param grantId the grant it runs under
     * @param expiresAt when that grant expires
     */
    record Permitted(String grantId, Instant expiresAt) implements Authorization {
        /** Checks the fields. */
        public Permitted {
            Objects.requireNonNull(grantId, "grantId");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public boolean permitted() {
            return true;
        }
    }

    /**
     * The action must not proceed.
     *
     * @param reason why, in words
     */
    record Denied(String reason) implements Authorization {
        /** Checks the fields. */
        public Denied {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean permitted() {
            return false;
        }
    }
}
