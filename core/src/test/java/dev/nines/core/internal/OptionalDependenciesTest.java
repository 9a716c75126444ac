package dev.nines.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs core from its own classes and slf4j only, in a class loader without Micrometer or Caffeine,
 * as an application that depends on nines-core alone does.
 */
class OptionalDependenciesTest {

    private static final Path CLASSES = classesOf(OptionalDependencies.class);

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URLClassLoader coreOnly() throws IOException {
        return new URLClassLoader(
                new URL[] {
                    CLASSES.toUri().toURL(),
                    classesOf(org.slf4j.Logger.class).toUri().toURL(),
                },
                ClassLoader.getPlatformClassLoader());
    }

    @Test
    void knowsTheVersionOfEveryOptionalArtifactFromTheBuild() {
        assertThat(OptionalDependencies.artifact(OptionalDependencies.CAFFEINE))
                .matches("com\\.github\\.ben-manes\\.caffeine:caffeine:\\d+\\.\\d+\\.\\d+");
        assertThat(OptionalDependencies.artifact(OptionalDependencies.MICROMETER))
                .matches("io\\.micrometer:micrometer-core:\\d+\\.\\d+\\.\\d+");
        assertThat(OptionalDependencies.artifact(OptionalDependencies.SNAKEYAML_ENGINE))
                .matches("org\\.snakeyaml:snakeyaml-engine:\\d+\\.\\d+(\\.\\d+)?");
        assertThat(OptionalDependencies.artifact(OptionalDependencies.JETCD))
                .matches("io\\.etcd:jetcd-core:\\d+\\.\\d+\\.\\d+");
        assertThatThrownBy(() -> OptionalDependencies.artifact("jackson"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jackson");
    }

    @Test
    void aStaleCacheWithoutCaffeineFailsNamingTheArtifact() throws Exception {
        try (URLClassLoader loader = coreOnly()) {
            assertThatThrownBy(() -> loader.loadClass("com.github.benmanes.caffeine.cache.Caffeine"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> configType = loader.loadClass("dev.nines.core.fallback.StaleCacheConfig");
            Object config = configType.getMethod("ofDefaults").invoke(null);
            Class<?> timeType = loader.loadClass("dev.nines.core.time.TimeSource");
            Object time = timeType.getMethod("system").invoke(null);
            Class<?> cacheType = loader.loadClass("dev.nines.core.fallback.StaleCache");

            assertThatThrownBy(() -> {
                        try {
                            cacheType
                                    .getMethod("of", String.class, configType, timeType)
                                    .invoke(null, "prices", config, time);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    })
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageMatching(
                            "StaleCache needs com\\.github\\.ben-manes\\.caffeine:caffeine:\\d+\\.\\d+\\.\\d+ "
                                    + "on the class path; it is an optional dependency of nines-core.*");
        }
    }

    @Test
    void everyClassOutsideTheOptionalFeaturesLoadsWithoutOptionalArtifacts() throws Exception {
        List<String> names;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            names = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> CLASSES.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(n -> !n.endsWith("module-info") && !n.endsWith("package-info"))
                    .filter(n -> !n.startsWith("dev.nines.core.micrometer.")) // needs Micrometer by type
                    .filter(n -> !n.startsWith("dev.nines.core.fallback.CaffeineStaleCache")) // built after the check
                    .sorted()
                    .toList();
        }
        assertThat(names)
                .contains("dev.nines.core.fallback.StaleCache", "dev.nines.core.circuitbreaker.CircuitBreaker");
        try (URLClassLoader loader = coreOnly()) {
            for (String name : names) {
                // Initialising links and verifies the class: a reference to a missing type in a
                // signature or a verified assignment fails here.
                Class.forName(name, true, loader);
            }
        }
    }
}
