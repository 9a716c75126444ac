package dev.nines.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * Checks that an optional dependency is on the class path before a feature that needs it runs,
 * so that its absence is an {@link IllegalStateException} naming the artifact (group, artifact and
 * version) instead of a bare {@link NoClassDefFoundError} from deep inside the feature.
 *
 * <p>The artifacts and their versions come from {@code optional-artifacts.properties} beside this
 * class, which the build fills in from the parent pom. Thread-safe; a successful check costs one
 * class look-up, so callers check once, when the feature is created.
 */
public final class OptionalDependencies {

    /** Caffeine, for {@code StaleCache}. */
    public static final String CAFFEINE = "caffeine";
    /** Micrometer, for the binders in the {@code micrometer} packages. */
    public static final String MICROMETER = "micrometer";
    /** snakeyaml-engine, for OpenSLO documents. */
    public static final String SNAKEYAML_ENGINE = "snakeyaml-engine";
    /** jetcd, for the etcd lease and state stores of failover. */
    public static final String JETCD = "jetcd";

    private static final Properties ARTIFACTS = load();

    private OptionalDependencies() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = OptionalDependencies.class.getResourceAsStream("optional-artifacts.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /**
     * Returns the coordinates of an optional artifact, {@code group:artifact:version}.
     *
     * @param key one of the constants of this class
     * @return the coordinates
     * @throws IllegalArgumentException if {@code key} is unknown
     */
    public static String artifact(String key) {
        String coordinates = ARTIFACTS.getProperty(Objects.requireNonNull(key, "key"));
        if (coordinates == null) {
            throw new IllegalArgumentException(
                    "key must be one of " + ARTIFACTS.stringPropertyNames() + ", was " + key);
        }
        return coordinates;
    }

    /**
     * Checks that {@code probeClass} can be loaded by {@code anchor}'s class loader.
     *
     * @param feature what needs the dependency, for the message (for example {@code "StaleCache"})
     * @param module the Nines artifact that declares the dependency optional (for example {@code "nines-core"})
     * @param key the artifact, one of the constants of this class
     * @param probeClass a class of the artifact, by name
     * @param anchor a class of the feature, whose class loader is asked
     * @throws IllegalStateException if the class cannot be loaded; the message names the artifact
     */
    public static void require(String feature, String module, String key, String probeClass, Class<?> anchor) {
        try {
            Class.forName(probeClass, false, anchor.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            IllegalStateException missing = new IllegalStateException(feature + " needs " + artifact(key)
                    + " on the class path; it is an optional dependency of " + module
                    + ": add it to your build (see the README's table of optional dependencies)");
            missing.initCause(e);
            throw missing;
        }
    }
}
