package dev.switchboard;

import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import java.time.Instant;
import java.util.Optional;

/**
 * A repeat of an idempotency key could not be run now, and the call's state is whatever the earlier
 * attempt left: the key ledger says the key went to {@link #provider()} with {@link #sentKey()},
 * and that provider ({@link #provider()}) refused the repeat (breaker open, bulkhead full, rate
 * limited, a vendor error) or the repeat may not be sent again (an email whose outcome is unknown
 * at a vendor that cannot recognise a repeat).
 *
 * <p>It is an {@link OutcomeUnknownException}: the earlier attempt may have been acted on ({@link
 * #ledgerState()} says what the ledger knows), so the call is never sent to another provider.
 * Repeat it later with the same key; it will again go only to that provider. The refusal of the
 * repeat, if there was one, is the {@link #getCause() cause}.
 *
 * <pre>{@code
 * try {
 *   payments.charge(request);
 * } catch (EarlierAttemptException e) {
 *   // e.ledgerState() == UNKNOWN: the first attempt at e.provider() may have charged;
 *   // retry later with the same key, or look the payment up at that provider
 * }
 * }</pre>
 */
public class EarlierAttemptException extends OutcomeUnknownException {
  private static final long serialVersionUID = 1L;

  private final LedgerState ledgerState;
  private final String sentKey;
  private final String vendorId;
  private final Instant claimedAt;

  /**
   * @param record the ledger's record of the earlier attempt
   * @param operation the port operation, such as {@code charge}
   * @param why why the repeat did not run now
   * @param refusal the provider's refusal of the repeat, or null when it was not sent
   */
  public EarlierAttemptException(
      LedgerRecord record, String operation, String why, SwitchboardException refusal) {
    super(
        "the "
            + operation
            + " was sent to "
            + record.provider()
            + " before and its state is that attempt's ("
            + record.state()
            + "): "
            + why,
        ErrorContext.builder()
            .provider(record.provider())
            .operation(operation)
            .idempotencyKey(IdempotencyKey.of(record.sentKey()))
            .requestSent(true)
            .build(),
        refusal);
    this.ledgerState = record.state();
    this.sentKey = record.sentKey();
    this.vendorId = record.vendorId().orElse(null);
    this.claimedAt = record.createdAt();
  }

  /** What the ledger knows of the earlier attempt: pending, unknown or succeeded. */
  public LedgerState ledgerState() {
    return ledgerState;
  }

  /** The idempotency key the earlier attempt sent to {@link #provider()}. */
  public String sentKey() {
    return sentKey;
  }

  /** The vendor's id of the earlier attempt's result, when it succeeded. */
  public Optional<String> vendorId() {
    return Optional.ofNullable(vendorId);
  }

  /** When the key was first claimed. */
  public Instant claimedAt() {
    return claimedAt;
  }
}
