package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.internal.OptionalDependencies;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Loads every failover class but the Micrometer binder and the etcd stores from failover's classes,
 * core's and slf4j only, as an application that depends on nines-failover alone does.
 */
class WithoutOptionalDependenciesTest {

    private static Path classesOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void everyClassOutsideTheBinderLoadsWithoutMicrometer() throws Exception {
        Path classes = classesOf(FailoverConfig.class);
        List<String> names;
        try (Stream<Path> files = Files.walk(classes)) {
            names = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
                    .filter(n -> !n.endsWith("module-info") && !n.endsWith("package-info"))
                    .filter(n -> !n.startsWith("dev.nines.failover.micrometer.")) // needs Micrometer by type
                    .filter(n -> !n.startsWith("dev.nines.failover.lease.etcd.")) // needs jetcd by type
                    .sorted().toList();
        }
        assertThat(names).contains("dev.nines.failover.FailoverConfig");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {
            classes.toUri().toURL(),
            classesOf(OptionalDependencies.class).toUri().toURL(),
            classesOf(org.slf4j.Logger.class).toUri().toURL(),
        }, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            for (String name : names) {
                Class.forName(name, true, loader);
            }
        }
    }
}
