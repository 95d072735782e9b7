package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.config.Secret;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.resilience.QuotaTracker;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the adapter puts on the wire, field by field and header by header, and how it reads 2xx. */
class SendGridEmailSenderTest {
  static final String KEY = "SG.fake-request-key";
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  final TestClock clock = TestClock.at(NOW);
  final SendGridSimulator sendgrid = new SendGridSimulator(KEY, clock);

  @TempDir Path tempDir;

  @AfterEach
  void stop() {
    sendgrid.close();
  }

  SendGridEmailSender.Builder sender() {
    return SendGridEmailSender.builder()
        .baseUrl(sendgrid.start().toString())
        .apiKey(Secret.of(KEY))
        .clock(clock);
  }

  static EmailMessage.Builder message() {
    return EmailMessage.builder()
        .from("Shop <shop@example.com>")
        .to("ann@example.com")
        .subject("Your receipt")
        .text("Thanks!");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  @Test
  void mapsEveryMessageFieldToSendGridsJson() {
    byte[] pdf = {'%', 'P', 'D', 'F', 0, (byte) 0xff};
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    Instant sendAt = NOW.plus(Duration.ofHours(2));
    sender()
        .build()
        .send(
            message()
                .to(EmailAddress.of("ann@example.com", "Ann Example"))
                .cc("carol@example.com")
                .bcc("Erin <erin@example.com>")
                .replyTo("Help <help@example.com>")
                .html("<p>Thanks! <img src=\"cid:logo\"></p>")
                .addAttachment("invoice.pdf", "application/pdf", pdf)
                .addAttachment(Attachment.inline("logo", "logo.png", "image/png", png))
                .header("X-Order-Id", "42")
                .tags(List.of("receipt", "spring"))
                .metadata("orderId", "42")
                .metadata("customer", "Zoë")
                .sendAt(sendAt)
                .build());

    Map<String, Object> json = sendgrid.sent().get(0).request();
    assertThat(json)
        .containsOnlyKeys(
            "personalizations",
            "from",
            "reply_to",
            "subject",
            "content",
            "attachments",
            "headers",
            "categories",
            "custom_args",
            "send_at");
    assertThat(list(json.get("personalizations")))
        .containsExactly(
            Map.of(
                "to", List.of(Map.of("email", "ann@example.com", "name", "Ann Example")),
                "cc", List.of(Map.of("email", "carol@example.com")),
                "bcc", List.of(Map.of("email", "erin@example.com", "name", "Erin"))));
    assertThat(json.get("from")).isEqualTo(Map.of("email", "shop@example.com", "name", "Shop"));
    assertThat(json.get("reply_to")).isEqualTo(Map.of("email", "help@example.com", "name", "Help"));
    assertThat(json.get("subject")).isEqualTo("Your receipt");
    assertThat(list(json.get("content")))
        .containsExactly(
            Map.of("type", "text/plain", "value", "Thanks!"),
            Map.of("type", "text/html", "value", "<p>Thanks! <img src=\"cid:logo\"></p>"));
    assertThat(list(json.get("attachments")))
        .containsExactly(
            Map.of(
                "content", Base64.getEncoder().encodeToString(pdf),
                "type", "application/pdf",
                "filename", "invoice.pdf",
                "disposition", "attachment"),
            Map.of(
                "content", Base64.getEncoder().encodeToString(png),
                "type", "image/png",
                "filename", "logo.png",
                "disposition", "inline",
                "content_id", "logo"));
    assertThat(json.get("headers")).isEqualTo(Map.of("X-Order-Id", "42"));
    assertThat(json.get("categories")).isEqualTo(List.of("receipt", "spring"));
    assertThat(json.get("custom_args")).isEqualTo(Map.of("orderId", "42", "customer", "Zoë"));
    assertThat(json.get("send_at")).isEqualTo((double) sendAt.getEpochSecond());
  }

  @Test
  void postsWithBearerKeyJsonAndAFixedLengthButNoIdempotencyHeader() {
    sender().build().send(message().build());

    RecordedRequest request = sendgrid.lastRequest().orElseThrow();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/mail/send");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("Content-Type"))
        .isEqualTo("application/json; charset=utf-8");
    assertThat(request.getHeaders().get("Content-Length"))
        .isEqualTo(Long.toString(request.getBody().size()));
    assertThat(request.getHeaders().get("Transfer-Encoding")).isNull();
    assertThat(request.getHeaders().get("User-Agent")).contains("email-sendgrid");
    assertThat(request.getHeaders().get("X-Request-Id")).isNotBlank();
    assertThat(request.getHeaders().get("Idempotency-Key"))
        .as("SendGrid has no idempotency key; sending one would pretend otherwise")
        .isNull();
  }

  @Test
  void answersWithXMessageIdAndTheClocksTime() {
    SendResult result = sender().provider("mail-primary").build().send(message().build());

    assertThat(result.provider()).isEqualTo("mail-primary");
    assertThat(result.messageId()).isEqualTo(sendgrid.sent().get(0).messageId());
    assertThat(result.acceptedAt()).isEqualTo(NOW);
  }

  @Test
  void leavesOutEverythingTheMessageDoesNotHave() {
    sender().build().send(message().build());

    assertThat(sendgrid.sent().get(0).request())
        .containsOnlyKeys("personalizations", "from", "subject", "content");
  }

  @Test
  void sendsSeveralReplyToAddressesAsReplyToList() {
    sender().build().send(message().replyTo("a@example.com", "B <b@example.com>").build());

    Map<String, Object> json = sendgrid.sent().get(0).request();
    assertThat(json).doesNotContainKey("reply_to");
    assertThat(list(json.get("reply_to_list")))
        .containsExactly(
            Map.of("email", "a@example.com"), Map.of("email", "b@example.com", "name", "B"));
  }

  @Test
  void sendsABccOnlyMessageAsOnePersonalizationPerRecipient() {
    sender()
        .build()
        .send(message().to(List.<EmailAddress>of()).bcc("x@example.com", "y@example.com").build());

    assertThat(list(sendgrid.sent().get(0).request().get("personalizations")))
        .as("SendGrid needs a to in every personalization; each bcc recipient gets a copy alone")
        .containsExactly(
            Map.of("to", List.of(Map.of("email", "x@example.com"))),
            Map.of("to", List.of(Map.of("email", "y@example.com"))));
    assertThat(sendgrid.received())
        .extracting(e -> e.to().get(0).address())
        .containsExactly("x@example.com", "y@example.com");
  }

  @Test
  void sendsCcRecipientsAsToWhenThereIsNoTo() {
    sender()
        .build()
        .send(
            message().to(List.<EmailAddress>of()).cc("c@example.com").bcc("b@example.com").build());

    assertThat(list(sendgrid.sent().get(0).request().get("personalizations")))
        .containsExactly(
            Map.of(
                "to", List.of(Map.of("email", "c@example.com")),
                "bcc", List.of(Map.of("email", "b@example.com"))));
  }

  @Test
  void streamsALargeFileAttachmentIntact() throws IOException {
    byte[] content = new byte[3 * 1024 * 1024 + 1];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 7 + (i >> 9));
    }
    Path file = Files.write(tempDir.resolve("big.bin"), content);

