package dev.nines.core.micrometer;

import dev.nines.core.event.EventListeners;
import dev.nines.core.internal.MeterBindings;
import dev.nines.core.policy.Reconfigurable;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The instances a binder covers: a fixed list, or a registry's present and future entries (so
 * that instances created on first use, after binding, get their meters too).
 */
final class Instances<T> {

    private final Supplier<List<T>> present;
    private final @Nullable Function<Consumer<T>, EventListeners.Registration> follow;

    private Instances(Supplier<List<T>> present, @Nullable Function<Consumer<T>, EventListeners.Registration> follow) {
        this.present = present;
        this.follow = follow;
    }

    static <T> Instances<T> of(List<T> fixed) {
        List<T> copy = List.copyOf(fixed);
        return new Instances<>(() -> copy, null);
    }

    static <T> Instances<T> following(
            Supplier<List<T>> present, Function<Consumer<T>, EventListeners.Registration> follow) {
        return new Instances<>(Objects.requireNonNull(present, "present"), Objects.requireNonNull(follow, "follow"));
    }

    /**
     * Registers {@code nines.<prefix>.configuration.changes}: the reconfigurations applied to
     * {@code policy} since its creation (see {@link Reconfigurable}).
     */
    static void configurationChanges(MeterRegistry registry, String prefix, String name, Reconfigurable<?> policy) {
        FunctionCounter.builder(
                        "nines." + prefix + ".configuration.changes", policy, Reconfigurable::configurationChanges)
                .description("Configuration changes applied while running")
                .tag("name", name)
                .register(registry);
    }

    /**
     * Binds every instance now and, for a registry, every instance it creates later, while {@code
     * registry} stays bound in {@code bindings}; the subscription to later instances is closed when
     * it is unbound. Subscribing first and listing second can bind an instance twice, which
     * Micrometer treats as one meter.
     */
    void forEach(MeterBindings bindings, MeterRegistry registry, Consumer<T> bind) {
        if (follow != null) {
            bindings.subscribe(
                    registry, follow.apply(instance -> bindings.whileBound(registry, () -> bind.accept(instance))));
        }
        for (T instance : present.get()) {
            bindings.whileBound(registry, () -> bind.accept(instance));
        }
    }
}
