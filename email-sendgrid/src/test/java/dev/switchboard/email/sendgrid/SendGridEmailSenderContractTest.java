package dev.switchboard.email.sendgrid;

import dev.switchboard.config.Secret;
import dev.switchboard.email.EmailSender;
import dev.switchboard.testkit.EmailCapability;
import dev.switchboard.testkit.EmailSenderContract;
import dev.switchboard.testkit.ReceivedEmail;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The email contract against SendGrid's simulator, over HTTP on loopback. SendGrid takes no
 * idempotency key, so the two idempotency capabilities are not declared: their tests are skipped
 * with the capability named.
 */
class SendGridEmailSenderContractTest extends EmailSenderContract {
  private SendGridSimulator simulator;

  @Override
  protected EmailSender sender() {
    simulator = new SendGridSimulator("SG.fake-contract-key", Clock.systemUTC());
    return SendGridEmailSender.builder()
        .baseUrl(simulator.start().toString())
        .apiKey(Secret.of("SG.fake-contract-key"))
        .build();
  }

  @Override
  protected List<ReceivedEmail> received() {
    return simulator.received();
  }

  @Override
  protected Set<EmailCapability> capabilities() {
    EnumSet<EmailCapability> all = EnumSet.allOf(EmailCapability.class);
    all.remove(EmailCapability.IDEMPOTENT_REPLAY);
    all.remove(EmailCapability.IDEMPOTENCY_CONFLICT);
    return all;
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }
}
