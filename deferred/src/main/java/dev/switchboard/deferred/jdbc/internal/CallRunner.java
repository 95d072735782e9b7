package dev.switchboard.deferred.jdbc.internal;

import dev.switchboard.AuthenticationException;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.deferred.DeferredCall;
import dev.switchboard.deferred.DeferredError;
import dev.switchboard.deferred.DeferredKind;
import dev.switchboard.deferred.DeferredListener;
import dev.switchboard.deferred.DeferredOutcome;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.BlobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of a call: checks its deadline, marks it RUNNING, calls the port with the
 * request's own idempotency key, and records what came back. Returns when the next attempt is due,
 * or empty when the call has ended.
 *
 * <p>The row is marked RUNNING before the vendor is called and the result is written after, so a
 * worker that dies in between leaves the call RUNNING: the next attempt (after db-scheduler finds
 * the dead execution) sends the same key again, and the vendor or the ledger answers with the first
 * attempt's result.
 */
public final class CallRunner {
  private static final Logger log = LoggerFactory.getLogger(CallRunner.class);

  /** The outcomes counted in {@code executions}. */
  public static final List<String> OUTCOMES =
      List.of("succeeded", "failed", "dead", "retry", "unknown");

  /** The ports the calls go to; any may be null when the application has none. */
  public record Ports(PaymentGateway payments, EmailSender email, BlobStore storage) {}

  private final CallStore store;
  private final Ports ports;
  private final Clock clock;
  private final Backoff backoff;
  private final Map<DeferredKind, Duration> caps;
  private final List<DeferredListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> executions = new ConcurrentHashMap<>();

  public CallRunner(
      CallStore store,
      Ports ports,
      Clock clock,
      Backoff backoff,
      Map<DeferredKind, Duration> caps) {
    this.store = store;
    this.ports = ports;
    this.clock = clock;
    this.backoff = backoff;
    this.caps = Map.copyOf(caps);
    OUTCOMES.forEach(o -> executions.put(o, new AtomicLong()));
  }

  public void addListener(DeferredListener listener) {
    listeners.add(listener);
  }

