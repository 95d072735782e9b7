package dev.switchboard.deferred;

import dev.switchboard.email.EmailMessage;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.PutOptions;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/**
 * A durable queue of calls that finish when the vendor can take them: a charge accepted during a
 * full outage is charged once the provider is back.
 *
 * <pre>{@code
 * DeferredCalls deferred = switchboard.deferred();
 * DeferredCall call = deferred.charge(request);      // stored; returns at once, QUEUED
 * deferred.addListener((done, outcome) -> ...);      // Charged, Sent, Stored or Failed
 *
 * // The transactional outbox: the order row and its payment commit or roll back together.
 * try (Connection c = appDataSource.getConnection()) {
 *   c.setAutoCommit(false);
 *   insertOrder(c, order);
 *   deferred.inTransaction(c).charge(request);
 *   c.commit();
 * }
 * }</pre>
 *
 * <p>Every attempt of a call sends the request's own idempotency key, and the key ledger pins the
 * key to the provider that first received it, so a call runs at least once and acts at most once.
 * Retryable failures (unavailable, rate limited, breaker open, every provider out) and unknown
 * outcomes leave the call {@link DeferredState#WAITING}: first the wait the failure asks for (a
 * {@code Retry-After}, or the rest of an open breaker's wait; see {@link
 * dev.switchboard.resilience.ErrorPolicy#retryAfter}), then full-jitter exponential back-off capped
 * per port. A definite answer (declined, invalid, conflict, credentials) ends it {@link
 * DeferredState#FAILED}; the deadline (24 hours for a charge and 72 for an email unless configured)
 * ends it {@link DeferredState#DEAD}.
 *
 * <p>A queue holds one call per port and idempotency key: enqueueing the same request again (an
 * application retrying its own request, say) returns the first call.
 *
 * <p>Nothing secret is stored: a charge's source must be vendor tokens ({@code
 * PaymentSource.token}), and requests are kept as versioned JSON. Thread-safe.
 */
public interface DeferredCalls extends AutoCloseable {
  /**
   * Stores a charge to run as soon as a worker is free. Enqueueing a request whose key was enqueued
   * before (and not yet purged) returns that first call instead of a second one.
   *
   * @throws dev.switchboard.ConflictException if the key was enqueued before for a different
   *     request
   * @throws dev.switchboard.InvalidRequestException if the source is not vendor tokens
   * @throws dev.switchboard.state.StateStoreException if the queue's database cannot be written
   */
  DeferredCall charge(ChargeRequest request);

  /**
   * Stores an email to send as soon as a worker is free; a repeat of its key returns the first
   * call.
   *
   * @throws dev.switchboard.ConflictException if the key was enqueued before for a different
   *     message
   * @throws dev.switchboard.state.StateStoreException if the queue's database cannot be written
   */
  DeferredCall send(EmailMessage message);

  /**
   * Stores a put: bytes up to the configured inline limit are copied into the queue, a {@code Path}
   * is stored as its path and read when the call runs (so the file must stay until then).
   *
   * @throws dev.switchboard.InvalidRequestException if the content is a stream, or bytes over the
   *     limit
   * @throws dev.switchboard.ConflictException if the key was enqueued before for a different put
   */
  DeferredCall put(String key, BlobContent content, PutOptions options);

  /** The call with this id, as it stands now; empty when there is none. */
  Optional<DeferredCall> status(String id);

  /**
   * The calls in {@code state}, oldest first, one page at a time.
   *
   * @param page which page, from 0
   * @param pageSize how many calls a page holds, 1 to 1000
   */
  List<DeferredCall> list(DeferredState state, int page, int pageSize);

  /**
   * Runs a {@link DeferredState#DEAD} call again with the same idempotency key and a new deadline.
   *
   * @throws dev.switchboard.NotFoundException if there is no such call
   * @throws dev.switchboard.ConflictException if the call is not DEAD
   */
  DeferredCall retry(String id);

  /**
   * Cancels a call that nothing has been sent for yet.
   *
   * @throws dev.switchboard.NotFoundException if there is no such call
   * @throws dev.switchboard.ConflictException if the call is running, may have reached a vendor, or
   *     has ended
   */
  DeferredCall cancel(String id);

  /**
   * The same queue, enqueuing with the application's own connection: each call is written in the
   * connection's current transaction and runs only once the application commits it. The queue never
   * commits, rolls back or closes {@code connection} while its auto-commit is off; with auto-commit
   * on, each call is written in a transaction of its own.
   */
  DeferredCalls inTransaction(Connection connection);

  /** Tells {@code listener} about every call this instance ends. */
  void addListener(DeferredListener listener);

  /** Queue depth per state, the age of the oldest open call, and this instance's executions. */
  DeferredHealth health();

  /** Stops this instance's workers; calls stay stored for the next start. */
  @Override
  void close();
}
