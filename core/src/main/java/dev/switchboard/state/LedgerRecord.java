package dev.switchboard.state;

import dev.switchboard.InvalidRequestException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One key's entry in the {@link KeyLedger}: which provider a state-changing call went to, the key
 * it sent there, how it ended, and the vendor's id for its result.
 *
 * <p>{@code version} grows by one with every change, so that {@link KeyLedger#settle} can refuse to
 * overwrite a record that changed since it was read. Immutable; {@link #toString()} shows no key
 * (keys may be guessable order numbers), only the scope, provider, state and version.
 */
public final class LedgerRecord {
  private final String scope;
  private final String key;
  private final String provider;
  private final String sentKey;
  private final String fingerprint;
  private final LedgerState state;
  private final String vendorId;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final long version;

  /**
   * A record as a store holds it.
   *
   * @param scope what the key belongs to, such as {@code payments.charge}
   * @param key the caller's idempotency key
   * @param provider the provider the call went to
   * @param sentKey the idempotency key sent to that provider
   * @param fingerprint a digest of what the request asked for, without its key, so that a repeat of
   *     the key with other parameters can be told apart
   * @param state where the call stands
   * @param vendorId the vendor's id of the result (payment id, message id), or null
   * @param createdAt when the key was first claimed
   * @param updatedAt when the record last changed
   * @param version how many times the record changed since it was first written (0 then)
   * @throws InvalidRequestException if a required value is null or blank, or the version negative
   */
  public LedgerRecord(
      String scope,
      String key,
      String provider,
      String sentKey,
      String fingerprint,
      LedgerState state,
      String vendorId,
      Instant createdAt,
      Instant updatedAt,
      long version) {
    this.scope = required("scope", scope);
    this.key = required("key", key);
    this.provider = required("provider", provider);
    this.sentKey = required("sentKey", sentKey);
    this.fingerprint = required("fingerprint", fingerprint);
    Objects.requireNonNull(state, "state == null");
    if (createdAt == null || updatedAt == null) {
      throw InvalidRequestException.invalidField("createdAt", "timestamps must not be null");
    }
    if (version < 0) {
      throw InvalidRequestException.invalidField("version", "version must be >= 0: " + version);
    }
    this.state = state;
    this.vendorId = vendorId == null || vendorId.isEmpty() ? null : vendorId;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
    this.version = version;
  }

  /** A new claim: {@link LedgerState#PENDING}, version 0, created and updated {@code now}. */
  public static LedgerRecord pending(
      String scope, String key, String provider, String sentKey, String fingerprint, Instant now) {
    return new LedgerRecord(
        scope, key, provider, sentKey, fingerprint, LedgerState.PENDING, null, now, now, 0);
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw InvalidRequestException.invalidField(field, field + " must not be blank");
    }
    return value;
  }

  public String scope() {
    return scope;
  }

  public String key() {
    return key;
  }

  public String provider() {
    return provider;
  }

  public String sentKey() {
    return sentKey;
  }

  /** The digest of what the claiming request asked for, without its key. */
  public String fingerprint() {
    return fingerprint;
  }

  public LedgerState state() {
    return state;
  }

  /** The vendor's id of the call's result, once the call succeeded. */
  public Optional<String> vendorId() {
    return Optional.ofNullable(vendorId);
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public long version() {
    return version;
  }

  /**
   * The record after a change: the new state, the vendor id (kept when {@code vendorId} is null),
   * {@code updatedAt = now} and the next version.
   */
  public LedgerRecord next(LedgerState state, String vendorId, Instant now) {
    return new LedgerRecord(
        scope,
        key,
        provider,
        sentKey,
        fingerprint,
        state,
        vendorId == null ? this.vendorId : vendorId,
        createdAt,
        now,
        version + 1);
  }

  /**
   * The record claimed again for {@code provider} after a {@link LedgerState#FAILED} attempt:
   * pending, no vendor id, the claimant's key and fingerprint, the next version.
   */
  public LedgerRecord reclaimed(String provider, String sentKey, String fingerprint, Instant now) {
    return new LedgerRecord(
        scope,
        key,
        provider,
        sentKey,
        fingerprint,
        LedgerState.PENDING,
        null,
        createdAt,
        now,
        version + 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LedgerRecord r
        && version == r.version
        && scope.equals(r.scope)
        && key.equals(r.key)
        && provider.equals(r.provider)
        && sentKey.equals(r.sentKey)
        && fingerprint.equals(r.fingerprint)
        && state == r.state
        && Objects.equals(vendorId, r.vendorId)
        && createdAt.equals(r.createdAt)
        && updatedAt.equals(r.updatedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scope, key, provider, state, version);
  }

  @Override
  public String toString() {
    return "LedgerRecord{scope="
        + scope
        + ", provider="
        + provider
        + ", state="
        + state
        + ", version="
        + version
        + "}";
  }
}
