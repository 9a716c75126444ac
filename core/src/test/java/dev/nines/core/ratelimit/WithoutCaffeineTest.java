package dev.nines.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Caffeine is optional: only {@link KeyedRateLimiter#of} needs it. */
class WithoutCaffeineTest {

    private static URL locationOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    private static URL[] corePath(boolean withCaffeine) {
        URL core = locationOf(RateLimiter.class);
        URL tests = locationOf(OverloadProbe.class);
        URL slf4j = locationOf(org.slf4j.Logger.class);
        return withCaffeine
                ? new URL[] {core, tests, slf4j, locationOf(Caffeine.class)}
                : new URL[] {core, tests, slf4j};
    }

    @SuppressWarnings("unchecked")
    private static String probe(ClassLoader loader, boolean createKeyed) throws Exception {
        Function<Boolean, String> probe = (Function<Boolean, String>) loader.loadClass(OverloadProbe.class.getName())
                .getDeclaredConstructor()
                .newInstance();
        return probe.apply(createKeyed);
    }

    @Test
    void everythingButTheKeyedLimiterWorksWithoutCaffeineAndTheKeyedOneSaysWhatIsMissing() throws Exception {
        try (URLClassLoader isolated = new URLClassLoader(corePath(false), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> isolated.loadClass("com.github.benmanes.caffeine.cache.Caffeine"))
                    .isInstanceOf(ClassNotFoundException.class);

            String result = probe(isolated, true);

            assertThat(result)
                    .startsWith(
                            "cold 10, admitted, 10 keys, KeyedRateLimiter needs com.github.ben-manes.caffeine:caffeine:")
                    .contains("optional dependency of nines-core");
        }
    }

    @Test
    void theRestOfCoreLoadsNoCaffeineClassEvenWhenCaffeineIsThere() throws Exception {
        List<String> loaded = new CopyOnWriteArrayList<>();
        try (URLClassLoader recording = new URLClassLoader(corePath(true), ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                loaded.add(name);
                return super.loadClass(name, resolve);
            }
        }) {
            assertThat(probe(recording, false)).isEqualTo("cold 10, admitted, 10 keys");
            assertThat(loaded).noneMatch(name -> name.startsWith("com.github.benmanes.caffeine"));

            assertThat(probe(recording, true)).endsWith(", keyed true");
            assertThat(loaded).anyMatch(name -> name.startsWith("com.github.benmanes.caffeine"));
        }
    }
}
