package dev.switchboard.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.email.Attachment.Disposition;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.testkit.ReceivedEmail;
import dev.switchboard.webhooks.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SendGrid's simulator over raw HTTP: its answers, its checks and its webhook signatures. */
class SendGridSimulatorTest {
  static final String KEY = "SG.fake-simulator-test";
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  final SendGridSimulator sendgrid = new SendGridSimulator(KEY, Clock.fixed(NOW, ZoneOffset.UTC));
  final HttpUrl base = sendgrid.start();
  final OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  @AfterEach
  void stop() {
    sendgrid.close();
  }

  Response post(String key, String json) throws IOException {
    Request.Builder request =
        new Request.Builder()
            .url(base.resolve("/v3/mail/send"))
            .post(RequestBody.create(json, MediaType.get("application/json")));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return http.newCall(request.build()).execute();
  }

  static final String MINIMAL =
      "{\"personalizations\":[{\"to\":[{\"email\":\"ann@example.com\",\"name\":\"Ann\"}]}],"
          + "\"from\":{\"email\":\"shop@example.com\"},\"subject\":\"Hi\","
          + "\"content\":[{\"type\":\"text/plain\",\"value\":\"Hello\"}]";

  @Test
  void acceptsAValidMessageWith202AndAMessageId() throws IOException {
    try (Response response =
        post(
            KEY,
            MINIMAL
                + ",\"attachments\":[{\"content\":\"AAEC\",\"type\":\"image/png\","
                + "\"filename\":\"a.png\",\"disposition\":\"inline\",\"content_id\":\"a\"}],"
                + "\"categories\":[\"receipt\"],\"custom_args\":{\"orderId\":\"42\"},"
                + "\"send_at\":1714568400}")) {
      assertThat(response.code()).isEqualTo(202);
      assertThat(response.header("X-Message-Id"))
          .isEqualTo(sendgrid.sent().get(0).messageId())
          .hasSize(22);
      assertThat(response.body().string()).isEmpty();
    }
    ReceivedEmail email = sendgrid.received().get(0);
    assertThat(email.to()).containsExactly(EmailAddress.of("ann@example.com", "Ann"));
    assertThat(email.text()).contains("Hello");
    assertThat(email.tags()).containsExactly("receipt");
    assertThat(email.metadata()).containsEntry("orderId", "42");
    assertThat(email.sendAt()).contains(Instant.ofEpochSecond(1714568400));
    assertThat(email.attachment("a.png").orElseThrow().content()).containsExactly(0, 1, 2);
    assertThat(email.attachment("a.png").orElseThrow().disposition()).isEqualTo(Disposition.INLINE);
  }

  @Test
  void refusesAWrongOrMissingKeyWith401() throws IOException {
    try (Response wrong = post("SG.fake-other", MINIMAL + "}");
        Response missing = post(null, MINIMAL + "}")) {
      assertThat(wrong.code()).isEqualTo(401);
      assertThat(wrong.body().string()).contains("\"errors\":[{\"message\":");
      assertThat(missing.code()).isEqualTo(401);
    }
    sendgrid.acceptOnlyKey("SG.fake-other");
    try (Response rotated = post("SG.fake-other", MINIMAL + "}")) {
      assertThat(rotated.code()).isEqualTo(202);
    }
  }

