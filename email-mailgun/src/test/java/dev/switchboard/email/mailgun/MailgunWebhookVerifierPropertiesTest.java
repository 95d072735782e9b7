package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.testkit.HostileInput;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.webhooks.WebhookChecks;
import dev.switchboard.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a delivery holds, signed or not, the verifier answers with events or with a {@link
 * WebhookVerificationException} that says what was wrong: never with another exception, which a web
 * layer would turn into a 500 and Mailgun into redeliveries.
 */
class MailgunWebhookVerifierPropertiesTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private final MailgunWebhookVerifier verifier =
      MailgunWebhookVerifier.builder()
          .signingKey(MailgunSimulator.DEFAULT_SIGNING_KEY)
          .clock(TestClock.at(NOW))
          .build();

  @Property
  void anyBodyFailsOnlyWithAReason(@ForAll("texts") String body) {
    assertOnlyVerificationFailures(body);
  }

  @Property
  void anySignaturePartsFailOnlyWithAReason(
      @ForAll("values") String timestamp,
      @ForAll("values") String token,
      @ForAll("values") String signature,
      @ForAll("eventData") String eventData) {
    assertOnlyVerificationFailures(envelope(timestamp, token, signature, eventData));
  }

  @Property
  void aValidlySignedDeliveryOfAnyTimeAndEventDataFailsOnlyWithAReason(
      @ForAll("timestamps") String timestamp,
      @ForAll("tokens") String token,
      @ForAll("eventData") String eventData) {
    String signature =
        HexFormat.of()
            .formatHex(
                WebhookChecks.hmacSha256(
                    MailgunSimulator.DEFAULT_SIGNING_KEY.getBytes(StandardCharsets.UTF_8),
                    (timestamp + token).getBytes(StandardCharsets.UTF_8)));

    assertOnlyVerificationFailures(
        envelope(quote(timestamp), quote(token), quote(signature), eventData));
  }

  private static String envelope(
      String timestamp, String token, String signature, String eventData) {
    return "{\"signature\":{\"timestamp\":"
        + timestamp
        + ",\"token\":"
        + token
        + ",\"signature\":"
        + signature
        + "},\"event-data\":"
        + eventData
        + "}";
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  private void assertOnlyVerificationFailures(String body) {
    WebhookRequest request = WebhookRequest.builder().body(body).build();

    Throwable thrown = catchThrowable(() -> verifier.verify(request));

    if (thrown != null) {
      assertThat(thrown).isInstanceOf(WebhookVerificationException.class);
      WebhookVerificationException failure = (WebhookVerificationException) thrown;
      assertThat(failure.problem()).isNotNull();
      assertThat(failure.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().ofMaxLength(100);
  }

  /** Unix seconds as Mailgun signs them: near now (so the tolerance passes), or any long. */
  @Provide
  Arbitrary<String> timestamps() {
    return Arbitraries.oneOf(
        Arbitraries.longs()
            .between(NOW.getEpochSecond() - 1200, NOW.getEpochSecond() + 1200)
            .map(String::valueOf),
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.of("99999999999999999", "999999999999", "0"));
  }

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(50);
  }

  /** A part of the signature object of any JSON type. */
  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        HostileInput.jsonNumbers(),
        Arbitraries.strings()
            .ofMaxLength(70)
            .map(s -> quote(s.replace("\"", "").replace("\\", ""))),
        Arbitraries.of("null", "true", "{}", "[]", "\"\""));
  }

  /** Mailgun-looking event data with hostile values, and values of any other JSON type. */
  @Provide
  Arbitrary<String> eventData() {
    Arbitrary<String> event =
        Combinators.combine(values(), values(), values(), values(), values())
            .as(
                (id, type, severity, time, messageId) ->
                    "{\"id\":"
                        + id
                        + ",\"event\":"
                        + type
                        + ",\"severity\":"
                        + severity
                        + ",\"timestamp\":"
                        + time
                        + ",\"message\":{\"headers\":{\"message-id\":"
                        + messageId
                        + "}}}");
    Arbitrary<String> wellTyped =
        HostileInput.jsonNumbers()
            .map(
                time ->
                    "{\"id\":\"e1\",\"event\":\"failed\",\"severity\":\"permanent\",\"timestamp\":"
                        + time
                        + "}");
    return Arbitraries.oneOf(event, wellTyped, values());
  }
}
