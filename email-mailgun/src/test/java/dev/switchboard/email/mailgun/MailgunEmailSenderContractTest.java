package dev.switchboard.email.mailgun;

import dev.switchboard.email.EmailSender;
import dev.switchboard.testkit.EmailCapability;
import dev.switchboard.testkit.EmailSenderContract;
import dev.switchboard.testkit.ReceivedEmail;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * The email contract over real HTTP against {@link MailgunSimulator}. Not declared: inline
 * attachments (Mailgun names an inline part's content id after its file name, so the file name the
 * contract looks the attachment up by never arrives) and idempotent replay or conflicts (Mailgun
 * takes no idempotency key).
 */
class MailgunEmailSenderContractTest extends EmailSenderContract {
  private final MailgunSimulator simulator = new MailgunSimulator();

  @Override
  protected EmailSender sender() {
    return MailgunEmailSender.builder()
        .baseUrl(simulator.start().toString())
        .apiKey(MailgunSimulator.DEFAULT_API_KEY)
        .domain(MailgunSimulator.DEFAULT_DOMAIN)
        .build();
  }

  @Override
  protected List<ReceivedEmail> received() {
    return simulator.received();
  }

  @Override
  protected Set<EmailCapability> capabilities() {
    return EnumSet.of(
        EmailCapability.CC_BCC,
        EmailCapability.REPLY_TO,
        EmailCapability.CUSTOM_HEADERS,
        EmailCapability.TAGS,
        EmailCapability.METADATA,
        EmailCapability.SCHEDULED_SEND);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }
}
