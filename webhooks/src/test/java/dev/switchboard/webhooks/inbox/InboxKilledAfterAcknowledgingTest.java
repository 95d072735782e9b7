package dev.switchboard.webhooks.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.payments.stripe.StripeWebhookVerifier;
import dev.switchboard.testkit.Poll;
import dev.switchboard.testkit.ShiftedClock;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.webhooks.WebhookEventTypes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real process acknowledges a delivery, starts its handler and is killed (SIGKILL) mid-handler; a
 * new process on the same database handles the event.
 */
class InboxKilledAfterAcknowledgingTest {
  @TempDir Path dir;

  @Test
  void anEventAcknowledgedByAProcessKilledMidHandlerIsHandledAfterTheRestart() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("inbox");
    Process doomed =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                InboxProcess.class.getName(),
                url)
            .redirectErrorStream(true)
            .start();
    String acknowledged = null;
    String handling = null;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(doomed.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (handling == null && (line = lines.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged = line;
        } else if (line.startsWith("HANDLING ")) {
          handling = line.substring("HANDLING ".length());
        }
      }
    } finally {
      doomed.destroyForcibly();
      assertThat(doomed.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).as("the killed process's answer").startsWith("ACK 200 ");
    assertThat(handling).as("the event it was handling").isNotNull();
    String eventId = acknowledged.substring("ACK 200 ".length());
    assertThat(handling).isEqualTo(eventId);

    ShiftedClock clock = new ShiftedClock();
    clock.advance(Duration.ofMinutes(1)); // the dead process's heartbeats are long stale
    List<String> handled = new CopyOnWriteArrayList<>();
    try (WebhookInbox restarted =
        WebhookInbox.builder()
            .verifier(
                StripeWebhookVerifier.builder().secret(StripeSimulator.TEST_WEBHOOK_SECRET).build())
            .url(url)
            .clock(clock)
            .pollingInterval(Duration.ofMillis(100))
            .heartbeatInterval(Duration.ofMillis(200))
            .instanceName("restarted")
            .on(WebhookEventTypes.PAYMENT_SUCCEEDED, e -> handled.add(e.id()))
            .build()) {
      Poll.until(
          "handled",
          restarted::wakeUp,
          () -> restarted.event("stripe", eventId).orElseThrow().state() == InboxState.HANDLED,
          restarted::depth);
      InboxEvent event = restarted.event("stripe", eventId).orElseThrow();
      assertThat(handled).containsExactly(eventId);
      assertThat(event.attempts()).isEqualTo(2);
      assertThat(event.history()).contains("attempt 1", "attempt 2", "handled");
    }
  }
}
