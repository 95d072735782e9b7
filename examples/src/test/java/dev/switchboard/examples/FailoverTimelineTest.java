package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the main example once and reads its story. */
class FailoverTimelineTest {
  private static String printed;

  @BeforeAll
  static void tellTheStory() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FailoverTimeline(new PrintStream(out, true, StandardCharsets.UTF_8)).run();
    printed = out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void tellsTheOutageTheSwitchToPayPalTheRecoveryAndOneChargePerOrder() {
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

  @Test
  void theOrderWhoseOutcomeWasUnknownWaitsInTheDeferredQueueAndIsChargedOnceAtStripe() {
    assertThat(printed)
        .contains("charge order-04 outcome unknown at stripe")
        .contains("handed to the deferred queue")
        .containsPattern("deferred order-04: QUEUED as call \\S+ with key order-04")
        .containsPattern(
            "deferred order-04: attempt 1 met \\w+ at stripe; WAITING, next attempt at t\\+")
        .containsPattern(
            "deferred order-04: still WAITING, not due before t\\+ *\\d+\\.\\d{3}s \\(its back-off"
                + " waits out Stripe's open breaker\\); nothing sent")
        .containsPattern(
            "deferred order-04: attempt \\d+: SUCCEEDED, charged at stripe as pi_\\w+ \\(payment"
                + " SUCCEEDED\\), same key order-04")
        .contains("receipt receipts/order-04.txt stored")
        // Counted from the stand-ins: one payment intent per order paid at Stripe, one PayPal order
        // per order paid at PayPal, and no request with order-04's key ever reached PayPal.
        .contains(
            "each of 17 orders charged once: 7 at stripe (7 payment intents), 10 at paypal (10"
                + " orders)")
        .containsPattern(
            "order-04: paid by stripe pi_\\w+ \\(succeeded there\\); charge requests with its key:"
                + " stripe [1-9]\\d*, paypal 0\\n")
        .contains("depth      QUEUED=0 RUNNING=0 WAITING=0 SUCCEEDED=1 FAILED=0 DEAD=0 CANCELED=0")
        .containsPattern("executions succeeded=1 (retry|unknown)=")
        .containsPattern("attempt 1 WAITING until t\\+ *\\d+\\.\\d{3}s: ");
    assertThat(printed.indexOf("deferred order-04: still WAITING"))
        .as("the call waits while Stripe's breaker is open, without being offered to it")
        .isPositive()
        .isLessThan(printed.indexOf("Stripe is healthy again"));
    // Its first wait ends no sooner than the breaker's: 30 s after the breaker opened.
    java.util.regex.Matcher opened =
        java.util.regex.Pattern.compile(
                "\\[t\\+ *(\\d+)\\.\\d{3}s]   stripe breaker CLOSED -> OPEN")
            .matcher(printed);
    java.util.regex.Matcher firstWait =
        java.util.regex.Pattern.compile(
                "order-04: attempt 1 met \\w+ at stripe; WAITING, next attempt at t\\+ *(\\d+)\\.")
            .matcher(printed);
    assertThat(opened.find()).isTrue();
    assertThat(firstWait.find()).isTrue();
    assertThat(Integer.parseInt(firstWait.group(1)))
        .isGreaterThanOrEqualTo(Integer.parseInt(opened.group(1)) + 30);
    assertThat(printed.indexOf("SUCCEEDED, charged at stripe"))
        .as("and is charged once Stripe's breaker has closed again")
        .isGreaterThan(printed.indexOf("stripe breaker HALF_OPEN -> CLOSED"));
    assertThat(printed.split("SUCCEEDED, charged at", -1))
        .as("one success for the deferred call")
        .hasSize(2);
  }
}
