package dev.nines.core.time;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one place allowed to read the JVM's clocks directly: the build's forbidden-apis check
 * rejects {@code System.nanoTime()}, {@code System.currentTimeMillis()}, {@code Instant.now()} and the
 * system clocks everywhere else, so that all time comes from an injected {@link TimeSource}.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface SuppressForbidden {
    /**
     * Says why the direct read is needed.
     *
     * @return the reason
     */
    String reason();
}
