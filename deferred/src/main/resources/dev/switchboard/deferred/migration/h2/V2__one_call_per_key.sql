-- One call per port and idempotency key: enqueueing the same request again returns the first call.
CREATE UNIQUE INDEX switchboard_deferred_call_key_idx
  ON switchboard_deferred_call (kind, idempotency_key);
