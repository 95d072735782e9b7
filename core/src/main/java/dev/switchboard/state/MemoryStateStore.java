package dev.switchboard.state;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.webhooks.ReplayGuard;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** {@link StateStore#inMemory}: one process's state, gone with it. */
final class MemoryStateStore implements StateStore {
  /** Failed ledger records kept at most; no other record is evicted before its retention. */
  static final int MAX_FAILED = 100_000;

  /** Replay ids kept at most per namespace. */
  static final int MAX_REPLAY_IDS = 100_000;

  private final Clock clock;
  private final Duration replayRetention;
  private final MemoryKeyLedger ledger;
  private final MemoryRateState rates;
  private final Map<String, ReplayGuard> guards = new ConcurrentHashMap<>();

  MemoryStateStore(Clock clock, Duration ledgerRetention, Duration replayRetention) {
    Objects.requireNonNull(clock, "clock == null");
    InvalidRequestException.requirePositive("ledgerRetention", ledgerRetention);
    InvalidRequestException.requirePositive("replayRetention", replayRetention);
    this.clock = clock;
    this.replayRetention = replayRetention;
    this.ledger = new MemoryKeyLedger(clock, ledgerRetention, MAX_FAILED);
    this.rates = new MemoryRateState(clock);
  }

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public boolean shared() {
    return false;
  }

  @Override
  public KeyLedger ledger() {
    return ledger;
  }

  @Override
  public ReplayGuard replayGuard(String namespace) {
    InvalidRequestException.requireName("namespace", namespace);
    return guards.computeIfAbsent(
        namespace,
        n ->
            ReplayGuard.inMemory(
                replayRetention,
                REPLAY_LEASE.compareTo(replayRetention) < 0 ? REPLAY_LEASE : replayRetention,
                MAX_REPLAY_IDS,
                clock));
  }

  @Override
  public RateState rates() {
    return rates;
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "StateStore.inMemory";
  }
}
