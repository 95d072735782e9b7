package dev.switchboard.state.jdbc.internal;

import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.util.Locale;
import java.util.Optional;

/**
 * What differs between the databases: each one's atomic upserts, and its Bucket4j proxy manager.
 * Statements of the same name take the same parameters in the same order in every dialect.
 *
 * <p>PostgreSQL's {@code INSERT ... ON CONFLICT ... DO UPDATE ... WHERE} waits for a concurrent
 * writer of the row and then judges the condition on the row as that writer left it, so exactly one
 * of many claimers wins. H2 has no {@code ON CONFLICT} outside its PostgreSQL mode; its standard
 * {@code MERGE} judges the condition under the row lock too, but two writers of one new key may
 * both try to insert it, and the loser meets a duplicate key ({@link Database#lostInsertRace}) and
 * runs the statement again.
 */
public enum Dialect {
  H2 {
    @Override
    String claimLedger() {
      return """
          SELECT created_at, version FROM FINAL TABLE (
            MERGE INTO switchboard_ledger l
            USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(1024)),
                           CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(1024)),
                           CAST(? AS VARCHAR(128)),
                           CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE)))
              s(scope, ledger_key, provider, sent_key, fingerprint, created_at, updated_at)
            ON l.scope = s.scope AND l.ledger_key = s.ledger_key
            WHEN MATCHED AND (l.state = 'FAILED' OR l.updated_at <= ?) THEN UPDATE SET
              provider = s.provider, sent_key = s.sent_key, fingerprint = s.fingerprint,
              state = 'PENDING', vendor_id = NULL,
              created_at = CASE WHEN l.updated_at <= ? THEN s.created_at ELSE l.created_at END,
              updated_at = s.updated_at,
              version = CASE WHEN l.updated_at <= ? THEN 0 ELSE l.version + 1 END
            WHEN NOT MATCHED THEN INSERT
              (scope, ledger_key, provider, sent_key, fingerprint, state, vendor_id, created_at,
               updated_at, version)
              VALUES (s.scope, s.ledger_key, s.provider, s.sent_key, s.fingerprint, 'PENDING', NULL,
                      s.created_at, s.updated_at, 0))
          """;
    }

    @Override
    String claimReplay() {
      return """
          MERGE INTO switchboard_replay r
          USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(64)),
                         CAST(? AS TIMESTAMP WITH TIME ZONE)))
            s(namespace, id_hash, expires_at)
          ON r.namespace = s.namespace AND r.id_hash = s.id_hash
          WHEN MATCHED AND r.expires_at <= ? THEN UPDATE SET
            completed = FALSE, expires_at = s.expires_at
          WHEN NOT MATCHED THEN INSERT (namespace, id_hash, completed, expires_at)
            VALUES (s.namespace, s.id_hash, FALSE, s.expires_at)
          """;
    }

    @Override
    String completeReplay() {
      return """
          MERGE INTO switchboard_replay r
          USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(64)),
                         CAST(? AS TIMESTAMP WITH TIME ZONE)))
            s(namespace, id_hash, expires_at)
          ON r.namespace = s.namespace AND r.id_hash = s.id_hash
          WHEN MATCHED THEN UPDATE SET completed = TRUE, expires_at = s.expires_at
          WHEN NOT MATCHED THEN INSERT (namespace, id_hash, completed, expires_at)
            VALUES (s.namespace, s.id_hash, TRUE, s.expires_at)
          """;
    }

    @Override
    String publishQuota() {
      return """
          MERGE INTO switchboard_quota q
          USING (VALUES (CAST(? AS VARCHAR(200)), CAST(? AS BIGINT), CAST(? AS BIGINT),
                         CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE)))
            s(provider, quota_limit, remaining, reset_at, observed_at)
          ON q.provider = s.provider
          WHEN MATCHED AND q.observed_at <= s.observed_at THEN UPDATE SET
            quota_limit = s.quota_limit, remaining = s.remaining, reset_at = s.reset_at,
            observed_at = s.observed_at
          WHEN NOT MATCHED THEN INSERT (provider, quota_limit, remaining, reset_at, observed_at)
            VALUES (s.provider, s.quota_limit, s.remaining, s.reset_at, s.observed_at)
          """;
    }

    @Override
    ProxyManager<String> buckets(Database database, TimeMeter time) {
      return new H2BucketProxyManager(database.dataSource(), time);
    }
  },

