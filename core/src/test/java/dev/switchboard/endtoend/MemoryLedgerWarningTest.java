package dev.switchboard.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A facade whose payments can fail over but whose key ledger is in one process's memory says so
 * once, at start, naming the key that fixes it.
 */
class MemoryLedgerWarningTest {
  private static final String WARNING = "the key ledger is in this process's memory";

  @Test
  void paymentsThatCanFailOverOnAMemoryLedgerWarnOnceAtStart() {
    String logs;
    try (LogCapture capture = LogCapture.start();
        TwoVendors vendors = TwoVendors.builder().start()) {
      vendors.switchboard.payments().charge(TwoVendors.chargeRequest("order-1"));
      logs = capture.text();
    }

    assertThat(logs)
        .contains("WARN dev.switchboard.Switchboard - " + WARNING)
        .contains("switchboard.state.store")
        .contains("[backup]");
    assertThat(logs.split(WARNING, -1)).as("exactly one warning").hasSize(2);
  }

  @Test
  void aSingleProviderHasNothingToWarnAbout() {
    String logs;
    try (LogCapture capture = LogCapture.start();
        TwoVendors vendors = TwoVendors.builder().withoutBackup().start()) {
      logs = capture.text();
    }

    assertThat(logs).doesNotContain(WARNING);
  }
}
