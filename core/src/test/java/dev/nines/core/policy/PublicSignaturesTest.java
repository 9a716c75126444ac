package dev.nines.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nines.core.time.TimeSource;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Nines' public API names no resilience4j type: users migrate without depending on resilience4j. */
class PublicSignaturesTest {

    @Test
    void noPublicSignatureOfCoreNamesAResilience4jType() throws IOException, URISyntaxException {
        Path classes = Path.of(TimeSource.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<String> offenders = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, getClass().getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (!Modifier.isPublic(type.getModifiers())) {
                    continue;
                }
                checked++;
                for (Method method : type.getDeclaredMethods()) {
                    if (Modifier.isPublic(method.getModifiers())
                            && method.toGenericString().contains("resilience4j")) {
                        offenders.add(method.toGenericString());
                    }
                }
                for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                    if (Modifier.isPublic(constructor.getModifiers())
                            && constructor.toGenericString().contains("resilience4j")) {
                        offenders.add(constructor.toGenericString());
                    }
                }
            }
        }
        assertThat(checked).as("public types checked").isGreaterThan(50);
        assertThat(offenders).isEmpty();
    }
}
