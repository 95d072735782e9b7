package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SendGrid as the primary and Mailgun as the backup, both real adapters on their simulators, built
 * by {@code Switchboard.fromConfig}, including {@code switchboard.email.unknown-outcome-failover}:
 * whether an email that may already have gone out is sent again through the backup.
 */
class EmailAcrossVendorsTest {
  private final TestClock clock = TestClock.at(Instant.parse("2026-06-01T10:00:00Z"));
  private final SendGridSimulator sendgrid =
      new SendGridSimulator(SendGridSimulator.DEFAULT_API_KEY, clock);
  private final MailgunSimulator mailgun = new MailgunSimulator(clock);
  private Switchboard switchboard;

  @AfterEach
  void stop() {
    if (switchboard != null) {
      switchboard.close();
    }
    sendgrid.close();
    mailgun.close();
  }

  private Switchboard start(boolean unknownOutcomeFailover) {
    return start(unknownOutcomeFailover, 1);
  }

  private Switchboard start(boolean unknownOutcomeFailover, int sendgridAttempts) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("switchboard.email.providers", "sendgrid,mailgun");
    keys.put(
        "switchboard.email.unknown-outcome-failover", Boolean.toString(unknownOutcomeFailover));
    keys.put("switchboard.email.sendgrid.base-url", sendgrid.start().toString());
    keys.put("switchboard.email.sendgrid.api-key", "${env:SENDGRID_API_KEY}");
    keys.put("switchboard.email.sendgrid.retry.max-attempts", Integer.toString(sendgridAttempts));
    keys.put("switchboard.email.mailgun.base-url", mailgun.start().toString());
    keys.put("switchboard.email.mailgun.api-key", "${env:MAILGUN_API_KEY}");
    keys.put("switchboard.email.mailgun.domain", MailgunSimulator.DEFAULT_DOMAIN);
    switchboard =
        Switchboard.fromConfig(
            SwitchboardConfig.builder()
                .putAll(keys)
                .environment(
                    Map.of(
                        "SENDGRID_API_KEY", SendGridSimulator.DEFAULT_API_KEY,
                        "MAILGUN_API_KEY", MailgunSimulator.DEFAULT_API_KEY))
                .discoverSecretSources(false)
                .clock(clock)
                .sleeper(clock.sleeper())
                .build());
    return switchboard;
  }

  private static EmailMessage receipt(String subject) {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject(subject)
        .text("Thanks for your order.")
        .build();
  }

  @Test
  void sendsThroughSendGridWhileItIsUp() {
    SendResult result = start(false).email().send(receipt("Receipt 1"));

    assertThat(result.provider()).isEqualTo("sendgrid");
    assertThat(sendgrid.sent()).hasSize(1);
    assertThat(mailgun.messages()).isEmpty();
  }

  @Test
  void aRateLimitedSendGridHandsTheEmailToMailgun() {
    start(false);
    sendgrid.failAlways(SimulatedFault.rateLimited(Duration.ofSeconds(30)));

    SendResult result = switchboard.email().send(receipt("Receipt 2"));

    assertThat(result.provider()).isEqualTo("mailgun");
    assertThat(sendgrid.sent()).isEmpty();
    assertThat(mailgun.received())
        .singleElement()
        .satisfies(
            email -> {
              assertThat(email.subject()).isEqualTo("Receipt 2");
              assertThat(email.to())
                  .extracting(EmailAddress::address)
                  .containsExactly("ann@example.com");
            });
  }

  @Test
  void byDefaultAnEmailThatMayHaveGoneOutIsNotSentAgainThroughMailgun() {
    start(false);
    sendgrid.failNext(1, SimulatedFault.serverError());

    Throwable thrown = catchThrowable(() -> switchboard.email().send(receipt("Receipt 3")));

    assertThat(thrown).isInstanceOf(OutcomeUnknownException.class);
    assertThat(mailgun.messages()).as("no second copy through the backup").isEmpty();
  }

  @Test
  void anEmailThatMayHaveGoneOutIsNeverRetriedOnTheSameVendorEvenWithRetriesAllowed() {
    start(false, 3);
    sendgrid.failNext(1, SimulatedFault.resetAfterRequest());

    Throwable thrown = catchThrowable(() -> switchboard.email().send(receipt("Receipt 5")));

    assertThat(thrown).isInstanceOf(OutcomeUnknownException.class);
    assertThat(sendgrid.requests())
        .as("SendGrid has no idempotency key: a second attempt would be a second email")
        .hasSize(1);
    assertThat(sendgrid.sent()).hasSize(1);
    assertThat(mailgun.messages()).isEmpty();
  }

  @Test
  void aRateLimitIsStillRetriedOnTheSameVendorWhenRetriesAreAllowed() {
    start(false, 3);
    sendgrid.failNext(1, SimulatedFault.rateLimited(Duration.ofSeconds(2)));

    SendResult result = switchboard.email().send(receipt("Receipt 6"));

    assertThat(result.provider()).isEqualTo("sendgrid");
    assertThat(sendgrid.requests()).hasSize(2);
    assertThat(mailgun.messages()).isEmpty();
  }

  @Test
  void withUnknownOutcomeFailoverTheBackupSendsItAndADuplicateIsPossible() {
    start(true);
    sendgrid.failNext(1, SimulatedFault.resetAfterRequest());

    SendResult result = switchboard.email().send(receipt("Receipt 4"));

    assertThat(result.provider()).isEqualTo("mailgun");
    assertThat(mailgun.messages()).hasSize(1);
    assertThat(sendgrid.sent())
        .as("SendGrid had accepted it before the answer was lost: the customer gets two")
        .hasSize(1);
  }
}
