package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.WebhookVerificationException;
import dev.switchboard.WebhookVerificationException.Problem;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.webhooks.ReplayGuard;
import dev.switchboard.webhooks.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token is claimed after the signature and the timestamp pass and before {@code event-data} is
 * parsed, so a reused signature cannot make the verifier parse bodies; it is used up only once the
 * delivery is accepted.
 */
class MailgunWebhookTokenOrderTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final String EVENT =
      "{\"id\": \"evt-1\", \"event\": \"delivered\", \"timestamp\": 1714564800.25,"
          + " \"message\": {\"headers\": {\"message-id\": \"20240501.1@mg.example.com\"}}}";

  private final TestClock clock = TestClock.at(NOW);
  private final MailgunSimulator simulator = new MailgunSimulator(clock);
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final ReplayGuard inMemory = ReplayGuard.inMemory(Duration.ofMinutes(30), clock);
  private final MailgunWebhookVerifier verifier =
      MailgunWebhookVerifier.builder()
          .signingKey(MailgunSimulator.DEFAULT_SIGNING_KEY)
          .clock(clock)
          .replayGuard(new Recording())
          .build();

  /** Records each call before passing it on. */
  private final class Recording implements ReplayGuard {
    @Override
    public Sighting claim(String id) {
      calls.add("claim " + id);
      return inMemory.claim(id);
    }

    @Override
    public void complete(String id) {
      calls.add("complete " + id);
      inMemory.complete(id);
    }

    @Override
    public void release(String id) {
      calls.add("release " + id);
      inMemory.release(id);
    }
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private Problem problemOf(WebhookRequest request) {
    try {
      verifier.verify(request);
    } catch (WebhookVerificationException e) {
      return e.problem();
    }
    throw new AssertionError("accepted " + request);
  }

  @Test
  void anAcceptedDeliveryClaimsThenCompletesItsToken() {
    assertThat(verifier.verify(simulator.signedWebhook(EVENT, NOW, "tok-1"))).hasSize(1);

    assertThat(calls).containsExactly("claim tok-1", "complete tok-1");
  }

  @Test
  void aReusedTokenIsRefusedBeforeItsEventDataIsParsed() {
    verifier.verify(simulator.signedWebhook(EVENT, NOW, "tok-2"));
    calls.clear();
    // Large, and unreadable as an event (no id): parsing it would end as MALFORMED_BODY.
    String unreadable =
        "{\"event\": \"delivered\", \"padding\": \"" + "x".repeat(1_000_000) + "\"}";

    assertThat(problemOf(simulator.signedWebhook(unreadable, NOW, "tok-2")))
        .isEqualTo(Problem.REPLAYED);
    assertThat(calls).containsExactly("claim tok-2");
  }

  @Test
  void aTokenHeldByADeliveryInProgressIsRefused() {
    inMemory.claim("tok-3");

    assertThat(problemOf(simulator.signedWebhook(EVENT, NOW, "tok-3"))).isEqualTo(Problem.REPLAYED);
    assertThat(calls).containsExactly("claim tok-3");
  }

  @Test
  void unreadableEventDataReleasesTheTokenSoARedeliveryPasses() {
    assertThat(problemOf(simulator.signedWebhook("{\"event\": \"delivered\"}", NOW, "tok-4")))
        .isEqualTo(Problem.MALFORMED_BODY);
    assertThat(calls).containsExactly("claim tok-4", "release tok-4");

    assertThat(verifier.verify(simulator.signedWebhook(EVENT, NOW, "tok-4"))).hasSize(1);
  }

  @Test
  void anEventTimeBeyondAnyClockReleasesTheTokenToo() {
    String event = EVENT.replace("1714564800.25", "1e300");

    assertThat(problemOf(simulator.signedWebhook(event, NOW, "tok-5")))
        .isEqualTo(Problem.MALFORMED_BODY);
    assertThat(calls).containsExactly("claim tok-5", "release tok-5");
  }

  @Test
  void aForgedOrStaleDeliveryNeverReachesTheGuard() {
    WebhookRequest stale = simulator.signedWebhook(EVENT, NOW.minus(Duration.ofHours(1)), "tok-6");

    assertThatThrownBy(() -> verifier.verify(stale))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> assertThat(e.problem()).isEqualTo(Problem.TIMESTAMP_OUT_OF_TOLERANCE));
    assertThat(calls).isEmpty();
  }
}
