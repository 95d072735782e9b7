package dev.switchboard.webhooks.inbox;

import dev.switchboard.payments.stripe.StripeWebhookVerifier;
import dev.switchboard.testkit.simulator.StripeSimulator;
import dev.switchboard.webhooks.WebhookEventTypes;
import dev.switchboard.webhooks.WebhookRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * An application process for {@link InboxKilledAfterAcknowledgingTest}: it receives one signed
 * Stripe delivery on the inbox at {@code args[0]}, prints the answer, and starts handling it with a
 * handler that never returns, until the test kills the process.
 */
public final class InboxProcess {
  private InboxProcess() {}

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    WebhookInbox inbox =
        WebhookInbox.builder()
            .verifier(
                StripeWebhookVerifier.builder().secret(StripeSimulator.TEST_WEBHOOK_SECRET).build())
            .url(args[0])
            .threads(1)
            .pollingInterval(Duration.ofMillis(50))
            .heartbeatInterval(Duration.ofMillis(200))
            .instanceName("doomed")
            .on(
                WebhookEventTypes.PAYMENT_SUCCEEDED,
                event -> {
                  System.out.println("HANDLING " + event.id());
                  System.out.flush();
                  never.await();
                })
            .build();
    WebhookRequest delivery =
        new StripeSimulator(Clock.systemUTC())
            .webhookEvent(
                "payment_intent.succeeded",
                Map.of("id", "pi_killed", "object", "payment_intent", "status", "succeeded"));
    WebhookDecision decision = inbox.receive("stripe", delivery);
    System.out.println("ACK " + decision.status() + " " + decision.stored().get(0));
    System.out.flush();
    never.await();
  }
}
