package dev.nines.failover.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.TimeSource;
import dev.nines.failover.drill.chaos.ExperimentAction;
import dev.nines.slo.chaos.ChaosExperiment;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * slo is an optional dependency of failover: only {@code dev.nines.failover.drill.chaos} needs it.
 * Drills, their built-in switchover actions and their evidence work without it.
 */
class WithoutSloTest {

    private static URL locationOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static URL[] failoverPath(boolean withSlo) {
        URL failover = locationOf(Drill.class);
        URL tests = locationOf(DrillWithoutSloProbe.class);
        URL core = locationOf(TimeSource.class);
        URL slf4j = locationOf(org.slf4j.Logger.class);
        return withSlo
                ? new URL[] {failover, tests, core, slf4j, locationOf(ChaosExperiment.class)}
                : new URL[] {failover, tests, core, slf4j};
    }

    @SuppressWarnings("unchecked")
    private static String probe(ClassLoader loader) throws Exception {
        Supplier<String> probe = (Supplier<String>) loader.loadClass(DrillWithoutSloProbe.class.getName())
                .getDeclaredConstructor()
                .newInstance();
        return probe.get();
    }

    @Test
    void drillsAndTheirEvidenceWorkWithoutSloAndOnlyTheExperimentActionNeedsIt() throws Exception {
        try (URLClassLoader isolated = new URLClassLoader(failoverPath(false), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> isolated.loadClass(ChaosExperiment.class.getName()))
                    .isInstanceOf(ClassNotFoundException.class);

            assertThat(probe(isolated)).isEqualTo("REHEARSED, PASSED, read back true");

            assertThatThrownBy(() -> Class.forName(ExperimentAction.class.getName(), true, isolated)
                            .getMethods())
                    .isInstanceOf(NoClassDefFoundError.class)
                    .hasMessageContaining("dev/nines/slo/chaos/ChaosExperiment");
        }
    }

    @Test
    void drillsLoadNoSloClassEvenWhenSloIsThere() throws Exception {
        List<String> loaded = new CopyOnWriteArrayList<>();
        try (URLClassLoader recording = new URLClassLoader(failoverPath(true), ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                loaded.add(name);
                return super.loadClass(name, resolve);
            }
        }) {
            assertThat(probe(recording)).isEqualTo("REHEARSED, PASSED, read back true");
            assertThat(loaded).anyMatch(name -> name.startsWith("dev.nines.failover.drill."));
            assertThat(loaded).noneMatch(name -> name.startsWith("dev.nines.slo"));
        }
    }
}
