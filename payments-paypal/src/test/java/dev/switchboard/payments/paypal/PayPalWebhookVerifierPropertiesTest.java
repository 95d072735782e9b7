package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.config.Secret;
import dev.switchboard.testkit.HostileInput;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner;
import dev.switchboard.testkit.simulator.PayPalWebhookSigner.Key;
import dev.switchboard.testkit.simulator.PayPalWebhookSimulator;
import dev.switchboard.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever a delivery holds, signed or not, both modes answer with events or with a {@link
 * WebhookVerificationException} that says what was wrong: never with another exception, which a web
 * layer would turn into a 500 and PayPal into redeliveries. (The simulator is always up, so the
 * taxonomy's "could not ask PayPal" exceptions do not arise here.)
 */
class PayPalWebhookVerifierPropertiesTest {
  private static final String WEBHOOK_ID = "8PT597110X687430LKGECATA";
  private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static PayPalWebhookSimulator paypal;
  private static PayPalWebhookSigner signer;
  private static PayPalWebhookVerifier offline;
  private static PayPalWebhookVerifier api;

  @BeforeContainer
  static void start() {
    paypal = new PayPalWebhookSimulator(CLOCK);
    paypal.start();
    signer = paypal.signer(WEBHOOK_ID, Key.TRUSTED);
    offline =
        PayPalWebhookVerifier.builder()
            .webhookId(WEBHOOK_ID)
            .mode(PayPalWebhookVerifier.Mode.OFFLINE)
            .clock(CLOCK)
            .trustStore(PayPalWebhookSigner.trustStore())
            .allowedCertificateHosts(paypal.baseUrl().host())
            .allowPlainHttpOnLoopback(true)
            .build();
    api =
        PayPalWebhookVerifier.builder()
            .webhookId(WEBHOOK_ID)
            .baseUrl(paypal.baseUrl().toString())
            .clientId("client-id-fake")
            .clientSecret(Secret.of("secret-fake"))
            .clock(CLOCK)
            .build();
  }

  @AfterContainer
  static void stop() {
    paypal.close();
  }

  @Property(tries = 200)
  void anyHeadersAndBodyFailOfflineOnlyWithAReason(
      @ForAll("ids") String id,
      @ForAll("times") String time,
      @ForAll("texts") String signature,
      @ForAll("certUrls") String certUrl,
      @ForAll("texts") String algo,
      @ForAll("bodies") String body) {
    assertOnlyVerificationFailures(offline, delivery(id, time, signature, certUrl, algo, body));
  }

  @Property(tries = 300)
  void aValidlySignedDeliveryOfAnyTimeAndBodyFailsOfflineOnlyWithAReason(
      @ForAll("ids") String id, @ForAll("times") String time, @ForAll("bodies") String body) {
    assertOnlyVerificationFailures(offline, signed(id, time, body));
  }

  @Property(tries = 60)
  void aValidlySignedDeliveryOfAnyTimeAndBodyFailsInApiModeOnlyWithAReason(
      @ForAll("ids") String id, @ForAll("times") String time, @ForAll("bodies") String body) {
    assertOnlyVerificationFailures(api, signed(id, time, body));
  }

  private static WebhookRequest signed(String id, String time, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String signature = signer.signature(id, time, WEBHOOK_ID, bytes);
    return delivery(
        id,
        time,
        signature,
        signer.certificateUrl().toString(),
        PayPalWebhookSigner.AUTH_ALGO,
        body);
  }

  private static WebhookRequest delivery(
      String id, String time, String signature, String certUrl, String algo, String body) {
    return WebhookRequest.builder()
        .header("PAYPAL-TRANSMISSION-ID", id)
        .header("PAYPAL-TRANSMISSION-TIME", time)
        .header("PAYPAL-TRANSMISSION-SIG", signature)
        .header("PAYPAL-CERT-URL", certUrl)
        .header("PAYPAL-AUTH-ALGO", algo)
        .body(body)
        .build();
  }

  private static void assertOnlyVerificationFailures(
      PayPalWebhookVerifier verifier, WebhookRequest request) {
    Throwable thrown = catchThrowable(() -> verifier.verify(request));

    if (thrown != null) {
      assertThat(thrown).isInstanceOf(WebhookVerificationException.class);
      WebhookVerificationException failure = (WebhookVerificationException) thrown;
      assertThat(failure.problem()).isNotNull();
      assertThat(failure.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        Arbitraries.strings().alpha().numeric().withChars('-').ofMinLength(1).ofMaxLength(50),
        Arbitraries.strings().ofMaxLength(60));
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().ofMaxLength(60);
  }

  @Provide
  Arbitrary<String> certUrls() {
    return Arbitraries.oneOf(
        Arbitraries.just(signer.certificateUrl().toString()),
        Arbitraries.strings()
            .alpha()
            .ofMaxLength(20)
            .map(path -> paypal.baseUrl().resolve("/v1/notifications/certs/" + path).toString()),
        Arbitraries.of("https://api.paypal.com/x", "http://evil.example/cert", "ftp://x", ""),
        Arbitraries.strings().ofMaxLength(40));
  }

  /**
   * Transmission times: near now (so the tolerance passes), of any epoch second an ISO date can
   * name, with extreme years and offsets, or any text.
   */
  @Provide
  Arbitrary<String> times() {
    return Arbitraries.oneOf(
        Arbitraries.longs()
            .between(NOW.getEpochSecond() - 600, NOW.getEpochSecond() + 600)
            .map(s -> DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(s))),
        Arbitraries.longs()
            .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
            .map(s -> DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(s))),
        Arbitraries.of(
            "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z",
            "+1000000000-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59-18:00",
            "-999999999-01-01T00:00:00+18:00",
            "2024-06-01T12:00:00+25:00",
            "2024-02-30T12:00:00Z",
            "99999999999999999"),
        Arbitraries.strings().ofMaxLength(30));
  }

  /** PayPal-looking events with hostile values, and arbitrary text. */
  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> value =
        Arbitraries.oneOf(
            HostileInput.jsonNumbers(),
            times().map(t -> "\"" + t.replace("\"", "").replace("\\", "") + "\""),
            Arbitraries.of("null", "true", "{}", "[]", "\"\"", "{\"id\":{}}", "\"PAYMENT\""));
    Arbitrary<String> event =
        Combinators.combine(value, value, value, value)
            .as(
                (id, type, created, resource) ->
                    "{\"id\":"
                        + id
                        + ",\"event_type\":"
                        + type
                        + ",\"create_time\":"
                        + created
                        + ",\"resource\":"
                        + resource
                        + "}");
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80),
        event,
        event.map(e -> e + e),
        Arbitraries.of(List.of("{\"id\":\"WH-1\"}", "[{}]", "{\"a\":[[[[[[[[[[]]]]]]]]]]}")));
  }
}
