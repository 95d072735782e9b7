package dev.switchboard.state;

import java.util.Objects;

/**
 * What {@link KeyLedger#claim} found: either the caller won the key (the record it wrote) or
 * somebody had claimed it before (the record that was there).
 *
 * @param won whether this caller's claim was written
 * @param record the record now in the ledger: the caller's when won, the earlier one otherwise
 */
public record Claim(boolean won, LedgerRecord record) {
  public Claim {
    Objects.requireNonNull(record, "record == null");
  }

  /** The caller's claim was written. */
  public static Claim won(LedgerRecord record) {
    return new Claim(true, record);
  }

  /** An earlier claim stands. */
  public static Claim lost(LedgerRecord existing) {
    return new Claim(false, existing);
  }
}
