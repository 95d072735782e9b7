package dev.switchboard.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.internal.Futures;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.state.StateEvent;
import dev.switchboard.testkit.FakePaymentGateway;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JDBC ledger blocks the thread that calls it, so the non-blocking API makes its claims on the
 * store threads, never on the caller's; the blocking API keeps using the caller's.
 */
class NonBlockingLedgerThreadsTest {
  @TempDir Path directory;

  @Test
  void asyncChargesClaimOnTheStoreThreadsAndBlockingOnesOnTheCallers() {
    SwitchboardConfig config =
        SwitchboardConfig.builder()
            .put("switchboard.state.store", "jdbc")
            .put(
                "switchboard.state.jdbc.url",
                "jdbc:h2:file:" + directory.resolve("ledger").toAbsolutePath())
            .put("switchboard.state.jdbc.username", "sa")
            .put("switchboard.state.jdbc.password", "${env:FAKE_STATE_DB_PASSWORD}")
            .put("switchboard.payments.providers", "fake")
            .environment(java.util.Map.of("FAKE_STATE_DB_PASSWORD", "fake-password"))
            .build();
    List<String> claimedOn = new CopyOnWriteArrayList<>();
    try (Switchboard switchboard = Switchboard.fromConfig(config)) {
      switchboard.addStateListener(
          event -> {
            if (event instanceof StateEvent.KeyClaimed) {
              claimedOn.add(Thread.currentThread().getName());
            }
          });

      assertThat(Futures.join(switchboard.async().payments().charge(charge("async-1"))).status())
          .isEqualTo(PaymentStatus.SUCCEEDED);
      assertThat(switchboard.payments().charge(charge("blocking-1")).status())
          .isEqualTo(PaymentStatus.SUCCEEDED);
    }

    assertThat(claimedOn).hasSize(2);
    assertThat(claimedOn.get(0)).startsWith("switchboard-store-");
    assertThat(claimedOn.get(1)).isEqualTo(Thread.currentThread().getName());
  }

  private static ChargeRequest charge(String key) {
    return ChargeRequest.builder()
        .amount(Money.of("12.34", "EUR"))
        .source(PaymentSource.token("fake", FakePaymentGateway.TOKEN_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }
}
