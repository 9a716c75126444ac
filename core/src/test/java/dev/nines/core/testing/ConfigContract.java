package dev.nines.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The value contract of configuration classes, shared by every module through nines-core's
 * test-jar, so that one test per module covers every configuration it has, present and future.
 *
 * <p>A configuration class is a public top-level class of the module with a public {@code
 * toBuilder()} (the house pattern for immutable configuration). Each must declare {@code equals},
 * {@code hashCode} and {@code toString}; a copy made by {@code toBuilder().build()} must equal its
 * original (both ways, same hash and text); and every instance field must take part in {@code
 * equals}: changing any one of them in a copy (by reflection: a primitive moved, a reference
 * replaced or cleared) must make the copy unequal. Fields derived from others are named, with the
 * reason, by the module's test.
 */
public final class ConfigContract {

    private ConfigContract() {}

    /**
     * Finds the configuration classes of the module that holds {@code anchor}: public top-level
     * classes with a public {@code toBuilder()}.
     *
     * @param anchor any main class of the module
     * @return the class names, sorted
     */
    public static Set<String> discover(Class<?> anchor) {
        Path root;
        try {
            root = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = root.relativize(file).toString();
                if (!relative.endsWith(".class") || relative.contains("$") || relative.endsWith("-info.class")) {
                    continue;
                }
                String name = relative.substring(0, relative.length() - 6)
                        .replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = Class.forName(name, false, anchor.getClassLoader());
                if (!Modifier.isPublic(type.getModifiers()) || type.isInterface() || type.isRecord()) {
                    continue;
                }
                try {
                    Method toBuilder = type.getMethod("toBuilder");
                    if (!Modifier.isStatic(toBuilder.getModifiers())) {
                        found.add(name);
                    }
                } catch (NoSuchMethodException notAConfig) {
                    // not built by a builder
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /**
     * Returns a default instance: {@code ofDefaults()}, else {@code builder().build()}, else the
     * module's own sample.
     *
     * @param type the configuration class
     * @param samples samples for classes without a no-argument factory, by class
     * @return an instance
     */
    public static Object sample(Class<?> type, Map<Class<?>, Supplier<?>> samples) {
        Supplier<?> given = samples.get(type);
        if (given != null) {
            return given.get();
        }
        try {
            return type.getMethod("ofDefaults").invoke(null);
        } catch (NoSuchMethodException e) {
            // try the builder
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        try {
            Object builder = type.getMethod("builder").invoke(null);
            return builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type.getName() + " has no ofDefaults() or builder(): give the test a sample", e);
        }
    }

    /**
     * Checks the contract on {@code config}; returns the violations (empty if none).
     *
     * @param config an instance
     * @param derived fields computed from others, which need not take part in {@code equals}
     * @return the violations, each naming the class and the field or method
     */
    public static List<String> violations(Object config, Set<String> derived) {
        Class<?> type = config.getClass();
        String name = type.getSimpleName();
        List<String> out = new ArrayList<>();
        for (String method : List.of("equals", "hashCode", "toString")) {
            boolean declared = false;
            for (Method m : type.getDeclaredMethods()) {
                declared |= m.getName().equals(method) && m.getParameterCount() == (method.equals("equals") ? 1 : 0);
            }
            if (!declared) {
                out.add(name + " does not declare " + method);
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        Object copy = copy(config);
        if (!config.equals(copy) || !copy.equals(config)) {
            out.add(name + ": toBuilder().build() is not equal to its original");
        } else if (config.hashCode() != copy.hashCode()) {
            out.add(name + ": equal copies have different hash codes");
        } else if (!config.toString().equals(copy.toString())) {
            out.add(name + ": equal copies have different toString");
        }
        if (config.equals(null) || config.equals(new Object())) {
            out.add(name + ": equals accepts null or another type");
        }
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic() || derived.contains(field.getName())) {
                continue;
            }
            Object changed = copy(config);
            try {
                field.setAccessible(true);
                if (!change(field, changed)) {
                    out.add(name + "." + field.getName() + ": the test cannot change a field of type "
                            + field.getType().getName());
                    continue;
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                out.add(name + "." + field.getName() + ": cannot be changed by reflection: " + e);
                continue;
            }
            if (config.equals(changed)) {
                out.add(name + "." + field.getName() + " does not take part in equals");
            }
        }
        return out;
    }

    /** Asserts {@link #violations} is empty for every class. */
    public static void assertAll(List<Object> configs, Map<Class<?>, Set<String>> derived) {
        List<String> all = new ArrayList<>();
        for (Object config : configs) {
            all.addAll(violations(config, derived.getOrDefault(config.getClass(), Set.of())));
        }
        assertThat(all).isEmpty();
    }

    private static Object copy(Object config) {
        try {
            Object builder = config.getClass().getMethod("toBuilder").invoke(config);
            Method build = builder.getClass().getMethod("build");
            build.setAccessible(true);
            return build.invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(config.getClass().getName() + ".toBuilder().build() failed", e);
        }
    }

    private static boolean change(Field field, Object target) throws IllegalAccessException {
        Class<?> t = field.getType();
        Object current = field.get(target);
        if (t == int.class) {
            field.setInt(target, field.getInt(target) + 1);
        } else if (t == long.class) {
            field.setLong(target, field.getLong(target) + 1);
        } else if (t == boolean.class) {
            field.setBoolean(target, !field.getBoolean(target));
        } else if (t == double.class) {
            double d = field.getDouble(target);
            field.setDouble(target, Double.isFinite(d) ? d + 0.5 : 0.5);
        } else if (t == float.class) {
            float f = field.getFloat(target);
            field.setFloat(target, Float.isFinite(f) ? f + 0.5f : 0.5f);
        } else if (t.isPrimitive()) {
            return false;
        } else if (current != null) {
            field.set(target, null);
        } else {
            Object other = nonNull(t);
            if (other == null) {
                return false;
            }
            field.set(target, other);
        }
        return true;
    }

    private static Object nonNull(Class<?> t) {
        if (t == String.class) {
            return "changed";
        } else if (t == Duration.class) {
            return Duration.ofNanos(12_345);
        } else if (t.isArray()) {
            return java.lang.reflect.Array.newInstance(t.getComponentType(), 1);
        } else if (t == List.class) {
            return List.of("changed");
        } else if (t == Set.class) {
            return Set.of("changed");
        } else if (t == Map.class) {
            return Map.of("changed", "changed");
        } else if (t.isAssignableFrom(RuntimeException.class)) {
            return new RuntimeException("changed");
        } else if (!t.isInterface()) {
            try {
                return t.getMethod("ofDefaults").invoke(null); // a nested configuration
            } catch (ReflectiveOperationException e) {
                return null;
            }
        } else if (t.isInterface()) {
            return Proxy.newProxyInstance(t.getClassLoader(), new Class<?>[] {t}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "toString":
                        return "changed " + t.getSimpleName();
                    default:
                        throw new UnsupportedOperationException(method.getName());
                }
            });
        }
        return null;
    }
}
