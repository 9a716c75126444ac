package dev.nines.slo.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.internal.OptionalDependencies;
import dev.nines.slo.SloTracker;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs slo from its classes, core's, slf4j and HdrHistogram only (no snakeyaml-engine, no
 * Micrometer), as an application that depends on nines-slo alone does.
 */
class WithoutOptionalDependenciesTest {

    private static Path classesOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static URLClassLoader sloOnly() throws Exception {
        return new URLClassLoader(
                new URL[] {
                    classesOf(SloTracker.class).toUri().toURL(),
                    classesOf(OptionalDependencies.class).toUri().toURL(),
                    classesOf(org.slf4j.Logger.class).toUri().toURL(),
                    classesOf(org.HdrHistogram.Histogram.class).toUri().toURL(),
                },
                ClassLoader.getPlatformClassLoader());
    }

    @Test
    void openSloWithoutSnakeYamlFailsNamingTheArtifact() throws Exception {
        try (URLClassLoader loader = sloOnly()) {
            assertThatThrownBy(() -> loader.loadClass("org.snakeyaml.engine.v2.api.Dump"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> openSlo = loader.loadClass(OpenSlo.class.getName());
            assertThatThrownBy(() -> {
                        try {
                            openSlo.getMethod("read", String.class).invoke(null, "apiVersion: openslo/v1");
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    })
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageMatching("OpenSlo needs org\\.snakeyaml:snakeyaml-engine:\\d+\\.\\d+(\\.\\d+)? on the "
                            + "class path; it is an optional dependency of nines-slo.*");
        }
    }

    @Test
    void everyClassOutsideTheOptionalFeaturesLoadsWithoutOptionalArtifacts() throws Exception {
        Path classes = classesOf(SloTracker.class);
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(n -> !n.endsWith("module-info") && !n.endsWith("package-info"))
                    .filter(n -> !n.startsWith("dev.nines.slo.micrometer.")) // needs Micrometer by type
                    .filter(n -> !n.startsWith("dev.nines.slo.export.OpenSloReader")) // used after the check
                    .filter(n -> !n.startsWith("dev.nines.slo.export.OpenSloWriter"))
                    .filter(n -> !n.startsWith("dev.nines.slo.export.BoundedParser"))
                    .sorted()
                    .toList();
        }
        assertThat(names).contains("dev.nines.slo.SloTracker", "dev.nines.slo.export.OpenSlo");
        try (URLClassLoader loader = sloOnly()) {
            for (String name : names) {
                Class.forName(name, true, loader);
            }
        }
    }
}
