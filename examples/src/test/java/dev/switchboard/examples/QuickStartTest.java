package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void runsEveryStepAndChargesTheRetriedOrderOnce() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      QuickStart.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);

    assertThat(printed)
        .contains("SUCCEEDED, captured 12.34 EUR")
        .contains("AUTHORIZED, captured 0.00 EUR")
        .contains("SUCCEEDED, captured 30.00 EUR")
        .contains("declined, INSUFFICIENT_FUNDS")
        .contains("outcome unknown, key order-1004-charge")
        .contains("7.50 EUR charged 1x")
        .contains("accepted as ");
  }
}
