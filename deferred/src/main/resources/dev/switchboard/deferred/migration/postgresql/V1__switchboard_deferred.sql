-- The queue's own rows: what each call is, where it stands, and how it ended.
CREATE TABLE switchboard_deferred_call (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  kind VARCHAR(16) NOT NULL,
  idempotency_key VARCHAR(255) NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  maybe_sent BOOLEAN NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  deadline_at TIMESTAMP WITH TIME ZONE NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE,
  error_type VARCHAR(200),
  error_reason VARCHAR(2000),
  error_provider VARCHAR(200),
  request_json TEXT NOT NULL,
  outcome_json TEXT,
  history TEXT NOT NULL
);
CREATE INDEX switchboard_deferred_call_state_idx ON switchboard_deferred_call (state, created_at);

-- db-scheduler's executions (its documented schema, under the queue's own name).
CREATE TABLE switchboard_deferred_tasks (
  task_name VARCHAR(100) NOT NULL,
  task_instance VARCHAR(100) NOT NULL,
  task_data BYTEA,
  execution_time TIMESTAMP WITH TIME ZONE NOT NULL,
  picked BOOLEAN NOT NULL,
  picked_by VARCHAR(50),
  last_success TIMESTAMP WITH TIME ZONE,
  last_failure TIMESTAMP WITH TIME ZONE,
  consecutive_failures INTEGER,
  last_heartbeat TIMESTAMP WITH TIME ZONE,
  version BIGINT NOT NULL,
  priority SMALLINT,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX switchboard_deferred_tasks_execution_time_idx ON switchboard_deferred_tasks (execution_time);
CREATE INDEX switchboard_deferred_tasks_last_heartbeat_idx ON switchboard_deferred_tasks (last_heartbeat);
CREATE INDEX switchboard_deferred_tasks_priority_idx ON switchboard_deferred_tasks (priority DESC, execution_time ASC);
