package dev.nines.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.internal.OptionalDependencies;
import dev.nines.failover.lease.etcd.EtcdWithoutJetcdProbe;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Loads every failover class but the Micrometer binder, the chaos-experiment drill action (slo) and
 * jetcd's side of the etcd stores from
 * failover's classes, core's and slf4j only, as an application that depends on nines-failover alone
 * does; connecting an etcd store there fails naming jetcd.
 */
class WithoutOptionalDependenciesTest {

    private static Path classesOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void connectingAnEtcdLeaseStoreWithoutJetcdFailsNamingTheArtifactAndVersion() throws Exception {
        String jetcd = OptionalDependencies.artifact(OptionalDependencies.JETCD);
        assertThat(jetcd).matches("io\\.etcd:jetcd-core:\\d+\\.\\d+\\.\\d+");
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {
                    classesOf(FailoverConfig.class).toUri().toURL(),
                    classesOf(EtcdWithoutJetcdProbe.class).toUri().toURL(),
                    classesOf(OptionalDependencies.class).toUri().toURL(),
                    classesOf(org.slf4j.Logger.class).toUri().toURL(),
                },
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.etcd.jetcd.Client"))
                    .isInstanceOf(ClassNotFoundException.class);
            @SuppressWarnings("unchecked")
            Supplier<String> probe = (Supplier<String>) loader.loadClass(EtcdWithoutJetcdProbe.class.getName())
                    .getDeclaredConstructor()
                    .newInstance();

            String expected = "java.lang.IllegalStateException: EtcdLeaseStore needs " + jetcd + " on the class path; "
                    + "it is an optional dependency of nines-failover: add it to your build (see the README's table "
                    + "of optional dependencies)";
            assertThat(probe.get().split("\n")).containsExactly(expected, expected);
        }
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
                    // needs nines-slo by type (optional; WithoutSloTest checks the rest without slo)
                    .filter(n -> !n.startsWith("dev.nines.failover.drill.chaos."))
                    // need jetcd by type; EtcdLeaseStore itself loads without it, to say what is missing
                    .filter(n -> !n.startsWith("dev.nines.failover.lease.etcd.JetcdLeaseStore")
                            && !n.startsWith("dev.nines.failover.lease.etcd.EtcdControllerStateStore")
                            && !n.startsWith("dev.nines.failover.lease.etcd.EtcdWithoutJetcdProbe"))
                    .sorted()
                    .toList();
        }
        assertThat(names).contains("dev.nines.failover.FailoverConfig", "dev.nines.failover.lease.etcd.EtcdLeaseStore");
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {
                    classes.toUri().toURL(),
                    classesOf(OptionalDependencies.class).toUri().toURL(),
                    classesOf(org.slf4j.Logger.class).toUri().toURL(),
                },
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.MeterRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            for (String name : names) {
                Class.forName(name, true, loader);
            }
        }
    }
}
