-- Switchboard's state tables. The SQL is common to H2 2.x and PostgreSQL 14+; every timestamp is
-- written from the application's clock, never from the database's.

-- The key ledger: one row per (scope, key), live while updated_at is within the ledger retention.
CREATE TABLE switchboard_ledger (
  scope       VARCHAR(200)             NOT NULL,
  ledger_key  VARCHAR(1024)            NOT NULL,
  provider    VARCHAR(200)             NOT NULL,
  sent_key    VARCHAR(1024)            NOT NULL,
  fingerprint VARCHAR(128)             NOT NULL,
  state       VARCHAR(16)              NOT NULL,
  vendor_id   VARCHAR(1024),
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  version     BIGINT                   NOT NULL,
  PRIMARY KEY (scope, ledger_key)
);
CREATE INDEX switchboard_ledger_updated_at ON switchboard_ledger (updated_at);

-- Replay guards: ids are kept as SHA-256 hashes, since some (signed tokens) are credentials.
CREATE TABLE switchboard_replay (
  namespace  VARCHAR(200)             NOT NULL,
  id_hash    VARCHAR(64)              NOT NULL,
  completed  BOOLEAN                  NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (namespace, id_hash)
);
CREATE INDEX switchboard_replay_expires_at ON switchboard_replay (expires_at);

-- The latest quota any instance saw per provider.
CREATE TABLE switchboard_quota (
  provider    VARCHAR(200)             NOT NULL PRIMARY KEY,
  quota_limit BIGINT                   NOT NULL,
  remaining   BIGINT                   NOT NULL,
  reset_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  observed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Bucket4j's token buckets for the shared rate budgets, one row per budget and shape.
CREATE TABLE switchboard_rate_bucket (
  id    VARCHAR(400) NOT NULL PRIMARY KEY,
  state BYTEA
);
