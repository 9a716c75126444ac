package dev.nines.slo.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nines.core.time.ManualTimeSource;
import dev.nines.slo.SliCounts;
import dev.nines.slo.Slo;
import dev.nines.slo.SloSnapshot;
import dev.nines.slo.SloTracker;
import dev.nines.slo.snapshot.FleetReport.ReplicaStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetViewTest {

    static final Slo SLO = Slo.builder("checkout").objective(0.999).build();
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    final ManualTimeSource time = ManualTimeSource.at(T0);

    /** Any byte store works: this one is a map. */
    static final class MapExchange implements SnapshotExchange {
        final Map<String, byte[]> bytes = new ConcurrentHashMap<>();

        @Override
        public void publish(String replicaId, byte[] snapshot) {
            bytes.put(PublishedSnapshot.checkReplicaId(replicaId), snapshot.clone());
        }

        @Override
        public List<PublishedSnapshot> latest() {
            List<PublishedSnapshot> out = new ArrayList<>();
            bytes.forEach((id, b) -> out.add(PublishedSnapshot.of(id, b.clone())));
            return out;
        }
    }

    SloTracker replica(long good, long bad) {
        SloTracker tracker = SloTracker.create(SLO, time);
        tracker.record(good, bad);
        return tracker;
    }

    @Test
    void mergesEveryReplicaMarksTheStaleOneAndNamesTheCorruptOneWhileMergingTheRest() throws IOException {
        DirectorySnapshotExchange exchange = DirectorySnapshotExchange.of(dir);
        FleetView fleet = FleetView.of(SLO, exchange, time, Duration.ofMinutes(3));
        SloTracker stale = replica(40, 4);
        fleet.publish("pod-c", stale); // then pod-c stops publishing
        SloSnapshot staleSnapshot = stale.snapshot();
        time.advance(Duration.ofMinutes(10));
        SloTracker a = replica(100, 1);
        SloTracker b = replica(50, 9);
        SloTracker corrupt = replica(7, 7);
        fleet.publish("pod-a", a);
        fleet.publish("pod-b", b);
        fleet.publish("pod-d", corrupt);
        SloSnapshot expected = SloSnapshot.mergeAll(List.of(a.snapshot(), b.snapshot(), staleSnapshot));
        byte[] bytes = Files.readAllBytes(exchange.fileOf("pod-d"));
        bytes[bytes.length / 2] ^= 0x20;
        Files.write(exchange.fileOf("pod-d"), bytes);
        time.advance(Duration.ofMinutes(1));

        FleetReport report = fleet.report();

        assertThat(report.asOf()).isEqualTo(time.now());
        assertThat(report.replicaIds(ReplicaStatus.FRESH)).containsExactly("pod-a", "pod-b");
        assertThat(report.replicaIds(ReplicaStatus.STALE)).containsExactly("pod-c");
        assertThat(report.replicaIds(ReplicaStatus.REJECTED)).containsExactly("pod-d");
        assertThat(report.isComplete()).isFalse();
        FleetReport.Replica podC = report.replicas().get(2);
        assertThat(podC.age()).contains(Duration.ofMinutes(11));
        assertThat(podC.takenAt()).contains(T0);
        assertThat(report.replicas().get(3).problem().orElseThrow())
                .isEqualTo("replica 'pod-d': snapshot checksum mismatch: corrupt or truncated");
        SloSnapshot merged = report.merged().orElseThrow();
        assertThat(merged).isEqualTo(expected);
        SloTracker view = SloTracker.restore(SLO, time, merged);
        assertThat(view.status().counted()).isEqualTo(new SliCounts(190, 14));
    }

    @Test
    void everyKindOfBadSnapshotIsRejectedNamingTheReplicaAndTheOthersAreStillMerged() throws IOException {
        DirectorySnapshotExchange exchange = DirectorySnapshotExchange.of(dir);
        FleetView fleet = FleetView.of(SLO, exchange, time, Duration.ofMinutes(3));
        SloTracker good = replica(10, 1);
        fleet.publish("good", good);
        byte[] valid = replica(5, 5).snapshot().toBytes();
        Files.write(exchange.fileOf("truncated"), Arrays.copyOf(valid, valid.length - 3));
        Files.write(exchange.fileOf("empty"), new byte[0]);
        Files.writeString(exchange.fileOf("garbage"), "not a snapshot at all");
        Files.write(
                exchange.fileOf("other-slo"),
                SloTracker.create(Slo.builder("search").objective(0.99).build(), time)
                        .snapshot()
                        .toBytes());
        Files.createDirectory(exchange.fileOf("a-directory"));
        Files.writeString(dir.resolve("notes.txt"), "ignored: not a snapshot file");
        Files.writeString(dir.resolve(".hidden.slosnap"), "ignored: not a replica id");

        FleetReport report = fleet.report();

        assertThat(report.replicaIds(ReplicaStatus.FRESH)).containsExactly("good");
        assertThat(report.replicaIds(ReplicaStatus.REJECTED))
                .containsExactly("a-directory", "empty", "garbage", "other-slo", "truncated");
        assertThat(report.replicas())
                .filteredOn(r -> r.status() == ReplicaStatus.REJECTED)
                .allSatisfy(r -> assertThat(r.problem().orElseThrow()).startsWith("replica '" + r.replicaId() + "': "));
        assertThat(problem(report, "other-slo")).contains("snapshot belongs to SLO 'search', not 'checkout'");
        assertThat(problem(report, "a-directory")).contains("cannot read " + exchange.fileOf("a-directory"));
        assertThat(problem(report, "garbage")).contains("bad magic number");
        assertThat(report.merged()).contains(good.snapshot());
    }

    static String problem(FleetReport report, String replicaId) {
        return report.replicas().stream()
                .filter(r -> r.replicaId().equals(replicaId))
                .findFirst()
                .orElseThrow()
                .problem()
                .orElseThrow();
    }

    @Test
    void aReplicaIsStaleOnlyOnceItsSnapshotIsOlderThanTheConfiguredAge() throws IOException {
        FleetView fleet = FleetView.of(SLO, new MapExchange(), time, Duration.ofMinutes(2));
        fleet.publish("a", replica(1, 0)); // taken at T0 exactly (a bucket boundary)

        time.advance(Duration.ofMinutes(2));
        FleetReport atTheLimit = fleet.report();
        time.advance(Duration.ofMillis(1));
        FleetReport pastIt = fleet.report();

        assertThat(atTheLimit.replicaIds(ReplicaStatus.FRESH)).containsExactly("a");
        assertThat(atTheLimit.isComplete()).isTrue();
        assertThat(pastIt.replicaIds(ReplicaStatus.STALE)).containsExactly("a");
        assertThat(pastIt.merged()).isPresent();
    }

    @Test
    void aPublishReplacesTheReplicasPreviousSnapshotAndAnEmptyExchangeMergesNothing() throws IOException {
        DirectorySnapshotExchange exchange = DirectorySnapshotExchange.of(dir);
        FleetView fleet = FleetView.of(SLO, exchange, time, Duration.ofMinutes(2));
        assertThat(fleet.report().merged()).isEmpty();
        assertThat(fleet.report().replicas()).isEmpty();
        SloTracker a = replica(3, 0);
        fleet.publish("a", a);
        a.record(4, 1);
        fleet.publish("a", a);

        FleetReport report = fleet.report();

        assertThat(report.merged()).contains(a.snapshot());
        assertThat(report.replicas()).hasSize(1);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.slosnap"); // no temporaries
        }
    }

    @Test
    void badArgumentsAreNamed() throws IOException {
        FleetView fleet = FleetView.of(SLO, new MapExchange(), time, Duration.ofMinutes(2));
        SloTracker search =
                SloTracker.create(Slo.builder("search").objective(0.99).build(), time);

        for (String id : List.of("", "../etc", "a/b", ".hidden", "x".repeat(129), "a b")) {
            assertThatThrownBy(() -> fleet.publish(id, replica(1, 0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("replicaId must be 1 to 128 characters")
                    .hasMessageContaining("'" + id + "'");
        }
        assertThatThrownBy(() -> fleet.publish("a", search))
                .hasMessage("tracker must track SLO 'checkout', was 'search'");
        assertThatThrownBy(() -> FleetView.of(SLO, new MapExchange(), time, Duration.ZERO))
                .hasMessage("staleAfter must be positive, was PT0S");
        DirectorySnapshotExchange missing = DirectorySnapshotExchange.of(dir.resolve("missing"));
        assertThatThrownBy(() -> missing.publish("a", new byte[] {1}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("missing").toString());
        assertThatThrownBy(missing::latest).isInstanceOf(IOException.class);
        fleet.publish("pod-1.eu_west-2", replica(1, 0));
        assertThat(fleet.report().replicaIds(ReplicaStatus.FRESH)).containsExactly("pod-1.eu_west-2");
    }

    @Property(tries = 50)
    void theReportMergesExactlyTheReadableReplicasWhateverIsCorrupted(
            @ForAll @IntRange(min = 1, max = 6) int replicas, @ForAll long corruptMask) throws IOException {
        MapExchange exchange = new MapExchange();
        FleetView fleet = FleetView.of(SLO, exchange, time, Duration.ofMinutes(5));
        List<SloSnapshot> readable = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            SloTracker tracker = replica(10L * (i + 1), i);
            fleet.publish("r" + i, tracker);
            if ((corruptMask >>> i & 1) == 1) {
                byte[] b = exchange.bytes.get("r" + i);
                b[(int) Math.floorMod(corruptMask, (long) b.length)] ^= 0x01;
            } else {
                readable.add(tracker.snapshot());
            }
        }

        FleetReport report = fleet.report();

        assertThat(report.replicaIds(ReplicaStatus.REJECTED)).hasSize(replicas - readable.size());
        assertThat(report.merged())
                .isEqualTo(
                        readable.isEmpty()
                                ? java.util.Optional.empty()
                                : java.util.Optional.of(SloSnapshot.mergeAll(readable)));
    }
}
