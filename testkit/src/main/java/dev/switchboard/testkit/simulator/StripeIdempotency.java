package dev.switchboard.testkit.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stripe's idempotency records: the answer saved under each {@code Idempotency-Key} with the
 * request it answered, forgotten after 24 hours.
 *
 * <p>Records are kept in the order they were saved, so forgetting the expired ones stops at the
 * first record still in the window: amortised constant time per request. A scan of every record on
 * each request made a charge slower the more charges came before it (1,927 charges/s at 5,000
 * records, 135/s at 40,000). A record saved out of time order (the clock went back) is still
 * refused by {@link #find} once it expires.
 */
final class StripeIdempotency {
  static final Duration WINDOW = Duration.ofHours(24);

  /** A saved answer and the request it answered. */
  record Saved(
      String method,
      String path,
      Map<String, String> params,
      int status,
      String body,
      String requestId,
      Instant at) {

    /** Whether {@code method}, {@code path} and {@code params} are the request saved. */
    boolean sameRequest(String method, String path, Map<String, String> params) {
      return this.method.equals(method) && this.path.equals(path) && this.params.equals(params);
    }
  }

  private final Map<String, Saved> saved = new LinkedHashMap<>();

  /** The answer saved under {@code key} in the 24 hours before {@code now}, or null. */
  Saved find(String key, Instant now) {
    Instant oldest = now.minus(WINDOW);
    for (Iterator<Saved> it = saved.values().iterator(); it.hasNext(); ) {
      if (!it.next().at().isBefore(oldest)) {
        break;
      }
      it.remove();
    }
    Saved found = saved.get(key);
    if (found != null && found.at().isBefore(oldest)) {
      saved.remove(key);
      return null;
    }
    return found;
  }

  /** Saves an answer under {@code key}, which {@link #find} did not find. */
  void save(String key, Saved answer) {
    saved.put(key, answer);
  }

  /** Forgets every record. */
  void clear() {
    saved.clear();
  }
}
