package dev.switchboard.email.sendgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.testkit.HostileInput;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a delivery holds, signed or not, the verifier answers with events or with a {@link
 * WebhookVerificationException} that says what was wrong: never with another exception, which a web
 * layer would turn into a 500 and SendGrid into redeliveries.
 */
class SendGridWebhookVerifierPropertiesTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  private final EventWebhookSigner signer = new EventWebhookSigner();
  private final SendGridWebhookVerifier verifier =
      SendGridWebhookVerifier.builder()
          .publicKey(signer.publicKey())
          .clock(TestClock.at(NOW))
          .build();

  @Property(tries = 300)
  void anyHeadersAndBodyFailOnlyWithAReason(
      @ForAll("texts") String signature,
      @ForAll("timestamps") String timestamp,
      @ForAll("bodies") String body) {
    assertOnlyVerificationFailures(request(signature, timestamp, body));
  }

  @Property(tries = 300)
  void aValidlySignedDeliveryOfAnyTimeAndBodyFailsOnlyWithAReason(
      @ForAll("timestamps") String timestamp, @ForAll("bodies") String body) {
    String signature = signer.sign(timestamp, body.getBytes(StandardCharsets.UTF_8));

    assertOnlyVerificationFailures(request(signature, timestamp, body));
  }

  private static WebhookRequest request(String signature, String timestamp, String body) {
    return WebhookRequest.builder()
        .header(SendGridWebhookVerifier.SIGNATURE_HEADER, signature)
        .header(SendGridWebhookVerifier.TIMESTAMP_HEADER, timestamp)
        .body(body)
        .build();
  }

  private void assertOnlyVerificationFailures(WebhookRequest request) {
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
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(100),
        Arbitraries.strings()
            .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
            .ofMaxLength(100));
  }

  /** Any long, times near now that pass the tolerance, and text that is no number at all. */
  @Provide
  Arbitrary<String> timestamps() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.longs()
            .between(NOW.getEpochSecond() - 600, NOW.getEpochSecond() + 600)
            .map(String::valueOf),
        Arbitraries.of(
            "99999999999999999",
            String.valueOf(Long.MAX_VALUE),
            String.valueOf(Long.MIN_VALUE),
            "99999999999999999999",
            "1e9",
            "+1714564800",
            " 1714564800 "),
        Arbitraries.strings().ofMaxLength(20));
  }

  /** Batches of SendGrid-looking events with hostile values, and arbitrary text. */
  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> value =
        Arbitraries.oneOf(
            HostileInput.jsonNumbers(),
            Arbitraries.strings().ofMaxLength(10).map(s -> "\"" + s.replace("\"", "") + "\""),
            Arbitraries.of("null", "true", "{}", "[]", "\"\"", "\"delivered\"", "\"x.filter1\""));
    Arbitrary<String> event =
        Combinators.combine(value, value, value, value)
            .as(
                (type, id, time, messageId) ->
                    "{\"event\":"
                        + type
                        + ",\"sg_event_id\":"
                        + id
                        + ",\"timestamp\":"
                        + time
                        + ",\"sg_message_id\":"
                        + messageId
                        + "}");
    Arbitrary<String> wellTyped =
        HostileInput.jsonNumbers()
            .map(
                time ->
                    "{\"event\":\"delivered\",\"sg_event_id\":\"e1\",\"timestamp\":"
                        + time
                        + ",\"sg_message_id\":\"m1.filter\"}");
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80),
        Arbitraries.oneOf(event, wellTyped, value)
            .list()
            .ofMaxSize(3)
            .map(events -> "[" + String.join(",", events) + "]\r\n"));
  }
}
