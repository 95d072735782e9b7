package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mailgun as the primary and the testkit's {@code fake} as the backup, wired by {@code
 * Switchboard.fromConfig} from configuration alone, over real HTTP to the simulator.
 */
class MailgunFailoverTest {
  private final TestClock clock = TestClock.at(Instant.parse("2024-05-01T12:00:00Z"));
  private final MailgunSimulator mailgun = new MailgunSimulator(clock);
  private Switchboard switchboard;

  @AfterEach
  void stop() {
    if (switchboard != null) {
      switchboard.close();
    }
    mailgun.close();
  }

  private Switchboard start(Map<String, String> extra) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("switchboard.email.providers", "mailgun,fake");
    values.put("switchboard.email.mailgun.api-key", MailgunSimulator.DEFAULT_API_KEY);
    values.put("switchboard.email.mailgun.domain", MailgunSimulator.DEFAULT_DOMAIN);
    values.put("switchboard.email.mailgun.base-url", mailgun.start().toString());
    values.put("switchboard.email.mailgun.retry.max-attempts", "1");
    values.putAll(extra);
    switchboard =
        Switchboard.fromConfig(
            SwitchboardConfig.builder()
                .putAll(values)
                .clock(clock)
                .sleeper(clock.sleeper())
                .build());
    return switchboard;
  }

  private SendResult send(String subject) {
    return switchboard
        .email()
        .send(
            EmailMessage.builder()
                .from("shop@mg.example.com")
                .to("ann@example.com")
                .subject(subject)
                .text("Hi")
                .build());
  }

  @Test
  void mailgunServesWhileItIsUp() {
    start(Map.of());

    assertThat(send("one").provider()).isEqualTo("mailgun");
    assertThat(mailgun.messages()).hasSize(1);
  }

  @Test
  void theFakeTakesOverWhenMailgunCannotBeReached() {
    start(Map.of());
    mailgun.close();

    SendResult sent = send("two");

    assertThat(sent.provider()).isEqualTo("fake");
    assertThat(mailgun.messages()).isEmpty();
    assertThat(clock.waits()).as("one attempt, no back-off").isEmpty();
  }

  @Test
  void aRateLimitedMailgunHandsTheMessageToTheFake() {
    start(Map.of());
    mailgun.failNext(1, SimulatedFault.rateLimited(Duration.ofSeconds(30)));

    assertThat(send("limited").provider()).isEqualTo("fake");
    assertThat(mailgun.messages()).isEmpty();
  }

  @Test
  void anUnknownOutcomeAtMailgunIsNotResentElsewhereByDefault() {
    start(Map.of());
    mailgun.failNext(1, SimulatedFault.resetAfterRequest());

    assertThatThrownBy(() -> send("maybe sent")).isInstanceOf(OutcomeUnknownException.class);
    assertThat(mailgun.messages()).as("Mailgun did queue it").hasSize(1);
  }

  @Test
  void anUnknownOutcomeGoesToTheFakeWhenTheApplicationAcceptsDuplicates() {
    start(Map.of("switchboard.email.unknown-outcome-failover", "true"));
    mailgun.failNext(1, SimulatedFault.serverError());

    assertThat(send("at least once").provider()).isEqualTo("fake");
  }
}
