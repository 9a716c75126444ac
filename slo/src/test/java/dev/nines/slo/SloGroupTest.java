package dev.nines.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nines.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class SloGroupTest {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    final ManualTimeSource time = ManualTimeSource.at(T0);
    final Slo slo = Slo.builder("checkout")
            .objective(0.99)
            .window(SloWindow.rolling(Duration.ofDays(30)))
            .build();

    @Test
    void createsATrackerPerValueOnFirstUseAndReturnsItAfterwards() {
        SloGroup group = SloGroup.create(slo, "route", 10, time);

        SloTracker pay = group.tracker("/pay");
        pay.record(90, 10);
        group.tracker("/cart").recordGood();

        assertThat(group.tracker("/pay")).isSameAs(pay);
        assertThat(group.find("/pay")).containsSame(pay);
        assertThat(group.find("/unknown")).isEmpty();
        assertThat(group.members()).containsOnlyKeys("/pay", "/cart");
        assertThat(group.tracker("/pay").errorBudget().consumedRatio()).isCloseTo(10.0, within(1e-9));
        assertThat(group.tracker("/cart").status().counted()).isEqualTo(new SliCounts(1, 0));
        assertThat(pay.slo()).isSameAs(slo);
        assertThat(group.overflowedLookups()).isZero();
    }

    @Test
    void valuesPastTheBoundShareTheOverflowTrackerAndAreCounted() {
        SloGroup group = SloGroup.create(slo, "tenant", 2, time);
        List<String> announced = new ArrayList<>();
        group.onNewMember((value, tracker) -> announced.add(value));
        group.tracker("a").recordGood();
        group.tracker("b").recordGood();

        group.tracker("c").recordBad();
        group.tracker("d").record(5, 0);
        group.tracker("c").recordBad();
        group.tracker("a").recordGood();

        assertThat(group.members()).containsOnlyKeys("a", "b", SloGroup.OVERFLOW);
        assertThat(group.find(SloGroup.OVERFLOW))
                .get()
                .extracting(SloTracker::totalBad)
                .isEqualTo(2L);
        assertThat(group.tracker("d")).isSameAs(group.tracker("c"));
        assertThat(group.overflowedLookups()).isEqualTo(5);
        assertThat(group.tracker("a").totalGood()).isEqualTo(2);
        assertThat(announced).containsExactly("a", "b", SloGroup.OVERFLOW);
        assertThat(group.toString()).contains("2/2").contains("overflowing");
    }

    @Test
    void rejectsABadLabelABadBoundAndTheReservedValue() {
        assertThatThrownBy(() -> SloGroup.create(slo, "route-name", 10, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label")
                .hasMessageContaining("route-name");
        assertThatThrownBy(() -> SloGroup.create(slo, "__route", 10, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("__route");
        assertThatThrownBy(() -> SloGroup.create(slo, "slo", 10, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'slo'");
        assertThatThrownBy(() -> SloGroup.create(slo, "route", 0, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMembers")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> SloGroup.create(slo, "route", 100_001, time))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 100001");
        SloGroup group = SloGroup.create(slo, "route", 10, time);
        assertThatThrownBy(() -> group.tracker(SloGroup.OVERFLOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value")
                .hasMessageContaining("__other__");
        assertThatThrownBy(() -> group.tracker(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("value");
        assertThat(group.members()).isEmpty();
    }

    @RepeatedTest(20)
    void concurrentFirstUseCreatesOneTrackerPerValueWithinTheBoundAndLosesNoEvent() throws Exception {
        int threads = 4;
        int values = 200;
        int bound = 50;
        int rounds = 1_000;
        SloGroup group = SloGroup.create(slo, "route", bound, time);
        AtomicInteger announcements = new AtomicInteger();
        group.onNewMember((value, tracker) -> announcements.incrementAndGet());
        Map<String, Set<SloTracker>> seen = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t * 37;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    String value = "/r" + ((i + offset) % values);
                    SloTracker tracker = group.tracker(value);
                    tracker.recordGood();
                    seen.computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet())
                            .add(tracker);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        Map<String, SloTracker> members = group.members();
        assertThat(members).hasSize(bound + 1).containsKey(SloGroup.OVERFLOW);
        assertThat(announcements.get()).isEqualTo(bound + 1);
        assertThat(seen.values()).allSatisfy(trackers -> assertThat(trackers).hasSize(1));
        long total = members.values().stream().mapToLong(SloTracker::totalGood).sum();
        assertThat(total).isEqualTo((long) threads * rounds);
        long overflowEvents = members.get(SloGroup.OVERFLOW).totalGood();
        assertThat(group.overflowedLookups()).isEqualTo(overflowEvents);
    }

    @Property(tries = 200)
    void admitsTheFirstDistinctValuesUpToTheBoundAndRoutesTheRestToTheOverflow(
            @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 30) Integer> lookups,
            @ForAll @IntRange(min = 1, max = 12) int bound) {
        SloGroup group = SloGroup.create(slo, "route", bound, time);
        Set<String> admitted = new LinkedHashSet<>();
        Map<String, Long> expected = new HashMap<>();
        long overflowed = 0;
        for (int lookup : lookups) {
            String value = "v" + lookup;
            if (!admitted.contains(value) && admitted.size() < bound) {
                admitted.add(value);
            }
            String member = admitted.contains(value) ? value : SloGroup.OVERFLOW;
            if (member.equals(SloGroup.OVERFLOW)) {
                overflowed++;
            }
            expected.merge(member, 1L, Long::sum);
            group.tracker(value).recordBad();
        }

        Map<String, Long> actual = new HashMap<>();
        group.members().forEach((value, tracker) -> actual.put(value, tracker.totalBad()));
        assertThat(actual).isEqualTo(expected);
        assertThat(group.values()).containsExactlyInAnyOrderElementsOf(admitted);
        assertThat(group.overflowedLookups()).isEqualTo(overflowed);
    }
}
