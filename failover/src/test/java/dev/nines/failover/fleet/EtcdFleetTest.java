package dev.nines.failover.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The fleet fault scenarios on etcd: three replica JVMs with their lease and controller state in a
 * private etcd (stopped, paused and restarted by the store-fault scenarios), writing to a fenced
 * resource in the shared etcd.
 */
class EtcdFleetTest extends FleetFaultScenarios {

    @Override
    String engine() {
        return "etcd";
    }

    @Override
    String serverName() {
        return "etcd";
    }

    @Override
    void requireSharedServer() {
        TestServers.etcdEndpoints();
    }

    /** Every gRPC request message etcd received (unary calls and keep-alive stream messages). */
    @Override
    long storeOperations(TestServers.Private privateServer) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String metrics = http.send(
                        HttpRequest.newBuilder(
                                        URI.create(privateServer.variable("NINES_TEST_ETCD_ENDPOINTS") + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("grpc_server_msg_received_total{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) total;
    }

    /** A transaction that checks the tenure, and a keep-alive. */
    @Override
    int operationsPerRenew() {
        return 2;
    }

    /** One read of the lease key. */
    @Override
    int operationsPerFollowerAttempt() {
        return 1;
    }

    @Override
    String resourceSpec(String tag) {
        return "etcd|" + TestServers.etcdEndpoints() + "|/nines-fleet/" + tag + "/resource";
    }

    @Override
    String storeSpec(TestServers.Private privateServer, String tag) {
        return Stores.etcd(privateServer.variable("NINES_TEST_ETCD_ENDPOINTS"), "/nines-fleet/" + tag);
    }
}