  /** How many attempts ended each way on this instance. */
  public Map<String, Long> executions() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    executions.forEach((k, v) -> counts.put(k, v.get()));
    return counts;
  }

  /** Runs one attempt of call {@code id}; the time of the next attempt, or empty when done. */
  public Optional<Instant> run(String id) {
    Optional<CallRow> loaded = store.load(id);
    if (loaded.isEmpty() || loaded.get().state().isFinal()) {
      return Optional.empty();
    }
    CallRow row = loaded.get();
    Instant now = clock.instant();
    if (!now.isBefore(row.deadline())) {
      DeferredError error =
          new DeferredError(
              "DeadlineExceeded",
              "no provider took the call before its deadline "
                  + row.deadline()
                  + (row.error() == null ? "" : "; the last attempt met " + row.error().type()),
              row.error() == null ? "" : row.error().provider());
      if (store.finish(
          id, now, DeferredState.DEAD, null, error, false, line(now, row, "DEAD: deadline"))) {
        count("dead");
        tell(id, new DeferredOutcome.Failed(error, null));
      }
      return Optional.empty();
    }
    int attempt = row.attempts() + 1;
    Object request;
    try {
      request = decode(row);
    } catch (RuntimeException e) {
      // Nothing can be sent: a stored request this module cannot read, or a put whose file is gone.
      SwitchboardException known = e instanceof SwitchboardException s ? s : null;
      DeferredError error =
          known != null
              ? DeferredError.of(known)
              : new DeferredError("UnreadableRequest", e.getClass().getSimpleName(), "");
      if (store.finish(
          id,
          now,
          DeferredState.FAILED,
          null,
          error,
          false,
          line(now, attempt, "FAILED: " + describe(error)))) {
        count("failed");
        tell(id, new DeferredOutcome.Failed(error, known));
      }
      return Optional.empty();
    }
    if (!store.markRunning(id, now, line(now, attempt, "started"))) {
      return Optional.empty();
    }
    Object result;
    try {
      result = call(row.kind(), request);
    } catch (SwitchboardException e) {
      return failed(id, row, attempt, e);
    }
    Instant done = clock.instant();
    String json;
    DeferredOutcome outcome;
    if (result instanceof Payment p) {
      json = Codec.payment(p);
      outcome = new DeferredOutcome.Charged(p);
    } else if (result instanceof SendResult r) {
      json = Codec.sendResult(r);
      outcome = new DeferredOutcome.Sent(r);
    } else {
      BlobInfo b = (BlobInfo) result;
      json = Codec.blobInfo(b);
      outcome = new DeferredOutcome.Stored(b);
    }
    if (store.finish(
        id, done, DeferredState.SUCCEEDED, json, null, true, line(done, attempt, "SUCCEEDED"))) {
      count("succeeded");
      tell(id, outcome);
    }
    return Optional.empty();
  }

  private static Object decode(CallRow row) {
    return switch (row.kind()) {
      case CHARGE -> Codec.charge(row.requestJson());
      case EMAIL -> Codec.email(row.requestJson());
      case PUT -> Codec.put(row.requestJson());
    };
  }

  private Object call(DeferredKind kind, Object request) {
    return switch (kind) {
      case CHARGE -> port(ports.payments(), "payments").charge((ChargeRequest) request);
      case EMAIL -> port(ports.email(), "email").send((EmailMessage) request);
      case PUT -> {
        Codec.StoredPut put = (Codec.StoredPut) request;
        yield port(ports.storage(), "storage").put(put.key(), put.content(), put.options());
      }
    };
  }

  private static <T> T port(T port, String name) {
    if (port == null) {
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  "switchboard." + name + ".providers",
                  "not set",
                  "a deferred call needs the " + name + " port, and none is configured")));
    }
    return port;
  }

  private Optional<Instant> failed(String id, CallRow row, int attempt, SwitchboardException e) {
    Instant now = clock.instant();
    DeferredError error = DeferredError.of(e);
    boolean sent = e.requestSent() || e instanceof OutcomeUnknownException;
    if (definite(e)) {
      if (store.finish(
          id,
          now,
          DeferredState.FAILED,
          null,
          error,
          sent,
          line(now, attempt, "FAILED: " + describe(error)))) {
        count("failed");
        tell(id, new DeferredOutcome.Failed(error, e));
      }
      return Optional.empty();
    }
    Instant next = now.plus(backoff.after(attempt, caps.get(row.kind()), e, now));
    if (next.isAfter(row.deadline())) {
      next = row.deadline();
    }
    count(e instanceof OutcomeUnknownException ? "unknown" : "retry");
    store.markWaiting(
        id,
        now,
        next,
        error,
        sent,
        line(now, attempt, "WAITING until " + next + ": " + describe(error)));
    log.debug("deferred call {} waits until {} after {}", id, next, error.type());
    return Optional.of(next);
  }

  /** Whether {@code e} is an answer that another attempt with the same key cannot change. */
  static boolean definite(SwitchboardException e) {
    return e instanceof PaymentDeclinedException
        || e instanceof InvalidRequestException
        || e instanceof AuthenticationException
        || e instanceof NotFoundException;
  }

  private void count(String outcome) {
    executions.get(outcome).incrementAndGet();
  }

  private void tell(String id, DeferredOutcome outcome) {
    if (listeners.isEmpty()) {
      return;
    }
    Optional<CallRow> row = store.load(id);
    if (row.isEmpty()) {
      return;
    }
    DeferredCall call = row.get().toCall();
    for (DeferredListener listener : listeners) {
      try {
        listener.onResult(call, outcome);
      } catch (RuntimeException ex) {
        log.warn("a deferred-call listener failed on call {}", id, ex);
      }
    }
  }

  private static String describe(DeferredError error) {
    return error.type()
        + (error.provider().isEmpty() ? "" : " at " + error.provider())
        + ": "
        + error.reason();
  }

  static String line(Instant at, int attempt, String what) {
    return at + " attempt " + attempt + " " + what.replace('\n', ' ') + "\n";
  }

  private static String line(Instant at, CallRow row, String what) {
    return line(at, row.attempts(), what);
  }
}
