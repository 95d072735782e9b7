package dev.switchboard.state.jdbc.internal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.state.Claim;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link KeyLedger} in {@code switchboard_ledger}. A first claim is one statement, the
 * dialect's upsert, which also takes over a failed or expired record; only a claim that loses reads
 * the standing record with a second one. A settle is one conditional {@code UPDATE} on the version
 * the caller read.
 */
public final class JdbcKeyLedger implements KeyLedger {
  /** Column sizes of the table: longer values are refused before they reach the database. */
  static final int MAX_NAME = 200;

  static final int MAX_KEY = 1024;

  static final int MAX_FINGERPRINT = 128;

  /**
   * Upsert-then-read rounds before giving up: a round is lost only when the standing record failed
   * or expired between the two statements, so a third loss in a row means the store misbehaves.
   */
  private static final int MAX_ROUNDS = 3;

  private static final String FIND =
      """
      SELECT provider, sent_key, fingerprint, state, vendor_id, created_at, updated_at, version
      FROM switchboard_ledger WHERE scope = ? AND ledger_key = ? AND updated_at > ?
      """;

  private static final String SETTLE =
      """
      UPDATE switchboard_ledger
      SET state = ?, vendor_id = COALESCE(?, vendor_id), updated_at = ?, version = version + 1
      WHERE scope = ? AND ledger_key = ? AND version = ? AND created_at = ? AND updated_at > ?
      """;

  private final Database database;
  private final Dialect dialect;
  private final Clock clock;
  private final Duration retention;
  private final Housekeeping housekeeping;

  public JdbcKeyLedger(
      Database database,
      Dialect dialect,
      Clock clock,
      Duration retention,
      Housekeeping housekeeping) {
    this.database = database;
    this.dialect = dialect;
    this.clock = clock;
    this.retention = retention;
    this.housekeeping = housekeeping;
  }

  @Override
  public Claim claim(
      String scope, String key, String provider, String sentKey, String fingerprint) {
    check(scope, key);
    checkLength("provider", InvalidRequestException.requireName("provider", provider), MAX_NAME);
    checkLength("sentKey", InvalidRequestException.requireName("sentKey", sentKey), MAX_KEY);
    checkLength(
        "fingerprint",
        InvalidRequestException.requireName("fingerprint", fingerprint),
        MAX_FINGERPRINT);
    Instant now = Database.stored(clock.instant());
    Instant cutoff = now.minus(retention);
    Claim claim =
        database.call(
            "claim",
            connection -> {
              for (int round = 0; round < MAX_ROUNDS; round++) {
                Optional<LedgerRecord> won =
                    upsert(connection, scope, key, provider, sentKey, fingerprint, now, cutoff);
                if (won.isPresent()) {
                  return Claim.won(won.get());
                }
                Optional<LedgerRecord> standing = find(connection, scope, key, cutoff);
                if (standing.isPresent() && standing.get().state() != LedgerState.FAILED) {
                  return Claim.lost(standing.get());
                }
              }
              throw new StateStoreException(
                  Database.STORE,
                  "claim",
                  "the record changed under " + MAX_ROUNDS + " claims in a row",
                  null);
            });
    housekeeping.due();
    return claim;
  }

  private Optional<LedgerRecord> upsert(
      Connection connection,
      String scope,
      String key,
      String provider,
      String sentKey,
      String fingerprint,
      Instant now,
      Instant cutoff)
      throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(dialect.claimLedger())) {
      upsert.setString(1, scope);
      upsert.setString(2, key);
      upsert.setString(3, provider);
      upsert.setString(4, sentKey);
      upsert.setString(5, fingerprint);
      Database.setInstant(upsert, 6, now);
      Database.setInstant(upsert, 7, now);
      Database.setInstant(upsert, 8, cutoff);
      Database.setInstant(upsert, 9, cutoff);
      Database.setInstant(upsert, 10, cutoff);
      try (ResultSet rows = upsert.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new LedgerRecord(
                scope,
                key,
                provider,
                sentKey,
                fingerprint,
                LedgerState.PENDING,
                null,
                Database.getInstant(rows, "created_at"),
                now,
                rows.getLong("version")));
      }
    } catch (SQLException e) {
      if (Database.lostInsertRace(connection, e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Optional<LedgerRecord> find(String scope, String key) {
    check(scope, key);
    Instant cutoff = Database.stored(clock.instant()).minus(retention);
    return database.call("find", connection -> find(connection, scope, key, cutoff));
  }

  private static Optional<LedgerRecord> find(
      Connection connection, String scope, String key, Instant cutoff) throws SQLException {
    try (PreparedStatement find = connection.prepareStatement(FIND)) {
      find.setString(1, scope);
      find.setString(2, key);
      Database.setInstant(find, 3, cutoff);
      try (ResultSet rows = find.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new LedgerRecord(
                scope,
                key,
                rows.getString("provider"),
                rows.getString("sent_key"),
                rows.getString("fingerprint"),
                LedgerState.valueOf(rows.getString("state")),
                rows.getString("vendor_id"),
                Database.getInstant(rows, "created_at"),
                Database.getInstant(rows, "updated_at"),
                rows.getLong("version")));
      }
    }
  }

  @Override
  public Optional<LedgerRecord> settle(LedgerRecord claimed, LedgerState state, String vendorId) {
    Objects.requireNonNull(claimed, "claimed == null");
    Objects.requireNonNull(state, "state == null");
    String newVendorId = vendorId == null || vendorId.isEmpty() ? null : vendorId;
    if (newVendorId != null) {
      checkLength("vendorId", newVendorId, MAX_KEY);
    }
    Instant now = Database.stored(clock.instant());
    Instant cutoff = now.minus(retention);
    // The creation time tells a record apart from a younger one on the same key that started
    // again at version 0 after the first expired.
    int changed =
        database.call(
            "settle",
            connection -> {
              try (PreparedStatement settle = connection.prepareStatement(SETTLE)) {
                settle.setString(1, state.name());
                settle.setString(2, newVendorId);
                Database.setInstant(settle, 3, now);
                settle.setString(4, claimed.scope());
                settle.setString(5, claimed.key());
                settle.setLong(6, claimed.version());
                Database.setInstant(settle, 7, claimed.createdAt());
                Database.setInstant(settle, 8, cutoff);
                return settle.executeUpdate();
              }
            });
    return changed == 1 ? Optional.of(claimed.next(state, newVendorId, now)) : Optional.empty();
  }

  private static void check(String scope, String key) {
    checkLength("scope", InvalidRequestException.requireName("scope", scope), MAX_NAME);
    if (key == null || key.isEmpty()) {
      throw InvalidRequestException.invalidField("key", "key must not be empty");
    }
    checkLength("key", key, MAX_KEY);
  }

  static String checkLength(String field, String value, int max) {
    if (value.length() > max) {
      throw InvalidRequestException.invalidField(
          field, field + " must be at most " + max + " characters, was " + value.length());
    }
    return value;
  }

  @Override
  public String toString() {
    return "KeyLedger.jdbc(" + dialect + ", retention=" + retention + ")";
  }
}
