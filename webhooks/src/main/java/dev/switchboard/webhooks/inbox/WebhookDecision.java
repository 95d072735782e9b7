package dev.switchboard.webhooks.inbox;

import java.util.List;

/**
 * What the inbox answers a delivery: send {@link #status()} and {@link #body()} back as they are.
 *
 * <table>
 *   <caption>Statuses</caption>
 *   <tr><th>outcome</th><th>status</th><th>the vendor</th></tr>
 *   <tr><td>{@code ACCEPTED}: every event stored (or already stored)</td><td>200</td><td>stops</td></tr>
 *   <tr><td>{@code DUPLICATE}: every event was accepted before</td><td>200</td><td>stops</td></tr>
 *   <tr><td>{@code REFUSED}: the signature, timestamp or format is wrong</td><td>400</td><td>may
 *       retry; a tampered delivery never passes</td></tr>
 *   <tr><td>{@code UNKNOWN_PROVIDER}: no verifier for the path's provider</td><td>404</td><td></td></tr>
 *   <tr><td>{@code UNAVAILABLE}: the store or the replay guard is down</td><td>503</td><td>delivers
 *       again later; nothing was kept</td></tr>
 * </table>
 *
 * <p>The web layer adds 405 for a method other than POST and 413 for a body over the limit.
 *
 * @param status the HTTP status to answer
 * @param body a short plain-text reason, safe to send: it names a problem, never a secret
 * @param outcome what happened
 * @param stored the ids of the events this delivery stored
 * @param duplicates the ids of the events that were accepted before
 */
public record WebhookDecision(
    int status, String body, Outcome outcome, List<String> stored, List<String> duplicates) {

  /** What the inbox did with a delivery. */
  public enum Outcome {
    ACCEPTED,
    DUPLICATE,
    REFUSED,
    UNKNOWN_PROVIDER,
    UNAVAILABLE,
    TOO_LARGE,
    METHOD_NOT_ALLOWED
  }

  public WebhookDecision {
    stored = List.copyOf(stored);
    duplicates = List.copyOf(duplicates);
  }

  /** Whether the vendor gets a 2xx and so stops delivering. */
  public boolean acknowledged() {
    return status >= 200 && status < 300;
  }

  static WebhookDecision refused(Outcome outcome, int status, String body) {
    return new WebhookDecision(status, body, outcome, List.of(), List.of());
  }

  /** The answer to a request that is not a POST. */
  public static WebhookDecision methodNotAllowed() {
    return refused(Outcome.METHOD_NOT_ALLOWED, 405, "only POST is accepted");
  }

  /** The answer to a body over {@code limit} bytes. */
  public static WebhookDecision tooLarge(long limit) {
    return refused(Outcome.TOO_LARGE, 413, "the body is larger than " + limit + " bytes");
  }

  /** The answer to a path or provider that names no configured provider. */
  public static WebhookDecision unknownProvider() {
    return refused(Outcome.UNKNOWN_PROVIDER, 404, "no webhook endpoint at this path");
  }

  /** The answer to a request the web layer could not turn into a delivery (a bad header). */
  public static WebhookDecision malformed(String reason) {
    return refused(Outcome.REFUSED, 400, "refused: " + reason);
  }
}
