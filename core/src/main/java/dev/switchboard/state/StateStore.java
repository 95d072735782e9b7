package dev.switchboard.state;

import dev.switchboard.webhooks.ReplayGuard;
import java.time.Clock;
import java.time.Duration;

/**
 * Where Switchboard keeps state that outlives a call: the {@link KeyLedger}, store-backed {@link
 * ReplayGuard}s and the shared {@link RateState}.
 *
 * <pre>{@code
 * StateStore store = StateStore.inMemory(Clock.systemUTC(), Duration.ofDays(7), Duration.ofDays(7));
 * store.ledger().claim("payments.charge", "order-42", "acme-pay", "order-42");
 * ReplayGuard guard = store.replayGuard("webhooks-acme");
 * }</pre>
 *
 * <p>{@code switchboard.state.store} picks one by name: {@code memory} (the default), or a name a
 * {@link StateStoreFactory} on the classpath registers ({@code jdbc}, {@code redis}). The store
 * that {@code Switchboard} builds is closed with it; one an application hands in stays open.
 * Implementations are thread-safe.
 */
public interface StateStore extends AutoCloseable {
  /**
   * How long a replay guard's claim that is neither completed nor released holds (its handler's
   * process died, say) before a redelivery may claim the id again; shorter when the replay
   * retention is.
   */
  Duration REPLAY_LEASE = Duration.ofMinutes(5);

  /** The store's name, such as {@code memory}, {@code jdbc} or {@code redis}. */
  String name();

  /** Whether several application instances can share this store (false for memory). */
  boolean shared();

  KeyLedger ledger();

  /**
   * A replay guard over this store for one kind of delivery (one vendor's webhooks, say): ids of
   * two namespaces never collide. Completed ids are kept for the store's replay retention, open
   * claims for {@link #REPLAY_LEASE}.
   */
  ReplayGuard replayGuard(String namespace);

  RateState rates();

  /** Releases the store's connections; a store handed in by the application is left open. */
  @Override
  void close();

  /**
   * A store in this process's memory: the default. It forgets no ledger record before {@code
   * ledgerRetention}, except {@link LedgerState#FAILED} ones beyond 100,000 (oldest first), so its
   * size grows with the calls of one retention period.
   *
   * @param clock the time source for retention and rate budgets
   * @param ledgerRetention how long a ledger record is kept after its last change
   * @param replayRetention how long a completed replay id is remembered
   */
  static StateStore inMemory(Clock clock, Duration ledgerRetention, Duration replayRetention) {
    return new MemoryStateStore(clock, ledgerRetention, replayRetention);
  }
}
