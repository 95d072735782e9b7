package dev.switchboard.webhooks.inbox;

import dev.switchboard.webhooks.WebhookEvent;

/**
 * Handles one verified event, after the vendor has had its answer. Runs on one of the inbox's
 * worker threads; an exception makes the inbox try again later (with back-off, until the deadline,
 * then {@link InboxState#DEAD}).
 *
 * <pre>{@code
 * inbox.on(WebhookEventTypes.PAYMENT_SUCCEEDED, event -> orders.markPaid(event.subjectId()));
 * }</pre>
 *
 * <p>A handler runs once per event in normal operation. If the process dies after a handler
 * returned but before the inbox recorded it, the event is handled again after the restart (at least
 * once): write handlers so that a second run of one event changes nothing, for example by keying
 * their own writes on {@link WebhookEvent#id()}.
 */
@FunctionalInterface
public interface WebhookHandler {
  /**
   * @throws Exception to have the event handled again later
   */
  void handle(WebhookEvent event) throws Exception;
}
