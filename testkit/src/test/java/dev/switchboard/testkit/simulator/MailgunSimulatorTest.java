package dev.switchboard.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.email.Attachment.Disposition;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.testkit.ReceivedEmail;
import dev.switchboard.webhooks.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator spoken to in Mailgun's wire format by a plain OkHttp client. */
class MailgunSimulatorTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private final MailgunSimulator mailgun = new MailgunSimulator(Clock.fixed(NOW, ZoneOffset.UTC));
  private final OkHttpClient client = new OkHttpClient();
  private HttpUrl baseUrl;

  @AfterEach
  void stop() {
    mailgun.close();
  }

  private static MultipartBody.Builder form() {
    return new MultipartBody.Builder()
        .setType(MultipartBody.FORM)
        .addFormDataPart("from", "Shop <shop@mg.example.com>")
        .addFormDataPart("to", "ann@example.com, \"Example, Bob\" <bob@example.com>")
        .addFormDataPart("subject", "Hello")
        .addFormDataPart("text", "Hi");
  }

  private Response post(String domain, String key, RequestBody body) throws IOException {
    if (baseUrl == null) {
      baseUrl = mailgun.start();
    }
    String auth =
        "Basic "
            + Base64.getEncoder().encodeToString(("api:" + key).getBytes(StandardCharsets.UTF_8));
    return client
        .newCall(
            new Request.Builder()
                .url(baseUrl.resolve("/v3/" + domain + "/messages"))
                .header("Authorization", auth)
                .post(body)
                .build())
        .execute();
  }

  private Response post(MultipartBody body) throws IOException {
    return post(MailgunSimulator.DEFAULT_DOMAIN, MailgunSimulator.DEFAULT_API_KEY, body);
  }

  @Test
  void queuesAMessageAndAnswersWithItsIdInBrackets() throws IOException {
    try (Response response =
        post(
            form()
                .addFormDataPart("h:Reply-To", "help@example.com")
                .addFormDataPart("h:X-Campaign", "spring")
                .addFormDataPart("o:tag", "receipt")
                .addFormDataPart("v:orderId", "42")
                .addFormDataPart("o:deliverytime", "Thu, 2 May 2024 08:00:00 GMT")
                .addFormDataPart(
                    "attachment",
                    "a.pdf",
                    RequestBody.create(new byte[] {1, 2}, MediaType.get("application/pdf")))
                .addFormDataPart(
                    "inline",
                    "logo",
                    RequestBody.create(new byte[] {3}, MediaType.get("image/png")))
                .build())) {
      assertThat(response.code()).isEqualTo(200);
      String body = response.body().string();
      String id = mailgun.messages().get(0).messageId();
      assertThat(body).contains("\"id\": \"<" + id + ">\"").contains("Queued. Thank you.");
      assertThat(id).startsWith("20240501120000.1.").endsWith("@mg.example.com");
    }

    ReceivedEmail got = mailgun.received().get(0);
    assertThat(got.from()).isEqualTo(EmailAddress.of("shop@mg.example.com", "Shop"));
    assertThat(got.to())
        .containsExactly(
            EmailAddress.of("ann@example.com"), EmailAddress.of("bob@example.com", "Example, Bob"));
    assertThat(got.replyTo()).containsExactly(EmailAddress.of("help@example.com"));
    assertThat(got.headers()).containsExactly(Map.entry("X-Campaign", "spring"));
    assertThat(got.tags()).containsExactly("receipt");
    assertThat(got.metadata()).containsExactly(Map.entry("orderId", "42"));
    assertThat(got.sendAt()).contains(Instant.parse("2024-05-02T08:00:00Z"));
    assertThat(got.attachment("a.pdf").orElseThrow().content()).containsExactly(1, 2);
    assertThat(got.attachment("logo").orElseThrow().disposition()).isEqualTo(Disposition.INLINE);
    assertThat(got.attachment("logo").orElseThrow().contentId()).contains("logo");
  }

  @Test
  void refusesAWrongKeyWithPlainForbiddenAndAcceptsARotatedOne() throws IOException {
    mailgun.acceptOnlyKey("key-fake-rotated");
    try (Response old = post("mg.example.com", MailgunSimulator.DEFAULT_API_KEY, form().build())) {
      assertThat(old.code()).isEqualTo(401);
      assertThat(old.body().string()).isEqualTo("Forbidden");
    }
    try (Response rotated = post("mg.example.com", "key-fake-rotated", form().build())) {
      assertThat(rotated.code()).isEqualTo(200);
    }
  }

  @Test
  void refusesAnUnknownDomainWithNotFound() throws IOException {
    try (Response response =
        post("mg.unknown.com", MailgunSimulator.DEFAULT_API_KEY, form().build())) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(response.body().string()).contains("Domain not found: mg.unknown.com");
    }
    mailgun.addDomain("mg.unknown.com");
    try (Response response =
        post("mg.unknown.com", MailgunSimulator.DEFAULT_API_KEY, form().build())) {
      assertThat(response.code()).isEqualTo(200);
    }
  }

  @Test
  void refusesFormsMailgunWouldRefuseAndStoresNothing() throws IOException {
    MultipartBody noFrom =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart("to", "ann@example.com")
            .addFormDataPart("subject", "x")
            .addFormDataPart("text", "x")
            .build();
    MultipartBody.Builder manyTags = form();
    for (int i = 0; i < 4; i++) {
      manyTags.addFormDataPart("o:tag", "t" + i);
    }

    assertRefused(noFrom, "'from' parameter is missing");
    assertRefused(form().addFormDataPart("cc", "not-an-address").build(), "cc parameter is not");
    assertRefused(manyTags.build(), "Too many tags");
    assertRefused(
        form().addFormDataPart("v:blob", "x".repeat(16 * 1024)).build(), "Sending options");
    assertRefused(
        form().addFormDataPart("o:deliverytime", "Sun, 5 May 2024 12:00:01 GMT").build(),
        "'o:deliverytime' parameter is too far");
    assertThat(mailgun.messages()).isEmpty();
  }

  private void assertRefused(MultipartBody body, String message) throws IOException {
    try (Response response = post(body)) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.body().string()).contains(message);
    }
  }

  @Test
  void signsWebhooksAsMailgunDoes() throws Exception {
    try (Response response = post(form().build())) {
      assertThat(response.code()).isEqualTo(200);
    }
    mailgun.signingKey("key-fake-signing");

    WebhookRequest hook = mailgun.webhook(mailgun.messages().get(0), "failed", "permanent");

    String body = hook.bodyAsString();
    Matcher m =
        Pattern.compile(
                "\"token\":\"([0-9a-f]{50})\",\"timestamp\":\"(\\d+)\",\"signature\":\"([0-9a-f]{64})\"")
            .matcher(body);
    assertThat(m.find()).as(body).isTrue();
    assertThat(m.group(2)).isEqualTo(Long.toString(NOW.getEpochSecond()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("key-fake-signing".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(mac.doFinal((m.group(2) + m.group(1)).getBytes(StandardCharsets.UTF_8)));
    assertThat(m.group(3)).isEqualTo(expected);
    assertThat(body)
        .contains("\"event\":\"failed\"", "\"severity\":\"permanent\"")
        .contains("\"message-id\":\"" + mailgun.messages().get(0).messageId() + "\"")
        .contains("\"timestamp\":1714564800");
  }
}
