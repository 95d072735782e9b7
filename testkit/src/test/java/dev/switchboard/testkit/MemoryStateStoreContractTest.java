package dev.switchboard.testkit;

import dev.switchboard.state.StateStore;
import java.time.Duration;

/** The default in-memory store passes the store contract; it declares no sharing. */
class MemoryStateStoreContractTest extends StateStoreContract {
  @Override
  protected StateStore openStore(
      TestClock clock, Duration ledgerRetention, Duration replayRetention) {
    return StateStore.inMemory(clock, ledgerRetention, replayRetention);
  }
}
