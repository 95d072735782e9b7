package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.AuthenticationException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.config.Secret;
import dev.switchboard.config.SecretSource;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.MailgunSimulator.Field;
import dev.switchboard.testkit.simulator.MailgunSimulator.File;
import dev.switchboard.testkit.simulator.MailgunSimulator.Message;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What goes over the wire, part by part and header by header, as the simulator received it. */
class MailgunEmailSenderRequestTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final MailgunSimulator simulator = new MailgunSimulator(clock);

  @AfterEach
  void stop() {
    simulator.close();
  }

  private MailgunEmailSender sender() {
    return MailgunEmailSender.builder()
        .baseUrl(simulator.start().toString())
        .apiKey(MailgunSimulator.DEFAULT_API_KEY)
        .domain(MailgunSimulator.DEFAULT_DOMAIN)
        .clock(clock)
        .build();
  }

  private static EmailMessage.Builder minimal() {
    return EmailMessage.builder()
        .from("Shop <shop@mg.example.com>")
        .to("ann@example.com")
        .subject("Your receipt")
        .text("Thanks.");
  }

  @Test
  void postsAMultipartFormToTheDomainsMessagesWithBasicAuthAndNoIdempotencyHeader() {
    IdempotencyKey key = IdempotencyKey.of("order-42");
    sender().send(minimal().idempotencyKey(key).build());

    RecordedRequest request = simulator.lastRequest().orElseThrow();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/mg.example.com/messages");
    String expectedAuth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    ("api:" + MailgunSimulator.DEFAULT_API_KEY).getBytes(StandardCharsets.UTF_8));
    assertThat(request.getHeaders().get("Authorization")).isEqualTo(expectedAuth);
    MediaType type = MediaType.parse(request.getHeaders().get("Content-Type"));
    assertThat(type.type() + "/" + type.subtype()).isEqualTo("multipart/form-data");
    assertThat(type.parameter("boundary")).isNotBlank();
    assertThat(request.getHeaders().get("Content-Length"))
        .isEqualTo(Long.toString(request.getBodySize()));
    assertThat(request.getHeaders().get("User-Agent")).endsWith(" email-mailgun");
    assertThat(request.getHeaders().get("X-Request-Id")).isNotBlank();
    assertThat(request.getHeaders().get("Idempotency-Key")).isNull();
    assertThat(request.getHeaders().toMultimap().values().toString()).doesNotContain("order-42");
  }

  @Test
  void sendsEveryFieldAsItsOwnPartInMailgunsNames() {
    Instant sendAt = Instant.parse("2024-05-02T08:30:15Z");
    sender()
        .send(
            EmailMessage.builder()
                .from("Shop <shop@mg.example.com>")
                .to("Ann Example <ann@example.com>", "bob@example.com")
                .cc("\"Example, Carol\" <carol@example.com>")
                .bcc("dave@example.com")
                .replyTo("Help <help@example.com>", "desk@example.com")
                .subject("Grüße")
                .text("Plain ✓")
                .html("<p>Rich ✓</p>")
                .header("X-Campaign", "spring")
                .header("List-Unsubscribe", "<mailto:u@example.com>")
                .tags(List.of("receipt", "spring"))
                .sendAt(sendAt)
                .metadata("orderId", "42")
                .metadata("customer", "Zoë")
                .build());

    Message got = simulator.messages().get(0);
    assertThat(got.fields())
        .containsExactly(
            new Field("from", "Shop <shop@mg.example.com>"),
            new Field("to", "Ann Example <ann@example.com>"),
            new Field("to", "bob@example.com"),
            new Field("cc", "\"Example, Carol\" <carol@example.com>"),
            new Field("bcc", "dave@example.com"),
            new Field("subject", "Grüße"),
            new Field("text", "Plain ✓"),
            new Field("html", "<p>Rich ✓</p>"),
            new Field("h:Reply-To", "Help <help@example.com>, desk@example.com"),
            new Field("h:X-Campaign", "spring"),
            new Field("h:List-Unsubscribe", "<mailto:u@example.com>"),
            new Field("o:tag", "receipt"),
            new Field("o:tag", "spring"),
            new Field("o:deliverytime", "Thu, 2 May 2024 08:30:15 GMT"),
            new Field("v:orderId", "42"),
            new Field("v:customer", "Zoë"));
    assertThat(got.files()).isEmpty();
  }

  @Test
  void sendsAttachmentsAsFilePartsAndInlineOnesNamedByTheirContentId() {
    byte[] pdf = "%PDF-1.4".getBytes(StandardCharsets.US_ASCII);
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    sender()
        .send(
            minimal()
                .html("<img src=\"cid:logo-1\">")
                .addAttachment("invoice.pdf", "application/pdf", pdf)
                .addAttachment(Attachment.inline("logo-1", "logo.png", "image/png", png))
                .build());

    List<File> files = simulator.messages().get(0).files();
    assertThat(files)
        .extracting(File::name, File::filename, File::contentType)
        .containsExactly(
            tuple("attachment", "invoice.pdf", "application/pdf"),
            tuple("inline", "logo-1", "image/png"));
    assertThat(files.get(0).content().toByteArray()).isEqualTo(pdf);
    assertThat(files.get(1).content().toByteArray()).isEqualTo(png);
  }

  @Test
  void answersWithTheMessageIdWithoutBracketsAndTheClocksTime() {
    SendResult result = sender().send(minimal().build());

    Message stored = simulator.messages().get(0);
    assertThat(result.provider()).isEqualTo("mailgun");
    assertThat(result.messageId()).isEqualTo(stored.messageId()).doesNotStartWith("<");
    assertThat(result.messageId()).endsWith("@mg.example.com");
    assertThat(result.acceptedAt()).isEqualTo(NOW);
  }

  @Test
  void readsTheKeyAgainAfterA401SoARotatedKeyIsUsedOnTheNextAttempt() {
    String[] current = {MailgunSimulator.DEFAULT_API_KEY};
    MailgunEmailSender sender =
        MailgunEmailSender.builder()
            .baseUrl(simulator.start().toString())
            .apiKey(
                Secret.read(
                    new SecretSource() {
                      @Override
                      public String scheme() {
                        return "test";
                      }

                      @Override
                      public Optional<String> read(String reference) {
                        return Optional.of(current[0]);
                      }
                    },
                    "MAILGUN",
                    clock,
                    Duration.ofMinutes(5)))
            .domain(MailgunSimulator.DEFAULT_DOMAIN)
            .build();
    simulator.acceptOnlyKey("key-fake-rotated");
    current[0] = "key-fake-rotated";

    assertThatThrownBy(() -> sender.send(minimal().build()))
        .as("the first answer is a 401, which marks the key stale")
        .isInstanceOf(AuthenticationException.class);
    sender.send(minimal().build());

    assertThat(simulator.messages()).hasSize(1);
  }
}
