package dev.switchboard.resilience;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.SwitchboardException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * What a {@link FailoverChain} tells its listeners and logs about the calls it moves: a provider's
 * outage (calls meant for it served elsewhere) from its first moved call to its recovery, the
 * spells when every provider fails, and each member's failure on the way. One WARN line and one
 * event begin an outage, one INFO line and one event end it; the calls in between are counted and
 * logged at DEBUG. Calls shed by every provider's bulkhead are load, not an outage: at most one
 * WARN line a minute counts them.
 */
final class FailoverOutages {
  /** At most one WARN line in this time about calls every provider's bulkhead shed. */
  static final Duration SHED_WARNING_INTERVAL = Duration.ofMinutes(1);

  private final String name;
  private final Clock clock;
  private final Logger log;
  private final List<FailoverListener> listeners;
  private final Map<String, Away> away = new ConcurrentHashMap<>();

  /** Since when every provider has failed each call, and how many calls; null while any serves. */
  private final AtomicReference<Away> allOut = new AtomicReference<>();

  /** Since the last warning about shed calls, and how many were shed; null before the first. */
  private final AtomicReference<Away> shedding = new AtomicReference<>();

  FailoverOutages(String name, Clock clock, Logger log, List<FailoverListener> listeners) {
    this.name = name;
    this.clock = clock;
    this.log = log;
    this.listeners = new CopyOnWriteArrayList<>(listeners);
  }

  void addListener(FailoverListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener == null"));
  }

  void removeListener(FailoverListener listener) {
    listeners.remove(listener);
  }

  /** Records a member's failure that lets the call move on to the next member. */
  void movesOn(
      String operation,
      String member,
      SwitchboardException failure,
      List<SwitchboardException> causes) {
    causes.add(failure);
    log.debug(
        "provider could not serve, trying the next composite={} operation={} provider={}"
            + " outcome={}",
        name,
        operation,
        member,
        outcome(failure));
  }

  AllProvidersUnavailableException allOut(
      String operation,
      IdempotencyKey callerKey,
      List<String> chain,
      List<SwitchboardException> causes) {
    StringBuilder reason = new StringBuilder("no provider could serve ").append(operation);
    for (int i = 0; i < causes.size(); i++) {
      SwitchboardException cause = causes.get(i);
      reason
          .append(i == 0 ? ": " : "; ")
          .append(chain.get(i))
          .append(" threw ")
          .append(cause.getClass().getSimpleName())
          .append(" (")
          .append(cause.reason())
          .append(')');
    }
    if (causes.stream().allMatch(ErrorPolicy::isLoadShed)) {
      shed(operation, callerKey, chain);
    } else {
      allFailed(operation, callerKey, chain);
    }
    ErrorContext context =
        ErrorContext.builder()
            .provider(name)
            .operation(operation)
            .idempotencyKey(callerKey)
            .requestSent(causes.stream().anyMatch(SwitchboardException::requestSent))
            .build();
    return new AllProvidersUnavailableException(reason.toString(), context, causes);
  }

  /** Every provider failed the call: the first such call of a spell is a WARN line. */
  private void allFailed(String operation, IdempotencyKey callerKey, List<String> chain) {
    Away fresh = new Away(clock.instant());
    Away current = allOut.compareAndExchange(null, fresh);
    (current == null ? fresh : current).calls.incrementAndGet();
    if (current == null) {
      log.warn(
          "all providers failed composite={} operation={} providers={} idempotencyKey={}"
              + " (further such calls are logged at DEBUG until a provider serves again)",
          name,
          operation,
          chain,
          callerKey);
    } else {
      log.debug(
          "all providers failed composite={} operation={} providers={} idempotencyKey={}",
          name,
          operation,
          chain,
          callerKey);
    }
  }

  /**
   * Every provider's bulkhead shed the call: this instance is busy, no provider failed, so no spell
   * of "all providers failed" begins (a served call in between would end it and the next shed call
   * begin another, a WARN and an INFO line each time). Instead one WARN line at most every {@link
   * #SHED_WARNING_INTERVAL}, counting the calls shed since the one before; the others are logged at
   * DEBUG.
   */
  private void shed(String operation, IdempotencyKey callerKey, List<String> chain) {
    Instant now = clock.instant();
    Away spell = shedding.get();
    if (spell == null || !now.isBefore(spell.since.plus(SHED_WARNING_INTERVAL))) {
      Away fresh = new Away(now);
      if (shedding.compareAndSet(spell, fresh)) {
        fresh.calls.incrementAndGet();
        log.warn(
            "calls shed, every provider's bulkhead is full composite={} operation={} providers={}"
                + " idempotencyKey={} shedSincePreviousWarning={} (further shed calls are logged"
                + " at DEBUG; the next such warning comes {}s later at the earliest)",
            name,
            operation,
            chain,
            callerKey,
            spell == null ? 0 : spell.calls.get(),
            SHED_WARNING_INTERVAL.toSeconds());
        return;
      }
      spell = shedding.get();
    }
    spell.calls.incrementAndGet();
    log.debug(
        "call shed, every provider's bulkhead is full composite={} operation={} providers={}"
            + " idempotencyKey={}",
        name,
        operation,
        chain,
        callerKey);
  }

