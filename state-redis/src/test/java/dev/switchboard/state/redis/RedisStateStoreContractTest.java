package dev.switchboard.state.redis;

import dev.switchboard.state.StateStore;
import dev.switchboard.testkit.StateCapability;
import dev.switchboard.testkit.StateStoreContract;
import dev.switchboard.testkit.TestClock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against a real standalone Redis; every store makes its own client. */
class RedisStateStoreContractTest extends StateStoreContract {
  private static LocalRedis redis;

  @BeforeAll
  static void startRedis() {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Override
  protected StateStore openStore(
      TestClock clock, Duration ledgerRetention, Duration replayRetention) {
    return RedisStateStore.builder()
        .uri(redis.url())
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
