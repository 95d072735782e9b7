package dev.switchboard.state.redis;

import dev.switchboard.state.StateStore;
import dev.switchboard.testkit.StateCapability;
import dev.switchboard.testkit.StateStoreContract;
import dev.switchboard.testkit.TestClock;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
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
            .ephemeral()
            .shard("a", 0)
            .shard("b", 0)
            .shard("c", 0)
            .initializationTimeout(Duration.ofSeconds(30))
            .build();
    cluster.start();
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
