package dev.nines.examples.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ReplicatedControllerExampleTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void withNothingInstalledAnotherReplicaResumesTheRecordAndTheFrozenLeadersWriteIsRejected() throws Exception {
        ReplicatedControllerExample.Report report = ReplicatedControllerExample.run("", "orders-db", out);

        assertStory(report);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("Store: in-memory lease store")
                .contains("resumes orders-db: primary db-2, epoch 1, fenced [db-1]")
                .contains("is no longer the leader")
                .contains("rejected by the fence");
    }

    @Test
    void onEtcdTheSecondLeaderResumesTheStoredRecord() throws Exception {
        String endpoints = System.getenv("NINES_TEST_ETCD_ENDPOINTS");
        if (endpoints == null || endpoints.isBlank()) {
            String note = "NINES_TEST_ETCD_ENDPOINTS is not set: start etcd with '.ci/servers.sh start DIR etcd'";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(note);
            }
            Assumptions.abort(note);
        }

        ReplicatedControllerExample.Report report =
                ReplicatedControllerExample.run(endpoints, "example-" + UUID.randomUUID(), out);

        assertStory(report);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Store: etcd at " + endpoints);
    }

    @Test
    void onPostgresTheSecondLeaderResumesTheStoredRecord() throws Exception {
        String url = System.getenv("NINES_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            String note =
                    "NINES_TEST_POSTGRES_URL is not set: start PostgreSQL with '.ci/servers.sh start DIR postgres'";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(note);
            }
            Assumptions.abort(note);
        }

        ReplicatedControllerExample.Report report =
                ReplicatedControllerExample.run(url, "example-" + UUID.randomUUID(), out);

        assertStory(report);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Store: PostgreSQL at");
    }

    @Test
    void anUnknownStoreArgumentNamesTheValue() {
        assertThatThrownBy(() -> ReplicatedControllerExample.run("redis://x", "g", out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://x");
    }

    private static void assertStory(ReplicatedControllerExample.Report report) {
        assertThat(report.secondLeader()).isNotEqualTo(report.firstLeader());
        assertThat(report.epochs()).isEqualTo(List.of(0L, 1L, 2L));
        assertThat(report.fencedAfterTakeover()).containsExactly("db-1");
        assertThat(report.finalPrimary()).isEqualTo("db-3");
        assertThat(report.frozenLeaderKnewItLost()).isTrue();
        assertThat(report.lateWriteRejected()).isTrue();
    }
}
