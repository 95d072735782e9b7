package dev.switchboard.deferred;

import dev.switchboard.IdempotencyKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A handle on one deferred call, as the queue stood when it was read: an immutable snapshot. Ask
 * {@link DeferredCalls#status(String)} for a fresh one.
 *
 * <pre>{@code
 * DeferredCall call = switchboard.deferred().charge(request);
 * call.state();          // QUEUED
 * call.idempotencyKey(); // the request's key, the same on every attempt
 * }</pre>
 */
public final class DeferredCall {
  private final String id;
  private final DeferredKind kind;
  private final IdempotencyKey idempotencyKey;
  private final DeferredState state;
  private final int attempts;
  private final Instant createdAt;
  private final Instant deadline;
  private final Instant nextAttemptAt;
  private final DeferredError lastError;
  private final DeferredOutcome outcome;
  private final List<String> history;

  private DeferredCall(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id == null");
    this.kind = Objects.requireNonNull(b.kind, "kind == null");
    this.idempotencyKey = Objects.requireNonNull(b.idempotencyKey, "idempotencyKey == null");
    this.state = Objects.requireNonNull(b.state, "state == null");
    this.attempts = b.attempts;
    this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt == null");
    this.deadline = Objects.requireNonNull(b.deadline, "deadline == null");
    this.nextAttemptAt = b.nextAttemptAt;
    this.lastError = b.lastError;
    this.outcome = b.outcome;
    this.history = List.copyOf(b.history);
  }

  /** For implementations of {@link DeferredCalls}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The call's id in the queue, unique across every instance sharing it. */
  public String id() {
    return id;
  }

  public DeferredKind kind() {
    return kind;
  }

  /** The key every attempt sends, so that the vendor acts at most once. */
  public IdempotencyKey idempotencyKey() {
    return idempotencyKey;
  }

  public DeferredState state() {
    return state;
  }

  /** How many attempts have started. */
  public int attempts() {
    return attempts;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** When the queue gives up and the call becomes {@link DeferredState#DEAD}. */
  public Instant deadline() {
    return deadline;
  }

  /** When the next attempt is due, while the call is {@link DeferredState#QUEUED} or WAITING. */
  public Optional<Instant> nextAttemptAt() {
    return Optional.ofNullable(nextAttemptAt);
  }

  /** What the latest failed attempt met, if any. */
  public Optional<DeferredError> lastError() {
    return Optional.ofNullable(lastError);
  }

  /** How the call ended, once it is SUCCEEDED, FAILED or DEAD. */
  public Optional<DeferredOutcome> outcome() {
    return Optional.ofNullable(outcome);
  }

  /**
   * One line per attempt and per change made by the application (retry, cancel), oldest first:
   * when, which attempt, and what it met.
   */
  public List<String> history() {
    return history;
  }

  @Override
  public String toString() {
    return "DeferredCall{"
        + id
        + ", "
        + kind
        + ", "
        + state
        + ", attempts="
        + attempts
        + (nextAttemptAt == null ? "" : ", next=" + nextAttemptAt)
        + (lastError == null ? "" : ", lastError=" + lastError.type())
        + "}";
  }

  /** Builds a {@link DeferredCall}; for implementations of {@link DeferredCalls}. */
  public static final class Builder {
    private String id;
    private DeferredKind kind;
    private IdempotencyKey idempotencyKey;
    private DeferredState state;
    private int attempts;
    private Instant createdAt;
    private Instant deadline;
    private Instant nextAttemptAt;
    private DeferredError lastError;
    private DeferredOutcome outcome;
    private List<String> history = List.of();

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder kind(DeferredKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder idempotencyKey(IdempotencyKey idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    public Builder state(DeferredState state) {
      this.state = state;
      return this;
    }

    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    /** Null when no attempt is planned. */
    public Builder nextAttemptAt(Instant nextAttemptAt) {
      this.nextAttemptAt = nextAttemptAt;
      return this;
    }

    /** Null when no attempt has failed. */
    public Builder lastError(DeferredError lastError) {
      this.lastError = lastError;
      return this;
    }

    /** Null while the call is open. */
    public Builder outcome(DeferredOutcome outcome) {
      this.outcome = outcome;
      return this;
    }

    public Builder history(List<String> history) {
      this.history = history;
      return this;
    }

    public DeferredCall build() {
      return new DeferredCall(this);
    }
  }
}
