package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.squareup.moshi.JsonReader;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.config.Secret;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner.Key;
import dev.switchboard.testkit.simulator.PayPalWebhookSimulator;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PayPalWebhookVerifierApiTest {
  static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
  static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  static final String CAPTURE = "{\"id\":\"42311647XV020574X\",\"status\":\"COMPLETED\"}";

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private PayPalWebhookSimulator paypal;
  private PayPalWebhookSigner signer;

  @BeforeEach
  void start() {
    paypal = new PayPalWebhookSimulator(clock);
    paypal.start();
    signer = paypal.signer(WEBHOOK_ID, Key.TRUSTED);
  }

  @AfterEach
  void stop() {
    paypal.close();
  }

  private PayPalWebhookVerifier.Builder api() {
    return PayPalWebhookVerifier.builder()
        .webhookId(WEBHOOK_ID)
        .baseUrl(paypal.baseUrl().toString())
        .clientId("client-id-fake")
        .clientSecret(Secret.of("secret-fake"))
        .clock(clock);
  }

  private List<RecordedRequest> verifyCalls() {
    return paypal.requests().stream()
        .filter(r -> r.getUrl().encodedPath().equals(PayPalWebhookSimulator.VERIFY_PATH))
        .toList();
  }

  private static Map<String, String> stringFields(String json) throws IOException {
    Map<String, String> fields = new HashMap<>();
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json))) {
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (reader.peek() == JsonReader.Token.STRING) {
          fields.put(name, reader.nextString());
        } else {
          fields.put(name, reader.nextSource().readUtf8());
        }
      }
    }
    return fields;
  }

  @Test
  void asksPayPalWithTheHeadersTheWebhookIdAndTheEventAsReceived() throws IOException {
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);

    assertThat(api().build().verify(delivery))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo(WebhookEventTypes.PAYMENT_SUCCEEDED);
              assertThat(event.subjectId()).isEqualTo("42311647XV020574X");
            });

    RecordedRequest token = paypal.requests().get(0);
    assertThat(token.getUrl().encodedPath()).isEqualTo("/v1/oauth2/token");
    RecordedRequest call = verifyCalls().get(0);
    assertThat(call.getMethod()).isEqualTo("POST");
    assertThat(call.getHeaders().get("Authorization"))
        .isEqualTo("Bearer A21AA-fake-webhook-token-1");
    assertThat(call.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(call.getHeaders().get("PayPal-Request-Id")).isNull();
    Map<String, String> fields = stringFields(call.getBody().utf8());
    assertThat(fields)
        .containsEntry("auth_algo", "SHA256withRSA")
        .containsEntry("cert_url", paypal.certificateUrl(Key.TRUSTED).toString())
        .containsEntry("transmission_id", delivery.header("PAYPAL-TRANSMISSION-ID").orElseThrow())
        .containsEntry("transmission_sig", delivery.header("PAYPAL-TRANSMISSION-SIG").orElseThrow())
        .containsEntry(
            "transmission_time", delivery.header("PAYPAL-TRANSMISSION-TIME").orElseThrow())
        .containsEntry("webhook_id", WEBHOOK_ID)
        .containsEntry("webhook_event", delivery.bodyAsString())
        .hasSize(7);
  }

  @Test
  void splicesTheEventByteForByteWhateverItsFormatting() {
    String body =
        "{ \"resource\" : {\"id\":\"5O190127TN364715T\", \"amount\": 1.50E1, \"note\":\"caf\\u00e9 \u00fc\"},\n"
            + "  \"event_type\":\"CHECKOUT.ORDER.APPROVED\", \"create_time\":\"2024-06-01T11:59:59.123Z\","
            + " \"id\":\"WH-58D329510W468432D-8HN650336L201105X\", \"extra\": [null, true, {}] }";
    WebhookRequest delivery = signer.sign(body.getBytes(StandardCharsets.UTF_8));

    assertThat(api().build().verify(delivery))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.type()).isEqualTo(WebhookEventTypes.PAYMENT_AUTHORIZED);
              assertThat(event.rawJson()).isEqualTo(body);
            });
    assertThat(verifyCalls().get(0).getBody().utf8()).endsWith(",\"webhook_event\":" + body + "}");
  }

  @Test
  void failureFromPayPalIsASignatureMismatch() {
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    PayPalWebhookVerifier verifier = api().webhookId("5GP028458E2496506").build();

    assertThatThrownBy(() -> verifier.verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.problem()).isEqualTo(Problem.SIGNATURE_MISMATCH);
              assertThat(e.reason()).contains("FAILURE");
            });
  }

  @Test
  void aTamperedBodyFailsAtPayPal() {
    WebhookRequest signed = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    WebhookRequest tampered =
        WebhookRequest.of(
            signed.headers(),
            signed.bodyAsString().replace("COMPLETED", "DENIED").getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> api().build().verify(tampered))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.SIGNATURE_MISMATCH));
    assertThat(verifyCalls()).hasSize(1);
  }

  @Test
  void aBodyThatIsNotOneJsonObjectIsNeverSentToPayPal() {
    byte[] smuggling =
        "{\"id\":\"WH-1\"},\"webhook_id\":\"ATTACKERWEBHOOK\"".getBytes(StandardCharsets.UTF_8);
    WebhookRequest delivery = signer.sign(smuggling);

    assertThatThrownBy(() -> api().build().verify(delivery))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.MALFORMED_BODY));
    assertThat(paypal.requests()).isEmpty();
  }

  @Test
  void aNewTokenIsFetchedOnceWhenPayPalRefusesTheCachedOne() {
    PayPalWebhookVerifier verifier = api().build();
    verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE));
    paypal.expireTokens();

    assertThat(verifier.verify(signer.sign("PAYMENT.CAPTURE.REFUNDED", CAPTURE))).hasSize(1);

    List<RecordedRequest> calls = verifyCalls();
    assertThat(calls).hasSize(3);
    assertThat(calls.get(1).getHeaders().get("Authorization"))
        .isEqualTo("Bearer A21AA-fake-webhook-token-1");
    assertThat(calls.get(2).getHeaders().get("Authorization"))
        .isEqualTo("Bearer A21AA-fake-webhook-token-2");
    assertThat(paypal.requests())
        .filteredOn(r -> r.getUrl().encodedPath().equals("/v1/oauth2/token"))
        .hasSize(2);
  }

  @Test
  void serverErrorsAndLostAnswersAreNeverAVerification() {
    PayPalWebhookVerifier verifier = api().readTimeout(Duration.ofSeconds(2)).build();
    verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE));

    paypal.failNext(1, SimulatedFault.serverError());
    assertThatThrownBy(() -> verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE)))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(500);
              assertThat(e.vendorCode()).contains("INTERNAL_SERVER_ERROR");
              assertThat(e.vendorRequestId())
                  .hasValueSatisfying(id -> assertThat(id).startsWith("f00d"));
            });
    paypal.failNext(1, SimulatedFault.unavailable());
    assertThatThrownBy(() -> verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE)))
        .isInstanceOf(ProviderUnavailableException.class);
    paypal.failNext(1, SimulatedFault.rateLimited(Duration.ofSeconds(3)));
    assertThatThrownBy(() -> verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE)))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3)));
    paypal.failNext(1, SimulatedFault.resetAfterRequest());
    assertThatThrownBy(() -> verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE)))
        .isInstanceOf(OutcomeUnknownException.class);
    paypal.failNext(1, SimulatedFault.malformedBody());
    assertThatThrownBy(() -> verifier.verify(signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE)))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> assertThat(e.reason()).contains("unparseable success body"));
  }

  @Test
  void aRetriedDeliveryIsAcceptedAfterPayPalWasUnavailable() {
    PayPalWebhookVerifier verifier = api().build();
    WebhookRequest delivery = signer.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE);
    paypal.failNext(1, SimulatedFault.unavailable());

    assertThatThrownBy(() -> verifier.verify(delivery))
        .isInstanceOf(ProviderUnavailableException.class);

    assertThat(verifier.verify(delivery)).hasSize(1);
  }

  @Test
  void verifiesThroughThePaymentSimulatorsRouteAndItsBearerCheck() {
    try (PayPalSimulator payments = new PayPalSimulator(clock, "client-id-fake", "secret-fake")) {
      payments.start();
      payments.route("POST", PayPalWebhookSimulator.VERIFY_PATH, paypal::verifySignature);
      PayPalWebhookSigner defaultSigner =
          PayPalWebhookSigner.builder().webhookId(WEBHOOK_ID).clock(clock).build();
      PayPalWebhookVerifier verifier = api().baseUrl(payments.baseUrl().toString()).build();

      assertThat(verifier.verify(defaultSigner.sign("PAYMENT.CAPTURE.COMPLETED", CAPTURE)))
          .singleElement()
          .satisfies(e -> assertThat(e.type()).isEqualTo(WebhookEventTypes.PAYMENT_SUCCEEDED));
      assertThat(payments.requests())
          .extracting(r -> r.getUrl().encodedPath())
          .containsExactly("/v1/oauth2/token", PayPalWebhookSimulator.VERIFY_PATH);
      assertThat(payments.lastRequest().orElseThrow().getHeaders().get("Authorization"))
          .startsWith("Bearer ");
    }
  }
}
