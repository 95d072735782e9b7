package dev.switchboard.examples;

import dev.switchboard.deferred.DeferredCall;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredError;
import dev.switchboard.deferred.DeferredHealth;
import dev.switchboard.deferred.DeferredOutcome;
import dev.switchboard.deferred.DeferredState;
import dev.switchboard.deferred.jdbc.JdbcDeferredCalls;
import dev.switchboard.payments.Payment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * How the examples drive and read the deferred queue on their simulated clock: they wake the
 * workers at chosen points of the story and wait (in real time, boundedly) until the workers have
 * done what was due, so every run prints the same sequence. A real application does neither: its
 * workers poll on the system clock, and it reads outcomes from listeners or {@code status}.
 */
final class DeferredQueueWatch {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private DeferredQueueWatch() {}

  /**
   * What a call's latest attempt did, as the examples print it after "attempt N": charged (where,
   * as what, with which key), failed and waiting (what it met, where, until when), or its state.
   *
   * @param time how the story writes an instant
   */
  static String attemptOutcome(
      DeferredCall call, java.util.function.Function<Instant, String> time) {
    if (call.outcome().orElse(null) instanceof DeferredOutcome.Charged charged) {
      Payment payment = charged.payment();
      return ": "
          + call.state()
          + ", charged at "
          + payment.id().provider()
          + " as "
          + payment.id().value()
          + " (payment "
          + payment.status()
          + "), same key "
          + call.idempotencyKey().value();
    }
    if (call.lastError().isPresent()) {
      DeferredError error = call.lastError().get();
      return " met "
          + error.type()
          + (error.provider().isEmpty() ? "" : " at " + error.provider())
          + "; "
          + call.state()
          + call.nextAttemptAt().map(at -> ", next attempt at " + time.apply(at)).orElse("");
    }
    return ": " + call.state();
  }

  /** Asks the workers to look for due calls now (the examples' workers never poll on their own). */
  static void wake(DeferredCalls deferred) {
    if (deferred instanceof JdbcDeferredCalls jdbc) {
      jdbc.wakeUp();
    }
  }

  /**
   * Waits until call {@code id} has started {@code attempts} attempts and the last one has ended:
   * the call is WAITING again or final.
   */
  static DeferredCall awaitAttempt(DeferredCalls deferred, String id, int attempts) {
    return await(
        deferred,
        id,
        c ->
            c.state().isFinal() || (c.attempts() >= attempts && c.state() == DeferredState.WAITING),
        "attempt " + attempts + " of call " + id);
  }

  /** Waits until call {@code id} has ended (SUCCEEDED, FAILED, DEAD or CANCELED). */
  static DeferredCall awaitFinal(DeferredCalls deferred, String id) {
    return await(deferred, id, c -> c.state().isFinal(), "the end of call " + id);
  }

  /** Waits until no call of {@code ids} is QUEUED or RUNNING: each is WAITING or has ended. */
  static void awaitSettled(DeferredCalls deferred, List<String> ids) {
    for (String id : ids) {
      await(
          deferred,
          id,
          c -> c.state() != DeferredState.QUEUED && c.state() != DeferredState.RUNNING,
          "the first attempt of call " + id);
    }
  }

  private static DeferredCall await(
      DeferredCalls deferred, String id, Predicate<DeferredCall> done, String what) {
    long until = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      DeferredCall call =
          deferred.status(id).orElseThrow(() -> new IllegalStateException("no call " + id));
      if (done.test(call)) {
        return call;
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException("gave up waiting for " + what + ": " + call);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  /** The queue's depth per state, every state named: {@code QUEUED=0 RUNNING=0 ...}. */
  static String depth(DeferredHealth health) {
    StringJoiner line = new StringJoiner(" ");
    for (DeferredState state : DeferredState.values()) {
      line.add(state + "=" + health.count(state));
    }
    return line.toString();
  }

  /** This instance's executions by outcome, only those that happened: {@code retry=2 ...}. */
  static String executions(DeferredHealth health) {
    StringJoiner line = new StringJoiner(" ");
    health.executions().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> line.add(e.getKey() + "=" + e.getValue()));
    return line.length() == 0 ? "none" : line.toString();
  }
}
