package dev.switchboard.state.jdbc;

import dev.switchboard.state.Claim;
import dev.switchboard.state.StateStore;
import java.util.concurrent.CountDownLatch;

/**
 * An application process for {@link LedgerSurvivesAKilledProcessTest}: it claims one key in the
 * ledger at {@code args[0]}, says so (the moment a payment would go to the vendor), and waits to be
 * killed.
 */
public final class LedgerProcess {
  private LedgerProcess() {}

  public static void main(String[] args) throws InterruptedException {
    StateStore store = JdbcStateStore.builder().url(args[0]).build();
    Claim claim = store.ledger().claim("payments", "order-7", "stripe", "order-7", "fp-7");
    System.out.println("CLAIMED " + claim.won());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
