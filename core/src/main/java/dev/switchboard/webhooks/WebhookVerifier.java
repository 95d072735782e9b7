package dev.switchboard.webhooks;

import dev.switchboard.WebhookVerificationException;
import java.util.List;

/**
 * Proves that a webhook delivery came from the provider and turns it into neutral events.
 *
 * <p>Give it the raw request; it checks the provider's signature over the exact bytes received,
 * rejects stale or replayed deliveries, and returns every event the delivery holds (some vendors
 * send batches). Anything it cannot prove or parse is a {@link WebhookVerificationException}:
 * answer such a request with 400 and do not act on it.
 *
 * <pre>{@code
 * try {
 *   for (WebhookEvent event : verifier.verify(request)) {
 *     if (event.type().equals(WebhookEventTypes.PAYMENT_SUCCEEDED)) { ... }
 *   }
 *   return 200;
 * } catch (WebhookVerificationException e) {
 *   return 400;
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe.
 */
public interface WebhookVerifier {
  /** The provider whose webhooks this verifies, such as {@code "fake"}. */
  String provider();

  /**
   * Verifies the delivery and returns its events, in the order the provider sent them.
   *
   * @throws WebhookVerificationException if the signature, timestamp or format is wrong
   */
  List<WebhookEvent> verify(WebhookRequest request);
}