    sender().build().send(message().addAttachment(Attachment.fromPath(file, null)).build());

    Map<String, Object> attachment =
        map(list(sendgrid.sent().get(0).request().get("attachments")).get(0));
    assertThat(Base64.getDecoder().decode((String) attachment.get("content"))).isEqualTo(content);
    assertThat(attachment.get("type")).isEqualTo("application/octet-stream");
  }

  @Test
  void sandboxModeAsksSendGridToValidateOnlyAndAcceptsIts200() {
    SendGridEmailSender sender = sender().sandbox(true).build();
    EmailMessage sent = message().idempotencyKey(IdempotencyKey.of("order-42")).build();

    SendResult result = sender.send(sent);

    assertThat(sender.sandbox()).isTrue();
    assertThat(result.messageId()).isEqualTo("sandbox-order-42");
    assertThat(sendgrid.sandboxRequests()).hasSize(1);
    assertThat(sendgrid.sandboxRequests().get(0).get("mail_settings"))
        .isEqualTo(Map.of("sandbox_mode", Map.of("enable", true)));
    assertThat(sendgrid.sent()).as("nothing is delivered in sandbox mode").isEmpty();
  }

  @Test
  void feedsSendGridsRateLimitHeadersToTheQuotaTracker() {
    QuotaTracker quota = QuotaTracker.create(0, clock);
    sendgrid.rateLimit(600, 10, Duration.ofMinutes(1));

    sender().quota(quota).build().send(message().build());

    assertThat(quota.remaining()).hasValue(9);
  }

  @Test
  void keepsTheApiKeyOutOfToString() {
    SendGridEmailSender sender = sender().build();

    assertThat(sender.toString()).doesNotContain(KEY).contains("sendgrid");
  }
}
