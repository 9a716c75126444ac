package dev.nines.failover.fleet;

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

    @Override
    String resourceSpec(String tag) {
        return "etcd|" + TestServers.etcdEndpoints() + "|/nines-fleet/" + tag + "/resource";
    }

    @Override
    String storeSpec(TestServers.Private privateServer, String tag) {
        return Stores.etcd(privateServer.variable("NINES_TEST_ETCD_ENDPOINTS"), "/nines-fleet/" + tag);
    }
}
