-- The inbox's own rows: every accepted event, where its handling stands, and how it went.
CREATE TABLE switchboard_webhook_event (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  provider VARCHAR(100) NOT NULL,
  event_id VARCHAR(255) NOT NULL,
  type VARCHAR(100) NOT NULL,
  vendor_type VARCHAR(200) NOT NULL,
  occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
  subject_id VARCHAR(255),
  raw_json TEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  received_at TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  deadline_at TIMESTAMP WITH TIME ZONE NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE,
  last_error VARCHAR(2000),
  history TEXT NOT NULL
);
-- One row per event: a redelivery, to any instance, finds the first.
CREATE UNIQUE INDEX switchboard_webhook_event_key_idx ON switchboard_webhook_event (provider, event_id);
CREATE INDEX switchboard_webhook_event_state_idx ON switchboard_webhook_event (state, received_at);
CREATE INDEX switchboard_webhook_event_subject_idx ON switchboard_webhook_event (provider, subject_id, occurred_at);

-- db-scheduler's executions (its documented schema, under the inbox's own name).
CREATE TABLE switchboard_webhook_tasks (
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
CREATE INDEX switchboard_webhook_tasks_execution_time_idx ON switchboard_webhook_tasks (execution_time);
CREATE INDEX switchboard_webhook_tasks_last_heartbeat_idx ON switchboard_webhook_tasks (last_heartbeat);
CREATE INDEX switchboard_webhook_tasks_priority_idx ON switchboard_webhook_tasks (priority DESC, execution_time ASC);
