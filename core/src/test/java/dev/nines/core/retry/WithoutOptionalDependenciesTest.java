package dev.nines.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Retry, time limiter and fallback must work with none of core's optional dependencies present. */
class WithoutOptionalDependenciesTest {

    @Test
    void retryTimeLimiterAndFallbackNeedNoOptionalDependency() throws Exception {
        URL[] path = {
            Retry.class.getProtectionDomain().getCodeSource().getLocation(),
            OptionalDependenciesProbe.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation(),
            org.slf4j.Logger.class.getProtectionDomain().getCodeSource().getLocation(),
        };
        try (URLClassLoader isolated = new URLClassLoader(path, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> isolated.loadClass("io.github.resilience4j.core.IntervalFunction"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> isolated.loadClass("com.github.benmanes.caffeine.cache.Caffeine"))
                    .isInstanceOf(ClassNotFoundException.class);

            @SuppressWarnings("unchecked")
            Supplier<String> probe = (Supplier<String>) isolated.loadClass(OptionalDependenciesProbe.class.getName())
                    .getDeclaredConstructor()
                    .newInstance();

            assertThat(probe.get()).isEqualTo("retried 3, fallback");
        }
    }
}
