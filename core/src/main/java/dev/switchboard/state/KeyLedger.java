package dev.switchboard.state;

import java.util.Optional;

/**
 * A write-ahead record, per idempotency key, of state-changing calls that may move between
 * providers: which provider a key went to, the key sent there, and how the call ended.
 *
 * <p>The failover composites {@link #claim} a key <b>before</b> a byte of the request is sent, and
 * {@link #settle} it once the answer is known. A repeat of the key, in any instance sharing the
 * ledger and after any restart, finds the record and goes only to its provider while the vendor may
 * have acted ({@link LedgerState#pinsProvider()}).
 *
 * <pre>{@code
 * Claim claim = ledger.claim("payments.charge", "order-42", "acme-pay", "order-42", digest);
 * if (claim.won()) {
 *   Payment payment = gateway.charge(request);
 *   ledger.settle(claim.record(), LedgerState.SUCCEEDED, payment.id().value());
 * } else {
 *   // claim.record().provider() holds the key: a repeat goes there only
 * }
 * }</pre>
 *
 * <p>Records are kept for the store's retention after their last change (default 7 days), and a
 * store never forgets a {@link LedgerState#PENDING} or {@link LedgerState#UNKNOWN} record before
 * then. A failure to reach the store is a {@link StateStoreException}. Implementations are
 * thread-safe, and {@link #claim} and {@link #settle} are atomic across every instance sharing the
 * store.
 */
public interface KeyLedger {
  /**
   * Claims {@code key} for {@code provider}, atomically: the first writer wins. A record that is
   * absent, expired or {@link LedgerState#FAILED} is replaced by a {@link LedgerState#PENDING} one
   * for this provider (the caller wins); any other record stands (the caller loses and gets it).
   *
   * @param scope what the key belongs to, such as {@code payments.charge}: the same key in two
   *     scopes is two records
   * @param key the caller's idempotency key
   * @param provider the provider the request is about to be sent to
   * @param sentKey the idempotency key that provider will receive
   * @param fingerprint a digest of what the request asks for, without its key; kept with the record
   *     so that a repeat with other parameters can be refused
   * @throws StateStoreException if the store cannot be reached or answered wrongly; the claim may
   *     or may not have been written
   */
  Claim claim(String scope, String key, String provider, String sentKey, String fingerprint);

  /**
   * The live record of {@code key}, if any.
   *
   * @throws StateStoreException if the store cannot be reached
   */
  Optional<LedgerRecord> find(String scope, String key);

  /**
   * Records how the call of {@code claimed} ended, only if the record is still the one read (same
   * version): a settle that lost a race changes nothing.
   *
   * @param claimed the record as the caller last saw it
   * @param state the new state
   * @param vendorId the vendor's id of the result, or null to keep the record's
   * @return the record written, or empty when the record had changed (or expired) meanwhile
   * @throws StateStoreException if the store cannot be reached
   */
  Optional<LedgerRecord> settle(LedgerRecord claimed, LedgerState state, String vendorId);
}
