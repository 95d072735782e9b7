package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FailoverTimelineTest {
  @Test
  void tellsTheOutageSwitchRecoveryAndOneChargeForTheLostAnswer() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FailoverTimeline(new PrintStream(out, true, StandardCharsets.UTF_8)).run();
    String printed = out.toString(StandardCharsets.UTF_8);

    assertThat(printed)
        .contains("charge order-01 10.01 EUR -> SUCCEEDED at primary")
        .contains("primary breaker CLOSED -> OPEN")
        .contains("switched charge from primary to backup")
        .contains("charge order-05 10.05 EUR -> SUCCEEDED at backup")
        .contains("primary breaker OPEN -> HALF_OPEN")
        .contains("primary recovered: traffic is back on it")
        .contains("charge order-14 10.14 EUR -> SUCCEEDED at primary")
        .contains("order-15 was charged 1 time(s) in all")
        .contains("Metrics summary")
        .contains("payments primary  breaker=CLOSED");
    assertThat(printed.indexOf("primary recovered"))
        .as("recovery comes after the outage")
        .isGreaterThan(printed.indexOf("switched charge from primary to backup"));
  }
}
