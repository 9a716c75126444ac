package dev.nines.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.event.EventListeners;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RegistryTest {

    /** The smallest registry: its common methods are all the base's. */
    static final class Things extends Registry<String, Thing, String, Things> {
        Things(String source, String defaultConfig, Factory<String, Thing, String> factory) {
            super(source, defaultConfig, factory);
        }

        @Override
        protected Things self() {
            return this;
        }
    }

    /** An instance as a factory made it: what it was given, so tests can check the wiring. */
    record Thing(String name, String config, EventListeners<String> registryListeners) {
        void fire(String event) {
            registryListeners.publish(name + ":" + event);
        }
    }

    private final AtomicInteger created = new AtomicInteger();
    private final Things things = new Things("thing registry", "default", (name, config, listeners) -> {
        created.incrementAndGet();
        return new Thing(name, config, listeners);
    });

    @Test
    void createsAnInstanceOnFirstUseWithTheDefaultConfigAndReturnsTheSameOneAfterwards() {
        Thing first = things.get("payments");
        assertThat(first.name()).isEqualTo("payments");
        assertThat(first.config()).isEqualTo("default");
        assertThat(things.get("payments")).isSameAs(first);
        assertThat(created).hasValue(1);
        assertThat(things.defaultConfig()).isEqualTo("default");
        assertThat(things.all()).containsExactly(first);
        assertThat(things.size()).isEqualTo(1);
        assertThat(things.find("payments")).containsSame(first);
        assertThat(things.find("search")).isEmpty();
    }

    @Test
    void createsWithANamedOrAGivenConfigAndAnExistingInstanceKeepsItsOwn() {
        things.addConfiguration("strict", "strict config");
        assertThat(things.configuration("strict")).contains("strict config");
        assertThat(things.configuration("lenient")).isEmpty();
        assertThat(things.configurationNames()).containsExactly("strict");

        assertThat(things.getWithConfigName("a", "strict").config()).isEqualTo("strict config");
        assertThat(things.get("b", "custom").config()).isEqualTo("custom");
        assertThat(things.getWithConfigName("b", "strict").config()).isEqualTo("custom");
        assertThat(things.get("a").config()).isEqualTo("strict config");

        things.addConfiguration("strict", "replaced");
        assertThat(things.getWithConfigName("a", "strict").config()).isEqualTo("strict config");
        assertThat(things.getWithConfigName("c", "strict").config()).isEqualTo("replaced");
        assertThat(created).hasValue(3);
    }

    @Test
    void addConfigurationReturnsTheRegistryForChaining() {
        assertThat(things.addConfiguration("a", "a config").addConfiguration("b", "b config"))
                .isSameAs(things);
        assertThat(things.configurationNames()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void configurationNamesIsALiveReadOnlyView() {
        Set<String> names = things.configurationNames();
        things.addConfiguration("x", "x config");
        assertThat(names).containsExactly("x");
        assertThatThrownBy(() -> names.remove("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsBlankNamesAndNullsWithTheRegistriesMessages() {
        assertThatThrownBy(() -> things.get(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(() -> things.get(" ", "some config"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \" \"");
        assertThatThrownBy(() -> things.addConfiguration(" ", "c"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must not be blank, was \" \"");
        assertThatThrownBy(() -> things.addConfiguration("c", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("config");
        assertThatThrownBy(() -> things.get(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> things.getWithConfigName("a", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("configName");
        assertThatThrownBy(() -> things.configuration(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("configName");
        assertThatThrownBy(() -> things.find(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThatThrownBy(() -> new Things("r", null, this::make))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("defaultConfig");
        assertThatThrownBy(() -> new Things("r", "d", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("factory");
        assertThatThrownBy(() -> new Things(null, "d", this::make))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("source");
        assertThat(things.all()).isEmpty();
        assertThat(created).hasValue(0);
    }

    @Test
    void anUnknownConfigurationNameIsRejectedNamingTheKnownOnesInOrder() {
        assertThatThrownBy(() -> things.getWithConfigName("a", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("configName must name a configuration added to the registry, was \"missing\" (known: [])");

        things.addConfiguration("strict", "s");
        things.addConfiguration("lenient", "l");
        assertThatThrownBy(() -> things.getWithConfigName("a", "missing"))
                .hasMessage(
                        "configName must name a configuration added to the registry, was \"missing\" (known: [lenient, strict])");
        assertThat(things.find("a")).isEmpty();
    }

    @Test
    void checksTheConfigNameBeforeTheInstanceName() {
        assertThatThrownBy(() -> things.getWithConfigName("", "missing"))
                .hasMessage("configName must name a configuration added to the registry, was \"missing\" (known: [])");
    }

    @Test
    void handsTheRegistryListenersToEveryInstancePresentAndFuture() {
        List<String> seen = new ArrayList<>();
        Thing early = things.get("early");
        EventListeners.Registration registration = things.onEvent(seen::add);
        Thing late = things.get("late");
        assertThat(late.registryListeners()).isSameAs(early.registryListeners());

        early.fire("opened");
        late.fire("closed");
        assertThat(seen).containsExactly("early:opened", "late:closed");

        registration.close();
        early.fire("again");
        assertThat(seen).hasSize(2);
    }

    @Test
    void tellsEntryListenersOfEachNewInstanceOnceAfterItIsStored() {
        List<String> added = new ArrayList<>();
        things.get("before");
        things.onEntryAdded(thing -> {
            assertThat(things.find(thing.name())).containsSame(thing);
            added.add(thing.name());
        });
        things.get("x");
        things.get("x");
        things.get("y", "custom");
        assertThat(added).containsExactly("x", "y");
    }

    @Test
    void manyThreadsAskingForTheSameNameGetOneInstanceCreatedOnce() throws Exception {
        int threads = 16;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        // Every thread counts down just before its first request; the factory for "shared" waits
        // for all of them, so every thread asks while the first creation is still in progress.
        CountDownLatch allAsking = new CountDownLatch(threads);
        AtomicInteger sharedCreations = new AtomicInteger();
        AtomicInteger entriesAdded = new AtomicInteger();
        Things registry = new Things("r", "d", (name, config, listeners) -> {
            if (name.equals("shared")) {
                sharedCreations.incrementAndGet();
                awaitUninterruptibly(allAsking);
            }
            created.incrementAndGet();
            return new Thing(name, config, listeners);
        });
        registry.onEntryAdded(thing -> entriesAdded.incrementAndGet());
        ConcurrentLinkedQueue<Thing> got = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String config = "config " + t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    allAsking.countDown();
                    for (int i = 0; i < 1_000; i++) {
                        got.add(registry.get("shared", config));
                        registry.get("other " + (i % 10));
                    }
                    return null;
                }));
            }
            ready.await();
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Thing shared = registry.find("shared").orElseThrow();
        assertThat(got)
                .hasSize(threads * 1_000)
                .allSatisfy(thing -> assertThat(thing).isSameAs(shared));
        assertThat(sharedCreations).hasValue(1);
        assertThat(registry.all()).hasSize(11);
        assertThat(created).hasValue(11);
        assertThat(entriesAdded).hasValue(11);
    }

    @Property(tries = 200)
    void createsExactlyOneInstancePerDistinctName(
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 9) Integer> requests) {
        AtomicInteger calls = new AtomicInteger();
        Things registry = new Things("r", "d", (name, config, listeners) -> {
            calls.incrementAndGet();
            return new Thing(name, config, listeners);
        });
        Map<String, Thing> firstSeen = new HashMap<>();
        for (int request : requests) {
            String name = "n" + request;
            Thing thing = registry.get(name);
            assertThat(firstSeen.computeIfAbsent(name, n -> thing)).isSameAs(thing);
        }
        assertThat(calls).hasValue(firstSeen.size());
        assertThat(registry.all()).containsExactlyInAnyOrderElementsOf(firstSeen.values());
        assertThat(registry.size()).isEqualTo(firstSeen.size());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every thread asked within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Thing make(String name, String config, EventListeners<String> listeners) {
        return new Thing(name, config, listeners);
    }
}
