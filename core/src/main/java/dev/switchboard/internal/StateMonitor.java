package dev.switchboard.internal;

import dev.switchboard.SwitchboardException;
import dev.switchboard.state.Claim;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateEvent;
import dev.switchboard.state.StateHealth;
import dev.switchboard.state.StateListener;
import dev.switchboard.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade's view of its state store: times every ledger call, counts claims, repeats, pinned
 * refusals and store errors for {@code Switchboard.stateHealth()}, and hands every {@link
 * StateEvent} on to the application's listeners (metrics among them).
 *
 * <p>Not for application code: classes in {@code internal} packages may change without notice.
 */
public final class StateMonitor implements StateListener {
  private static final Logger log = LoggerFactory.getLogger(StateMonitor.class);

  private final StateStore store;
  private final Clock clock;
  private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder claims = new LongAdder();
  private final LongAdder repeats = new LongAdder();
  private final LongAdder pinnedRefusals = new LongAdder();
  private final LongAdder storeErrors = new LongAdder();
  private volatile boolean up = true;
  private volatile String lastError;
  private volatile Instant lastErrorAt;
  private final ThreadPoolExecutor settler;

  /**
   * @param settleInBackground whether to keep one thread that records calls' outcomes in the ledger
   *     off the callers' path
   */
  public StateMonitor(StateStore store, Clock clock, boolean settleInBackground) {
    this.store = store;
    this.clock = clock;
    this.settler = settleInBackground ? newSettler() : null;
  }

  /**
   * One daemon thread with room for 10,000 waiting settles; beyond that a caller settles itself, so
   * a store slower than the traffic slows callers instead of piling up memory.
   */
  private static ThreadPoolExecutor newSettler() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            task -> {
              Thread thread = new Thread(task, "switchboard-ledger-settle");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    return pool;
  }

  /** The executor that records outcomes off the callers' path, when configured. */
  public Optional<Executor> settler() {
    return Optional.ofNullable(settler);
  }

  /**
   * Where non-blocking calls run their calls to a shared store's ledger (JDBC, Redis), which block:
   * {@link StoreCalls#shared()}, never the caller's, OkHttp's or the scheduler's thread. Empty for
   * the in-memory store, whose calls take microseconds.
   */
  public Optional<Executor> ledgerExecutor() {
    return store.shared() ? Optional.of(StoreCalls.shared()) : Optional.empty();
  }

  /** Writes the settles still waiting, for up to 10 seconds, then stops the settler. */
  public void close() {
    if (settler == null) {
      return;
    }
    settler.shutdown();
    try {
      if (!settler.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn(
            "ledger settles still waiting at close, their records stay pending count={}",
            settler.getQueue().size());
        settler.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      settler.shutdownNow();
    }
  }

  /** The store's ledger, each call timed and reported. */
  public KeyLedger ledger() {
    KeyLedger ledger = store.ledger();
    return new KeyLedger() {
      @Override
      public Claim claim(
          String scope, String key, String provider, String sentKey, String fingerprint) {
        return timed("claim", () -> ledger.claim(scope, key, provider, sentKey, fingerprint));
      }

      @Override
      public Optional<LedgerRecord> find(String scope, String key) {
        return timed("find", () -> ledger.find(scope, key));
      }

      @Override
      public Optional<LedgerRecord> settle(
          LedgerRecord claimed, LedgerState state, String vendorId) {
        return timed("settle", () -> ledger.settle(claimed, state, vendorId));
      }

      @Override
      public String toString() {
        return store.name();
      }
    };
  }

  private <T> T timed(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      T result = call.get();
      if (!up) {
        up = true;
      }
      // A success only matters to listeners (metrics): without any, no event is built.
      if (!listeners.isEmpty()) {
        onEvent(
            new StateEvent.StoreCall(
                store.name(), operation, since(start), false, clock.instant()));
      }
      return result;
    } catch (RuntimeException e) {
      up = false;
      // Only the store's own reason: another exception's message may quote a connection string.
      lastError =
          e instanceof SwitchboardException failure ? failure.reason() : e.getClass().getName();
      lastErrorAt = clock.instant();
      onEvent(new StateEvent.StoreCall(store.name(), operation, since(start), true, lastErrorAt));
      throw e;
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  public void addListener(StateListener listener) {
    listeners.add(listener);
  }

  @Override
  public void onEvent(StateEvent event) {
    if (event instanceof StateEvent.KeyClaimed claimed) {
      (claimed.won() ? claims : repeats).increment();
    } else if (event instanceof StateEvent.PinnedRefusal) {
      pinnedRefusals.increment();
    } else if (event instanceof StateEvent.StoreCall call && call.failed()) {
      storeErrors.increment();
    }
    for (StateListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("state listener failed event={}", event.getClass().getSimpleName(), e);
      }
    }
  }

  public StateHealth health() {
    return new StateHealth(
        store.name(),
        store.shared(),
        up,
        lastError,
        lastErrorAt,
        claims.sum(),
        repeats.sum(),
        pinnedRefusals.sum(),
        storeErrors.sum());
  }
}
