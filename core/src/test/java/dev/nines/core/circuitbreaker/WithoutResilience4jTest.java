package dev.nines.core.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * resilience4j-core is optional: the breaker must load and work without it on the class path.
 * Loads our classes (and SLF4J) in a class loader that cannot see resilience4j.
 */
class WithoutResilience4jTest {

    @Test
    void worksWithoutResilience4jOnTheClassPath() throws Exception {
        URL ours = CircuitBreaker.class.getProtectionDomain().getCodeSource().getLocation();
        URL slf4j = org.slf4j.LoggerFactory.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation();
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {ours, slf4j}, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.github.resilience4j.core.IntervalFunction"))
                    .isInstanceOf(ClassNotFoundException.class);

            Class<?> configClass = loader.loadClass(CircuitBreakerConfig.class.getName());
            Class<?> builderClass = loader.loadClass(CircuitBreakerConfig.Builder.class.getName());
            // Reflection (as configuration binders use) resolves every signature of the builder.
            assertThat(builderClass.getMethods()).isNotEmpty();
            assertThat(loader.loadClass(CircuitBreaker.class.getName()).getMethods())
                    .isNotEmpty();
            Object builder = configClass.getMethod("builder").invoke(null);
            builderClass.getMethod("minimumNumberOfCalls", int.class).invoke(builder, 2);
            builderClass.getMethod("waitDurationInOpenState", Duration.class).invoke(builder, Duration.ofSeconds(1));
            Object config = builderClass.getMethod("build").invoke(builder);

            Class<?> timeClass = loader.loadClass("dev.nines.core.time.TimeSource");
            Object time = timeClass.getMethod("system").invoke(null);
            Class<?> breakerClass = loader.loadClass(CircuitBreaker.class.getName());
            Object breaker = breakerClass
                    .getMethod("of", String.class, configClass, timeClass)
                    .invoke(null, "isolated", config, time);
            Method onError = breakerClass.getMethod("onError", long.class, Throwable.class);
            onError.invoke(breaker, 1L, new IllegalStateException());
            onError.invoke(breaker, 1L, new IllegalStateException());

            assertThat(breakerClass.getMethod("state").invoke(breaker).toString())
                    .isEqualTo("OPEN");
            assertThat(breakerClass.getMethod("tryAcquirePermission").invoke(breaker))
                    .isEqualTo(false);
        }
    }
}