  POSTGRESQL {
    @Override
    String claimLedger() {
      return """
          INSERT INTO switchboard_ledger AS l
            (scope, ledger_key, provider, sent_key, fingerprint, state, vendor_id, created_at,
             updated_at, version)
          VALUES (?, ?, ?, ?, ?, 'PENDING', NULL, ?, ?, 0)
          ON CONFLICT (scope, ledger_key) DO UPDATE SET
            provider = EXCLUDED.provider, sent_key = EXCLUDED.sent_key,
            fingerprint = EXCLUDED.fingerprint, state = 'PENDING', vendor_id = NULL,
            created_at = CASE WHEN l.updated_at <= ? THEN EXCLUDED.created_at ELSE l.created_at END,
            updated_at = EXCLUDED.updated_at,
            version = CASE WHEN l.updated_at <= ? THEN 0 ELSE l.version + 1 END
          WHERE l.state = 'FAILED' OR l.updated_at <= ?
          RETURNING created_at, version
          """;
    }

    @Override
    String claimReplay() {
      return """
          INSERT INTO switchboard_replay AS r (namespace, id_hash, completed, expires_at)
          VALUES (?, ?, FALSE, ?)
          ON CONFLICT (namespace, id_hash) DO UPDATE SET
            completed = FALSE, expires_at = EXCLUDED.expires_at
          WHERE r.expires_at <= ?
          """;
    }

    @Override
    String completeReplay() {
      return """
          INSERT INTO switchboard_replay AS r (namespace, id_hash, completed, expires_at)
          VALUES (?, ?, TRUE, ?)
          ON CONFLICT (namespace, id_hash) DO UPDATE SET
            completed = TRUE, expires_at = EXCLUDED.expires_at
          """;
    }

    @Override
    String publishQuota() {
      return """
          INSERT INTO switchboard_quota AS q
            (provider, quota_limit, remaining, reset_at, observed_at)
          VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (provider) DO UPDATE SET
            quota_limit = EXCLUDED.quota_limit, remaining = EXCLUDED.remaining,
            reset_at = EXCLUDED.reset_at, observed_at = EXCLUDED.observed_at
          WHERE q.observed_at <= EXCLUDED.observed_at
          """;
    }

    @Override
    ProxyManager<String> buckets(Database database, TimeMeter time) {
      return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(database.dataSource())
          .primaryKeyMapper(PrimaryKeyMapper.STRING)
          .table(BUCKET_TABLE)
          .idColumn("id")
          .stateColumn("state")
          .clientClock(time)
          .build();
    }
  };

  static final String BUCKET_TABLE = "switchboard_rate_bucket";

  /**
   * Claims a ledger key: inserts a pending record, or replaces a failed or expired one; returns
   * {@code created_at} and {@code version} of the record written, no row when an earlier claim
   * stands. Parameters: scope, key, provider, sent key, fingerprint, now twice (created, updated),
   * then the retention cut-off three times.
   */
  abstract String claimLedger();

  /**
   * Claims a replay id unless a live row holds it; one row changed when the caller won. Parameters:
   * namespace, id hash, lease end, now.
   */
  abstract String claimReplay();

  /** Marks a replay id completed, claimed or not. Parameters: namespace, id hash, retention end. */
  abstract String completeReplay();

  /**
   * Stores a quota unless a newer one is stored. Parameters: provider, limit, remaining, reset,
   * observed.
   */
  abstract String publishQuota();

  /** Bucket4j's proxy manager over {@link #BUCKET_TABLE}, on the store's clock. */
  abstract ProxyManager<String> buckets(Database database, TimeMeter time);

  /**
   * The dialect of a database, by the product name its driver reports, if it is one this module
   * knows.
   */
  public static Optional<Dialect> of(String product) {
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.equals("h2")) {
      return Optional.of(H2);
    }
    if (name.equals("postgresql")) {
      return Optional.of(POSTGRESQL);
    }
    return Optional.empty();
  }
}
