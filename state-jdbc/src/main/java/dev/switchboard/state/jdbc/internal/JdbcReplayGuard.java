package dev.switchboard.state.jdbc.internal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.state.StateStoreException;
import dev.switchboard.webhooks.ReplayGuard;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A {@link ReplayGuard} over {@code switchboard_replay}, one namespace per guard. Ids are stored as
 * their SHA-256: some are signed tokens, which should not lie in a table in the clear, and the hash
 * fits a fixed-size key whatever the id's length. A first claim is one statement.
 */
public final class JdbcReplayGuard implements ReplayGuard {
  private static final int MAX_ROUNDS = 3;

  private static final String FIND =
      """
      SELECT completed FROM switchboard_replay
      WHERE namespace = ? AND id_hash = ? AND expires_at > ?
      """;

  private static final String RELEASE =
      "DELETE FROM switchboard_replay WHERE namespace = ? AND id_hash = ? AND completed = FALSE";

  private final Database database;
  private final Dialect dialect;
  private final String namespace;
  private final Clock clock;
  private final Duration retention;
  private final Duration lease;
  private final Housekeeping housekeeping;

  public JdbcReplayGuard(
      Database database,
      Dialect dialect,
      String namespace,
      Clock clock,
      Duration retention,
      Duration lease,
      Housekeeping housekeeping) {
    this.database = database;
    this.dialect = dialect;
    this.namespace = JdbcKeyLedger.checkLength("namespace", namespace, JdbcKeyLedger.MAX_NAME);
    this.clock = clock;
    this.retention = retention;
    this.lease = lease;
    this.housekeeping = housekeeping;
  }

  @Override
  public Sighting claim(String id) {
    String hash = hash(id);
    Instant now = Database.stored(clock.instant());
    Sighting sighting =
        database.call(
            "claim replay id",
            connection -> {
              for (int round = 0; round < MAX_ROUNDS; round++) {
                if (tryClaim(connection, hash, now)) {
                  return Sighting.FIRST;
                }
                try (PreparedStatement find = connection.prepareStatement(FIND)) {
                  find.setString(1, namespace);
                  find.setString(2, hash);
                  Database.setInstant(find, 3, now);
                  try (ResultSet rows = find.executeQuery()) {
                    if (rows.next()) {
                      return rows.getBoolean(1) ? Sighting.DONE : Sighting.IN_PROGRESS;
                    }
                  }
                }
              }
              throw new StateStoreException(
                  Database.STORE,
                  "claim replay id",
                  "the id changed under " + MAX_ROUNDS + " claims in a row",
                  null);
            });
    housekeeping.due();
    return sighting;
  }

  private boolean tryClaim(Connection connection, String hash, Instant now) throws SQLException {
    try (PreparedStatement claim = connection.prepareStatement(dialect.claimReplay())) {
      claim.setString(1, namespace);
      claim.setString(2, hash);
      Database.setInstant(claim, 3, now.plus(lease));
      Database.setInstant(claim, 4, now);
      return claim.executeUpdate() == 1;
    } catch (SQLException e) {
      if (Database.lostInsertRace(connection, e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void complete(String id) {
    String hash = hash(id);
    Instant expiresAt = Database.stored(clock.instant()).plus(retention);
    database.call(
        "complete replay id",
        connection -> {
          for (int round = 0; ; round++) {
            try (PreparedStatement complete =
                connection.prepareStatement(dialect.completeReplay())) {
              complete.setString(1, namespace);
              complete.setString(2, hash);
              Database.setInstant(complete, 3, expiresAt);
              return complete.executeUpdate();
            } catch (SQLException e) {
              // A second round finds the row the other writer inserted, and updates it.
              if (round + 1 >= MAX_ROUNDS || !Database.lostInsertRace(connection, e)) {
                throw e;
              }
            }
          }
        });
  }

  @Override
  public void release(String id) {
    String hash = hash(id);
    database.call(
        "release replay id",
        connection -> {
          try (PreparedStatement release = connection.prepareStatement(RELEASE)) {
            release.setString(1, namespace);
            release.setString(2, hash);
            return release.executeUpdate();
          }
        });
  }

  private static String hash(String id) {
    if (id == null || id.isEmpty()) {
      throw InvalidRequestException.invalidField("id", "replay id is empty");
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ReplayGuard.jdbc(namespace="
        + namespace
        + ", retention="
        + retention
        + ", lease="
        + lease
        + ")";
  }
}
