package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FailoverTimelineTest {
  @Test
  void tellsTheOutageTheSwitchToPayPalTheRecoveryAndOneChargePerOrder() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FailoverTimeline(new PrintStream(out, true, StandardCharsets.UTF_8)).run();
    String printed = out.toString(StandardCharsets.UTF_8);

    assertThat(printed)
        .contains("charge order-01 10.01 EUR -> SUCCEEDED at stripe")
        .contains("receipt receipts/order-01.txt stored")
        .contains("mailed via sendgrid")
        .contains("stripe breaker CLOSED -> OPEN")
        .contains("charge order-04 outcome unknown at stripe")
        .contains("switched charge from stripe to paypal")
        .contains("charge order-09 10.09 EUR -> SUCCEEDED at paypal")
        .contains("stripe breaker OPEN -> HALF_OPEN")
        .containsPattern(
            "stripe recovered: traffic is back on it \\([1-9]\\d* calls served elsewhere")
        .contains("charge order-14 10.14 EUR -> SUCCEEDED at paypal")
        .contains("charge order-04 10.04 EUR -> SUCCEEDED at stripe")
        .contains("made one charge (the retry was replayed)")
        .contains("switched send from sendgrid to mailgun (RateLimitedException)")
        .contains("mailed via mailgun")
        .contains("s3       17 receipts in bucket receipts")
        .contains("Metrics summary")
        .contains("payments stripe   breaker=CLOSED")
        .containsPattern("state +jdbc +up=true keys claimed=\\d+ repeats=[1-9]");
    assertThat(printed.indexOf("stripe recovered"))
        .as("recovery comes after the outage")
        .isGreaterThan(printed.indexOf("switched charge from stripe to paypal"));
    assertThat(printed)
        .as("the calls stripe's open breaker refused are counted as refused")
        .containsPattern("stripe +charge +refused\\(breaker_open\\) +calls=[1-9]")
        .doesNotContainPattern("stripe +charge +ProviderUnavailableException +calls=")
        .contains("switched charge from stripe to paypal (refused(breaker_open))");
    assertThat(printed.split("switched charge from stripe", -1))
        .as("one switch for stripe's outage, not one per call")
        .hasSize(2);
    assertThat(printed).doesNotContain(" failed: ");
  }
}
