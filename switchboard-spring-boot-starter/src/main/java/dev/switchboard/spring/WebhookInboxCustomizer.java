package dev.switchboard.spring;

import dev.switchboard.webhooks.inbox.WebhookInbox;

/**
 * Adds to the {@link WebhookInbox} the starter builds from {@code switchboard.webhooks.*}, before
 * it is built: handlers above all, so that no event is taken before its handler is there.
 *
 * <pre>{@code
 * @Bean
 * WebhookInboxCustomizer orderHandlers(Orders orders) {
 *   return inbox -> inbox.on("payment.succeeded", event -> orders.markPaid(event));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface WebhookInboxCustomizer {
  /** Adds handlers, or changes other settings, on the inbox's builder. */
  void customize(WebhookInbox.Builder inbox);
}
