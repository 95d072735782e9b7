package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.ResilienceConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.testkit.FakeEmailSender;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.MailgunSimulatorLimits;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mailgun's limits are checked before anything is sent, by {@code send} and by {@code check}: each
 * refusal names the field, the limit and the provider, and the simulator receives nothing.
 */
class MailgunLimitsTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private final TestClock clock = TestClock.at(NOW);
  private final MailgunSimulator simulator = new MailgunSimulator(clock);
  private final MailgunEmailSender sender =
      MailgunEmailSender.builder()
          .baseUrl(simulator.start().toString())
          .apiKey(MailgunSimulator.DEFAULT_API_KEY)
          .domain(MailgunSimulator.DEFAULT_DOMAIN)
          .clock(clock)
          .build();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    simulator.close();
  }

  private static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .from("shop@mg.example.com")
        .to("ann@example.com")
        .subject("Hello")
        .text("Hi");
  }

  /** Refused by check and by send, naming the field; nothing reaches Mailgun. */
  private InvalidRequestException refused(EmailMessage message, String field) {
    assertThat(sender.check(message))
        .hasValueSatisfying(e -> assertThat(e.field()).contains(field));
    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> sender.send(message));
    assertThat(e).as("refused locally").isNotNull();
    assertThat(e.field()).contains(field);
    assertThat(e.requestSent()).isFalse();
    assertThat(simulator.requests()).as("nothing reached Mailgun").isEmpty();
    return e;
  }

  @Test
  void moreThanThreeTagsAreRefusedNamingTheLimitAndTheProvider() {
    InvalidRequestException e =
        refused(message().tags(List.of("a", "b", "c", "d")).build(), "tags");

    assertThat(e.reason()).isEqualTo("4 tags; mailgun takes at most 3");
  }

  @Test
  void aNonAsciiOrOverlongTagIsRefusedByIndex() {
    refused(message().tags(List.of("ok", "grüße")).build(), "tags[1]");
    refused(message().tags(List.of("x".repeat(129))).build(), "tags[0]");
  }

  @Test
  void sendingOptionsOverSixteenKilobytesAreRefused() {
    refused(message().metadata("blob", "x".repeat(16 * 1024)).build(), "metadata");
  }

  @Test
  void aSendTimeBeyondTheHorizonIsRefusedAndOneWithinItIsSent() {
    refused(message().sendAt(NOW.plus(Duration.ofDays(3)).plusSeconds(1)).build(), "sendAt");

    EmailMessage justIn = message().sendAt(NOW.plus(Duration.ofDays(3))).build();
    assertThat(sender.check(justIn)).isEmpty();
    sender.send(justIn);
    assertThat(simulator.messages()).hasSize(1);
  }

  @Test
  void aMessageWithoutToRecipientsIsRefusedAsMailgunNeedsOne() {
    EmailMessage bccOnly =
        EmailMessage.builder()
            .from("shop@mg.example.com")
            .bcc("ann@example.com")
            .subject("Hello")
            .text("Hi")
            .build();

    refused(bccOnly, "to");
  }

  @Test
  void aRequestOverTwentyFiveMegabytesIsRefusedByCheckToo() throws IOException {
    Path file = dir.resolve("huge.bin");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(EmailMessage.MAX_TOTAL_ATTACHMENT_BYTES - 16);
    }

    InvalidRequestException e =
        refused(message().addAttachment(Attachment.fromPath(file, null)).build(), "attachments");

    assertThat(e.reason()).contains("mailgun takes at most " + MailgunLimits.MAX_MESSAGE_BYTES);
  }

  @Test
  void aFileThatShrankAfterTheAttachmentWasBuiltIsRefusedBeforeSending() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "twelve bytes");
    EmailMessage sent = message().addAttachment(Attachment.fromPath(file, null)).build();
    Files.writeString(file, "six b");

    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> sender.send(sent));

    assertThat(e.field()).contains("attachments[0].path");
    assertThat(simulator.requests()).isEmpty();
  }

  @Test
  void aNonAsciiLocalPartIsRefusedNamingTheRecipient() {
    InvalidRequestException e =
        refused(message().cc("bob@example.com", "jürgen@example.com").build(), "cc[1]");

    assertThat(e.reason())
        .isEqualTo(
            "the local part of jürgen@example.com is not ASCII; mailgun does not support"
                + " SMTPUTF8 addresses");
    refused(message().from("zoë@mg.example.com").build(), "from");
  }

  @Test
  void anInternationalisedDomainIsSentInItsAsciiForm() {
    EmailMessage message = message().to("ann@exämple.com").build();

    assertThat(sender.check(message)).isEmpty();
    sender.send(message);

    assertThat(simulator.messages().get(0).values("to")).containsExactly("ann@xn--exmple-cua.com");
  }

  @Test
  void aCompositeSkipsMailgunForAMessageItWouldRefuse() {
    FakeEmailSender fake = FakeEmailSender.builder().provider("fake").clock(clock).build();
    List<FailoverEvent> events = new CopyOnWriteArrayList<>();
    FailoverEmailSender email =
        FailoverEmailSender.builder()
            .add(sender, policy("mailgun"))
            .add(fake, policy("fake"))
            .listener(events::add)
            .clock(clock)
            .build();
    List<String> tags = new ArrayList<>(List.of("a", "b", "c", "d"));

    assertThat(email.send(message().tags(tags).build()).provider()).isEqualTo("fake");

    assertThat(simulator.requests()).isEmpty();
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            FailoverEvent.ProviderSkipped.class,
            skipped -> {
              assertThat(skipped.provider()).isEqualTo("mailgun");
              assertThat(skipped.reason().field()).contains("tags");
            });
  }

  private ResiliencePolicy policy(String provider) {
    return ResiliencePolicy.of(
        provider, ResilienceConfig.builder().retryMaxAttempts(1).clock(clock).build());
  }

  @Test
  void theSimulatorDeclaresTheSameLimits() {
    assertThat(MailgunSimulatorLimits.MAX_RECIPIENTS).isEqualTo(MailgunLimits.MAX_RECIPIENTS);
    assertThat(MailgunSimulatorLimits.MAX_TAGS).isEqualTo(MailgunLimits.MAX_TAGS);
    assertThat(MailgunSimulatorLimits.MAX_OPTION_BYTES).isEqualTo(MailgunLimits.MAX_OPTION_BYTES);
    assertThat(MailgunSimulatorLimits.MAX_MESSAGE_BYTES).isEqualTo(MailgunLimits.MAX_MESSAGE_BYTES);
    assertThat(MailgunSimulatorLimits.DEFAULT_MAX_SCHEDULE_AHEAD)
        .isEqualTo(MailgunLimits.DEFAULT_MAX_SCHEDULE_AHEAD);
  }
}
