package dev.switchboard.state.jdbc.internal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.state.QuotaSnapshot;
import dev.switchboard.state.RateBudgets;
import dev.switchboard.state.RateState;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link RateState} in {@code switchboard_quota} and Bucket4j's buckets in {@code
 * switchboard_rate_bucket}. The buckets run on the store's clock ({@link RateBudgets#timeMeter}),
 * so every instance must keep its clock in step, as the ledger's retention needs anyway.
 */
public final class JdbcRateState implements RateState {
  /** The size of {@code switchboard_rate_bucket.id}. */
  private static final int MAX_BUCKET_KEY = 400;

  private static final String FIND_QUOTA =
      """
      SELECT quota_limit, remaining, reset_at, observed_at FROM switchboard_quota
      WHERE provider = ?
      """;

  private final Database database;
  private final Dialect dialect;
  private final ProxyManager<String> buckets;

  public JdbcRateState(Database database, Dialect dialect, Clock clock) {
    this.database = database;
    this.dialect = dialect;
    this.buckets = dialect.buckets(database, RateBudgets.timeMeter(clock));
  }

  @Override
  public void publishQuota(String provider, QuotaSnapshot snapshot) {
    checkProvider(provider);
    Objects.requireNonNull(snapshot, "snapshot == null");
    database.call(
        "publish quota",
        connection -> {
          for (int round = 0; ; round++) {
            try (PreparedStatement publish = connection.prepareStatement(dialect.publishQuota())) {
              publish.setString(1, provider);
              publish.setLong(2, snapshot.limit());
              publish.setLong(3, snapshot.remaining());
              Database.setInstant(publish, 4, Database.stored(snapshot.resetAt()));
              Database.setInstant(publish, 5, Database.stored(snapshot.observedAt()));
              return publish.executeUpdate();
            } catch (SQLException e) {
              // Two first snapshots at once in H2: the one that lost the insert compares again.
              if (round > 0 || !Database.lostInsertRace(connection, e)) {
                throw e;
              }
            }
          }
        });
  }

  @Override
  public Optional<QuotaSnapshot> quota(String provider) {
    checkProvider(provider);
    return database.call(
        "read quota",
        connection -> {
          try (PreparedStatement find = connection.prepareStatement(FIND_QUOTA)) {
            find.setString(1, provider);
            try (ResultSet rows = find.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new QuotaSnapshot(
                      rows.getLong("quota_limit"),
                      rows.getLong("remaining"),
                      Database.getInstant(rows, "reset_at"),
                      Database.getInstant(rows, "observed_at")));
            }
          }
        });
  }

  @Override
  public Duration tryAcquire(String name, int limitForPeriod, Duration period) {
    InvalidRequestException.requireName("name", name);
    RateBudgets.check(limitForPeriod, period);
    String key = RateBudgets.bucketKey(name, limitForPeriod, period);
    JdbcKeyLedger.checkLength("name", key, MAX_BUCKET_KEY);
    try {
      ConsumptionProbe probe =
          buckets
              .builder()
              .build(key, () -> RateBudgets.configuration(limitForPeriod, period))
              .tryConsumeAndReturnRemaining(1);
      return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    } catch (RuntimeException e) {
      throw database.failure("acquire a rate permit", e);
    }
  }

  private static void checkProvider(String provider) {
    InvalidRequestException.requireName("provider", provider);
    JdbcKeyLedger.checkLength("provider", provider, JdbcKeyLedger.MAX_NAME);
  }
}
