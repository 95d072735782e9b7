package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.testkit.HostileInput;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.webhooks.WebhookRequest;
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
 * layer would turn into a 500 and the vendor into endless redeliveries.
 */
class StripeWebhookVerifierPropertiesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final StripeWebhookVerifier verifier =
      StripeWebhookVerifier.builder()
          .secret(StripeSimulator.TEST_WEBHOOK_SECRET)
          .clock(TestClock.at(NOW))
          .build();

  @Property
  void anyHeaderAndBodyFailOnlyWithAReason(
      @ForAll("headers") String header, @ForAll("bodies") String body) {
    assertOnlyVerificationFailures(
        WebhookRequest.builder().header("Stripe-Signature", header).body(body).build());
  }

  @Property
  void aValidlySignedDeliveryOfAnyTimeAndBodyFailsOnlyWithAReason(
      @ForAll("times") long signedAt, @ForAll("bodies") String body) {
    String header =
        StripeSimulator.signatureHeader(StripeSimulator.TEST_WEBHOOK_SECRET, signedAt, body);

    assertOnlyVerificationFailures(
        WebhookRequest.builder().header("Stripe-Signature", header).body(body).build());
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

  /** Any long, with the edges and the times near now that pass the tolerance. */
  @Provide
  Arbitrary<Long> times() {
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(NOW.getEpochSecond() - 600, NOW.getEpochSecond() + 600),
        Arbitraries.of(
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            0L,
            -1L,
            99_999_999_999_999_999L,
            Instant.MAX.getEpochSecond(),
            Instant.MAX.getEpochSecond() + 1,
            Instant.MIN.getEpochSecond() - 1));
  }

  @Provide
  Arbitrary<String> headers() {
    Arbitrary<String> part =
        Arbitraries.oneOf(
            HostileInput.jsonNumbers(),
            Arbitraries.strings().ofMaxLength(20),
            Arbitraries.strings().withChars("0123456789abcdef").ofLength(64));
    Arbitrary<String> named =
        Combinators.combine(Arbitraries.of("t", "v1", "v0", "", " t ", "t="), part)
            .as((name, value) -> name + "=" + value);
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(60),
        named.list().ofMaxSize(5).map(parts -> String.join(",", parts)));
  }

  /** Stripe-looking events with hostile values, and arbitrary text. */
  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> value =
        Arbitraries.oneOf(
            HostileInput.jsonNumbers(),
            Arbitraries.strings().ofMaxLength(10).map(s -> "\"" + s.replace("\"", "") + "\""),
            Arbitraries.of("null", "true", "{}", "[]", "\"\"", "{\"a\":[[[[[]]]]]}"));
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(80),
        Combinators.combine(value, value, value, value)
            .as(
                (id, type, created, object) ->
                    "{\"id\":"
                        + id
                        + ",\"type\":"
                        + type
                        + ",\"created\":"
                        + created
                        + ",\"data\":{\"object\":"
                        + object
                        + "}}"),
        HostileInput.jsonNumbers()
            .map(
                created ->
                    "{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\"created\":"
                        + created
                        + ",\"data\":{\"object\":{\"id\":\"pi_1\"}}}"));
  }
}