  @Test
  void listsEveryProblemWithSendGridsFieldNames() throws IOException {
    String bad =
        "{\"personalizations\":[{\"cc\":[{\"email\":\"c@example.com\",\"name\":\"Doe, J\"}]}],"
            + "\"content\":[{\"type\":\"text/html\",\"value\":\"<p>x</p>\"},"
            + "{\"type\":\"text/plain\",\"value\":\"\"}],"
            + "\"categories\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"],"
            + "\"send_at\":"
            + NOW.plus(Duration.ofHours(73)).getEpochSecond()
            + ",\"headers\":{\"X-SG-ID\":\"1\"},"
            + "\"reply_to\":{\"email\":\"r@example.com\"},\"reply_to_list\":[]}";
    try (Response response = post(KEY, bad)) {
      assertThat(response.code()).isEqualTo(400);
      String body = response.body().string();
      assertThat(body)
          .contains("\"field\":\"from\"")
          .contains("\"field\":\"personalizations.0.to\"")
          .contains("\"field\":\"personalizations.0.cc.0.name\"")
          .contains("\"field\":\"subject\"")
          .contains("\"field\":\"content.1.value\"")
          .contains("\"field\":\"content.1.type\"")
          .contains("\"field\":\"categories\"")
          .contains("\"field\":\"send_at\"")
          .contains("\"field\":\"headers\"")
          .contains("\"field\":\"reply_to_list\"")
          .contains("\"help\":null");
    }
    assertThat(sendgrid.sent()).isEmpty();
    assertThat(sendgrid.mailRequests()).hasSize(1);
  }

  @Test
  void validatesInSandboxModeWithA200AndSendsNothing() throws IOException {
    try (Response response =
        post(KEY, MINIMAL + ",\"mail_settings\":{\"sandbox_mode\":{\"enable\":true}}}")) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("X-Message-Id")).isNull();
    }
    assertThat(sendgrid.sandboxRequests()).hasSize(1);
    assertThat(sendgrid.sent()).isEmpty();
  }

  @Test
  void reportsItsQuotaAndAnswers429WhenItRunsOut() throws IOException {
    sendgrid.rateLimit(2, 1, Duration.ofSeconds(60));
    try (Response first = post(KEY, MINIMAL + "}");
        Response second = post(KEY, MINIMAL + "}")) {
      assertThat(first.code()).isEqualTo(202);
      assertThat(first.header("X-RateLimit-Limit")).isEqualTo("2");
      assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(first.header("X-RateLimit-Reset"))
          .isEqualTo(Long.toString(NOW.getEpochSecond() + 60));
      assertThat(second.code()).isEqualTo(429);
      assertThat(second.header("Retry-After")).isNull();
      assertThat(second.body().string()).contains("too many requests");
    }
  }

  @Test
  void answersInjectedFaultsInSendGridsErrorFormat() throws IOException {
    sendgrid.failNext(1, SimulatedFault.unavailable());
    try (Response response = post(KEY, MINIMAL + "}")) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(response.body().string()).startsWith("{\"errors\":[{\"message\":");
    }
    assertThat(sendgrid.sent()).isEmpty();
  }

  @Test
  void signsWebhooksAsSendGridDoes() throws Exception {
    try (Response response = post(KEY, MINIMAL + "}")) {
      assertThat(response.code()).isEqualTo(202);
    }
    String messageId = sendgrid.sent().get(0).messageId();

    WebhookRequest request = sendgrid.webhookFor(messageId, "delivered");

    String timestamp = request.header("X-Twilio-Email-Event-Webhook-Timestamp").orElseThrow();
    assertThat(timestamp).isEqualTo(Long.toString(NOW.getEpochSecond()));
    assertThat(request.bodyAsString())
        .endsWith("]\r\n")
        .contains("\"sg_message_id\":\"" + messageId + ".filter")
        .contains("\"email\":\"ann@example.com\"");
    Signature ecdsa = Signature.getInstance("SHA256withECDSA");
    ecdsa.initVerify(
        KeyFactory.getInstance("EC")
            .generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(sendgrid.webhookPublicKey()))));
    ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
    ecdsa.update(request.body());
    assertThat(
            ecdsa.verify(
                Base64.getDecoder()
                    .decode(
                        request.header("X-Twilio-Email-Event-Webhook-Signature").orElseThrow())))
        .isTrue();
    assertThat(List.of(request.headers().keySet().toArray()))
        .contains("X-Twilio-Email-Event-Webhook-Signature");
  }
}
