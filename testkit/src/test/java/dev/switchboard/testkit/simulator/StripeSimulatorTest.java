package dev.switchboard.testkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator's wire behaviour, seen by a plain HTTP client. */
class StripeSimulatorTest {
  private static final MediaType FORM = MediaType.get("application/x-www-form-urlencoded");
  private static final String CHARGE =
      "amount=1000&currency=eur&payment_method=pm_card_visa&confirm=true"
          + "&automatic_payment_methods%5Benabled%5D=true"
          + "&automatic_payment_methods%5Ballow_redirects%5D=never";

  private final StripeSimulator stripe =
      new StripeSimulator(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));
  private final OkHttpClient client = new OkHttpClient.Builder().build();

  @BeforeEach
  void start() {
    stripe.start();
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private Response post(String path, String body, String key, String idempotencyKey)
      throws IOException {
    Request.Builder request =
        new Request.Builder()
            .url(stripe.baseUrl().resolve(path))
            .post(RequestBody.create(body, FORM))
            .header("Authorization", "Bearer " + key);
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return client.newCall(request.build()).execute();
  }

  @Test
  void createsAPaymentIntentFromAFormAndAnswersJsonWithARequestId() throws IOException {
    try (Response response =
        post("/v1/payment_intents", CHARGE, StripeSimulator.TEST_API_KEY, "k1")) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("Request-Id")).startsWith("req_");
      assertThat(response.header("Content-Type")).startsWith("application/json");
      assertThat(response.body().string())
          .contains("\"object\":\"payment_intent\"", "\"status\":\"succeeded\"");
    }
    assertThat(stripe.paymentIntentCount()).isOne();
  }

  @Test
  void refusesAnotherKeyWith401AndAcceptsARotatedOne() throws IOException {
    try (Response response = post("/v1/payment_intents", CHARGE, "sk_test_fake_other", null)) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(response.header("Request-Id")).isNotBlank();
    }
    stripe.acceptApiKeys("sk_test_fake_other");
    try (Response response = post("/v1/payment_intents", CHARGE, "sk_test_fake_other", null)) {
      assertThat(response.code()).isEqualTo(200);
    }
    try (Response response =
        post("/v1/payment_intents", CHARGE, StripeSimulator.TEST_API_KEY, null)) {
      assertThat(response.code()).isEqualTo(401);
    }
  }

  @Test
  void replaysAKeyWithTheSameParametersAndRefusesOtherParameters() throws IOException {
    String first;
    try (Response response =
        post("/v1/payment_intents", CHARGE, StripeSimulator.TEST_API_KEY, "k2")) {
      first = response.body().string();
    }
    try (Response replay =
        post("/v1/payment_intents", CHARGE, StripeSimulator.TEST_API_KEY, "k2")) {
      assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(replay.header("Original-Request")).startsWith("req_");
      assertThat(replay.body().string()).isEqualTo(first);
    }
    try (Response reused =
        post(
            "/v1/payment_intents",
            CHARGE.replace("amount=1000", "amount=2000"),
            StripeSimulator.TEST_API_KEY,
            "k2")) {
      assertThat(reused.code()).isEqualTo(400);
      assertThat(reused.body().string()).contains("\"type\":\"idempotency_error\"");
    }
    assertThat(stripe.paymentIntentCount()).isOne();
    assertThat(stripe.replays()).isOne();
  }

  @Test
  void resetForgetsIntentsKeysFaultsAndKnobs() throws IOException {
    try (Response response =
        post("/v1/payment_intents", CHARGE, StripeSimulator.TEST_API_KEY, "k1")) {
      assertThat(response.code()).isEqualTo(200);
    }
    stripe.acceptApiKeys("sk_test_fake_rolled");
    stripe.failAlways(SimulatedFault.unavailable());

    stripe.reset();

    assertThat(stripe.paymentIntentCount()).isZero();
    assertThat(stripe.requests()).isEmpty();
    try (Response response =
        post("/v1/payment_intents", CHARGE, StripeSimulator.TEST_API_KEY, "k1")) {
      assertThat(response.code()).isEqualTo(200); // the default key again, no fault
      assertThat(response.header("Idempotent-Replayed")).isNull(); // k1 was forgotten
    }
    assertThat(stripe.paymentIntentCount()).isOne();
    assertThat(stripe.replays()).isZero();
  }

  @Test
  void forgetsAnIdempotencyKeyAfter24Hours() throws IOException {
    TestClock clock = TestClock.at(Instant.parse("2026-03-01T12:00:00Z"));
    try (StripeSimulator later = new StripeSimulator(clock)) {
      later.start();
      stripe.close();
      for (int i = 0; i < 3; i++) {
        try (Response response = postTo(later, "k-" + i)) {
          assertThat(response.code()).isEqualTo(200);
        }
        clock.advance(Duration.ofHours(10));
      }
      // now +30 h: k-0 (saved at +0 h) is past 24 h, k-1 (+10 h) is not
      try (Response response = postTo(later, "k-1")) {
        assertThat(response.header("Idempotent-Replayed")).isEqualTo("true");
      }
      try (Response response = postTo(later, "k-0")) {
        assertThat(response.header("Idempotent-Replayed")).isNull();
      }
      assertThat(later.paymentIntentCount()).isEqualTo(4);
    }
  }

  private Response postTo(StripeSimulator simulator, String idempotencyKey) throws IOException {
    return client
        .newCall(
            new Request.Builder()
                .url(simulator.baseUrl().resolve("/v1/payment_intents"))
                .post(RequestBody.create(CHARGE, FORM))
                .header("Authorization", "Bearer " + StripeSimulator.TEST_API_KEY)
                .header("Idempotency-Key", idempotencyKey)
                .build())
        .execute();
  }

  @Test
  void refusesParametersStripeDoesNotKnow() throws IOException {
    try (Response response =
        post("/v1/payment_intents", CHARGE + "&colour=blue", StripeSimulator.TEST_API_KEY, null)) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.body().string()).contains("parameter_unknown", "colour");
    }
  }

  @Test
  void refusesWhatBreaksStripesLimits() throws IOException {
    String base = CHARGE.replace("amount=1000", "amount=100");
    String[][] cases = {
      {"&description=" + "d".repeat(1001), "description"},
      {"&statement_descriptor_suffix=" + "s".repeat(23), "statement_descriptor_suffix"},
      {"&metadata%5Bk%0D%0Ax%5D=v", "metadata[k\\r\\nx]"},
      {"&metadata%5Bk%5D=" + "v".repeat(501), "metadata[k]"},
    };
    for (String[] c : cases) {
      try (Response response =
          post("/v1/payment_intents", base + c[0], StripeSimulator.TEST_API_KEY, null)) {
        assertThat(response.code()).as(c[1]).isEqualTo(400);
        assertThat(response.body().string()).as(c[1]).contains("\"param\":\"" + c[1] + "\"");
      }
    }
    try (Response response =
        post(
            "/v1/payment_intents",
            CHARGE.replace("amount=1000", "amount=100000000"),
            StripeSimulator.TEST_API_KEY,
            null)) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.body().string()).contains("amount_too_large");
    }
    try (Response response =
        post(
            "/v1/payment_intents",
            CHARGE.replace("amount=1000", "amount=999999999999").replace("eur", "idr"),
            StripeSimulator.TEST_API_KEY,
            null)) {
      assertThat(response.code()).isEqualTo(200);
    }
  }

  @Test
  void faultsAnswerInStripesFormatWithTheRetryHint() throws IOException {
    stripe.failNext(1, SimulatedFault.unavailable());
    try (Response response =
        post("/v1/payment_intents", CHARGE, StripeSimulator.TEST_API_KEY, "k3")) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(response.header("Stripe-Should-Retry")).isEqualTo("true");
      assertThat(response.header("Request-Id")).startsWith("req_");
      assertThat(response.body().string()).contains("\"type\":\"api_error\"");
    }
    assertThat(stripe.paymentIntentCount()).isZero();
  }

  @Test
  void signsWebhookEventsTheWayStripeDoes() throws Exception {
    var delivery = stripe.webhookEvent("payment_intent.succeeded", Map.of("id", "pi_1"));
    String header = delivery.header("Stripe-Signature").orElseThrow();
    String t = header.substring(2, header.indexOf(','));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            StripeSimulator.TEST_WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of()
            .formatHex(
                mac.doFinal((t + "." + delivery.bodyAsString()).getBytes(StandardCharsets.UTF_8)));

    assertThat(header).isEqualTo("t=1772366400,v1=" + expected);
    assertThat(delivery.bodyAsString()).contains("\"type\":\"payment_intent.succeeded\"");
  }
}