  /**
   * Notes that {@code server} served a call meant for {@code meantFor}. The first call of an outage
   * moved off a provider is a {@link FailoverEvent.ProviderSwitched} and a WARN line; every moved
   * call is a {@link FailoverListener#callMoved} signal and a DEBUG line; the provider's next call
   * of its own is a {@link FailoverEvent.ProviderRecovered} with the outage's count and an INFO
   * line. A call moved because the provider's bulkhead shed it ({@link ErrorPolicy#isLoadShed}) is
   * a moved call but begins no outage.
   */
  void served(
      String operation,
      IdempotencyKey callerKey,
      String meantFor,
      String server,
      List<SwitchboardException> causes) {
    Instant now = clock.instant();
    Away down = allOut.get() == null ? null : allOut.getAndSet(null);
    if (down != null) {
      log.info(
          "service restored composite={} provider={} callsFailedMeanwhile={} down={}ms",
          name,
          server,
          down.calls.get(),
          Math.max(0, Duration.between(down.since, now).toMillis()));
    }
    if (server.equals(meantFor)) {
      Away ended = away.remove(server);
      if (ended != null) {
        long moved = ended.calls.get();
        Duration gone = Duration.between(ended.since, now);
        log.info(
            "provider recovered composite={} provider={} callsServedElsewhere={} away={}ms",
            name,
            server,
            moved,
            gone.toMillis());
        emit(
            new FailoverEvent.ProviderRecovered(
                server, moved, gone.isNegative() ? Duration.ZERO : gone, now));
      }
      return;
    }
    SwitchboardException cause = causes.get(0);
    if (ErrorPolicy.isLoadShed(cause)) {
      // A full bulkhead is this instance being busy, not the provider failing: no outage begins.
      log.debug(
          "call shed to the next provider composite={} operation={} from={} to={}"
              + " outcome={} idempotencyKey={}",
          name,
          operation,
          meantFor,
          server,
          outcome(cause),
          callerKey);
      callMoved(meantFor, server, operation);
      return;
    }
    Away fresh = new Away(now);
    Away current = away.putIfAbsent(meantFor, fresh);
    Away outage = current == null ? fresh : current;
    outage.calls.incrementAndGet();
    String outcome = outcome(cause);
    if (current == null) {
      log.warn(
          "provider switched composite={} operation={} from={} to={} outcome={}"
              + " idempotencyKey={} (further calls moved are logged at DEBUG until it recovers)",
          name,
          operation,
          meantFor,
          server,
          outcome,
          callerKey);
      emit(new FailoverEvent.ProviderSwitched(meantFor, server, operation, cause, now));
    } else {
      log.debug(
          "call served elsewhere composite={} operation={} from={} to={} outcome={}"
              + " idempotencyKey={}",
          name,
          operation,
          meantFor,
          server,
          outcome,
          callerKey);
    }
    callMoved(meantFor, server, operation);
  }

  private void callMoved(String meantFor, String server, String operation) {
    for (FailoverListener listener : listeners) {
      try {
        listener.callMoved(meantFor, server, operation);
      } catch (RuntimeException e) {
        log.warn("failover listener failed composite={} signal=callMoved", name, e);
      }
    }
  }

  /**
   * A failure as logs name it: {@code refused(breaker_open)} for a policy's own refusal, {@code
   * shed(bulkhead_full)} for load shedding, otherwise the exception's simple name.
   */
  static String outcome(SwitchboardException failure) {
    String refusal = ErrorPolicy.isLoadShed(failure) ? "shed(" : "refused(";
    return ErrorPolicy.localRefusal(failure)
        .map(reason -> refusal + reason.name().toLowerCase(Locale.ROOT) + ")")
        .orElseGet(() -> failure.getClass().getSimpleName());
  }

  /**
   * An outage of one provider: since when calls meant for it are served elsewhere, and how many.
   */
  private static final class Away {
    private final Instant since;
    private final AtomicLong calls = new AtomicLong();

    private Away(Instant since) {
      this.since = since;
    }
  }

  void emit(FailoverEvent event) {
    for (FailoverListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn(
            "failover listener failed composite={} event={}",
            name,
            event.getClass().getSimpleName(),
            e);
      }
    }
  }
}
