package dev.switchboard.state.redis;

import dev.switchboard.state.StateStore;
import dev.switchboard.testkit.StateCapability;
import dev.switchboard.testkit.StateStoreContract;
import dev.switchboard.testkit.TestClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.embedded.RedisShardedCluster;

/**
 * The store contract against a real three-node Redis Cluster, slots split evenly: Redis refuses an
 * operation whose keys lie in more than one slot (CROSSSLOT), so passing here shows each operation
 * stays in one.
 */
class RedisClusterStateStoreContractTest extends StateStoreContract {
  private static RedisShardedCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster =
        RedisShardedCluster.newRedisCluster()
            .serverPorts(portsWithFreeBusPorts(3))
            .shard("a", 0)
            .shard("b", 0)
            .shard("c", 0)
            .initializationTimeout(Duration.ofSeconds(30))
            .build();
    cluster.start();
    for (int port : cluster.serverPorts()) {
      // embedded-redis sets 5 s. A node that misses pings that long on a starved 2-core machine is
      // marked failed, and with no replicas every node then answers CLUSTERDOWN.
      String answer = onNode(port, redis -> redis.configSet("cluster-node-timeout", "60000"));
      if (!"OK".equals(answer)) {
        throw new IllegalStateException("CONFIG SET on node " + port + " answered " + answer);
      }
    }
    awaitEveryNodeReady();
  }

  /**
   * Ports whose cluster bus port (the port + 10000) is free too, both below Linux's ephemeral range
   * (32768 and up): embedded-redis's own ephemeral ports only check the port itself, and a bus port
   * taken by some client connection made a node fail to start.
   */
  private static List<Integer> portsWithFreeBusPorts(int count) {
    List<Integer> ports = new ArrayList<>();
    int start = 20_000 + ThreadLocalRandom.current().nextInt(2_000);
    for (int port = start; port < 22_700 && ports.size() < count; port++) {
      if (free(port) && free(port + 10_000)) {
        ports.add(port);
      }
    }
    if (ports.size() < count) {
      throw new IllegalStateException("no " + count + " free port pairs from " + start);
    }
    return ports;
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * embedded-redis returns from {@code start()} once one key's node answers; the other nodes may
   * still say CLUSTERDOWN until gossip has told them every slot is served. Waits, up to 30 s, until
   * every node reports {@code cluster_state:ok} with all 16384 slots and all three nodes known.
   */
  private static void awaitEveryNodeReady() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<Integer> ports = cluster.serverPorts();
    String last = "";
    while (System.nanoTime() < deadline) {
      boolean allReady = true;
      for (int port : ports) {
        last = port + ": " + onNode(port, RedisCommands::clusterInfo);
        if (!(last.contains("cluster_state:ok")
            && last.contains("cluster_slots_ok:16384")
            && last.contains("cluster_known_nodes:" + ports.size()))) {
          allReady = false;
          break;
        }
      }
      if (allReady) {
        return;
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new IllegalStateException(
        "Redis Cluster not ready within 30 s; last CLUSTER INFO " + last);
  }

  private static String onNode(int port, Function<RedisCommands<String, String>, String> work) {
    RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return work.apply(connection.sync());
    } catch (RuntimeException e) {
      return e.toString();
    } finally {
      client.shutdown();
    }
  }

  @AfterAll
  static void stopCluster() throws IOException {
    cluster.stop();
  }

  @Override
  protected StateStore openStore(
      TestClock clock, Duration ledgerRetention, Duration replayRetention) {
    return RedisStateStore.builder()
        .uri("redis://127.0.0.1:" + cluster.getPort())
        .cluster(true)
        .clock(clock)
        .ledgerRetention(ledgerRetention)
        .replayRetention(replayRetention)
        .build();
  }

  @Override
  protected Set<StateCapability> capabilities() {
    return EnumSet.of(StateCapability.SHARED);
  }
}
