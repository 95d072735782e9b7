package dev.switchboard.examples;

import dev.switchboard.state.StateStore;
import dev.switchboard.testkit.TestClock;
import java.time.Duration;

/**
 * The shared-ledger scenarios with both instances on one in-memory store object: what a shared
 * store must achieve, shown without a server.
 */
class SharedLedgerInMemoryTest extends SharedLedgerContract {
  private StateStore store;

  @Override
  protected StateStore openStore(TestClock clock) {
    if (store == null) {
      store = StateStore.inMemory(clock, Duration.ofDays(7), Duration.ofDays(7));
    }
    return store;
  }
}
