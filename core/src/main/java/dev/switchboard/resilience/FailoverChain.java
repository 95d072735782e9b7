package dev.switchboard.resilience;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.StateListener;
import dev.switchboard.state.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part the three failover composites share: the ordered providers and their policies, the walk
 * down a call's chain of providers, the events, and the key ledger that records which provider a
 * key went to.
 *
 * @param <P> the port
 */
final class FailoverChain<P> {
  private final String name;
  private final List<Member<P>> members;
  private final Clock clock;
  private final Logger log;
  private final FailoverOutages outages;

  private final LedgerGate gate;
  private final boolean failClosed;

  private FailoverChain(Spec<P> spec, Class<?> composite) {
    this.members = List.copyOf(spec.members);
    this.name =
        "failover(" + members.stream().map(Member::provider).collect(Collectors.joining(",")) + ")";
    this.clock = spec.clock;
    this.log = LoggerFactory.getLogger(composite);
    this.outages = new FailoverOutages(name, clock, log, spec.listeners);
    KeyLedger ledger =
        spec.ledger != null
            ? spec.ledger
            : StateStore.inMemory(clock, DEFAULT_RETENTION, DEFAULT_RETENTION).ledger();
    this.gate =
        new LedgerGate(ledger, spec.stateListener, spec.settler, spec.ledgerExecutor, clock, log);
    this.failClosed = spec.failClosed;
  }

  /** How long the in-memory ledger of a composite built without one keeps a key. */
  static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  /** One provider of the chain. */
  static final class Member<P> {
    private final P port;
    private final String provider;
    private final ResiliencePolicy policy;
    private final int weight;
    private volatile Instant openedAt;

    private Member(P port, String provider, ResiliencePolicy policy, int weight) {
      this.port = port;
      this.provider = provider;
      this.policy = policy;
      this.weight = weight;
    }

    P port() {
      return port;
    }

    String provider() {
      return provider;
    }

    ResiliencePolicy policy() {
      return policy;
    }

    int weight() {
      return weight;
    }
  }

  /** What a composite's builder collects; checks each argument as it comes. */
  static final class Spec<P> {
    private final List<Member<P>> members = new ArrayList<>();
    private final List<FailoverListener> listeners = new ArrayList<>();
    private final Function<P, String> providerOf;
    private final Function<P, Optional<HealthProbe>> probeOf;
    private Clock clock = Clock.systemUTC();
    private KeyLedger ledger;
    private boolean failClosed = true;
    private StateListener stateListener;
    private Executor settler;
    private Executor ledgerExecutor;

    Spec(Function<P, String> providerOf, Function<P, Optional<HealthProbe>> probeOf) {
      this.providerOf = providerOf;
      this.probeOf = probeOf;
    }

    void add(P port, ResiliencePolicy policy, int weight) {
      Objects.requireNonNull(port, "port == null");
      String provider = providerOf.apply(port);
      if (provider == null || provider.isBlank()) {
        throw InvalidRequestException.invalidField(
            "provider", "the provider's name must not be blank, was " + provider);
      }
      Objects.requireNonNull(policy, "policy == null");
      if (!policy.provider().equals(provider)) {
        throw InvalidRequestException.invalidField(
            "policy",
            "the policy of provider \""
                + provider
                + "\" is for provider \""
                + policy.provider()
                + "\"");
      }
      if (weight < 0) {
        throw InvalidRequestException.invalidField("weight", "weight must be >= 0, was " + weight);
      }
      if (members.stream().anyMatch(m -> m.provider.equals(provider))) {
        throw InvalidRequestException.invalidField(
            "provider", "provider \"" + provider + "\" was added twice");
      }
      probeOf.apply(port).ifPresent(policy::attachProbe);
      members.add(new Member<>(port, provider, policy, weight));
    }

    void add(P port, ResiliencePolicy policy) {
      add(port, policy, 1);
    }

    void add(P port) {
      Objects.requireNonNull(port, "port == null");
      add(port, ResiliencePolicy.ofDefaults(providerOf.apply(port)), 1);
    }

    void listener(FailoverListener listener) {
      Objects.requireNonNull(listener, "listener == null");
      listeners.add(listener);
    }

    void clock(Clock clock) {
      Objects.requireNonNull(clock, "clock == null");
      this.clock = clock;
    }

    void ledger(KeyLedger ledger, boolean failClosed) {
      Objects.requireNonNull(ledger, "ledger == null");
      this.ledger = ledger;
      this.failClosed = failClosed;
    }

    void settleInBackground(Executor settler) {
      Objects.requireNonNull(settler, "settler == null");
      this.settler = settler;
    }

    void ledgerExecutor(Executor executor) {
      Objects.requireNonNull(executor, "ledgerExecutor == null");
      this.ledgerExecutor = executor;
    }

    void stateListener(StateListener listener) {
      Objects.requireNonNull(listener, "listener == null");
      this.stateListener = listener;
    }

    FailoverChain<P> build(Class<?> composite) {
      if (members.isEmpty()) {
        throw InvalidRequestException.invalidField(
            "providers", "a failover composite needs at least one provider");
      }
      return new FailoverChain<>(this, composite);
    }
  }

  /** {@code failover(a,b)}: the composite's provider name. */
  String name() {
    return name;
  }

  /** Every member in priority order. */
  List<Member<P>> members() {
    return members;
  }

  Member<P> primary() {
    return members.get(0);
  }

  Optional<Member<P>> member(String provider) {
    return members.stream().filter(m -> m.provider.equals(provider)).findFirst();
  }

  List<String> providers() {
    return members.stream().map(Member::provider).collect(Collectors.toUnmodifiableList());
  }

  List<ProviderHealth> health() {
    return members.stream().map(m -> m.policy.health()).collect(Collectors.toUnmodifiableList());
  }

  /**
   * The key a member sends: the primary sends the caller's own key, so that a caller repeating a
   * call lines up with the vendor's record of it; every other member sends a key derived from it
   * for that member, the same on every repeat and never the same as another vendor's.
   */
  IdempotencyKey keyFor(Member<P> member, IdempotencyKey callerKey) {
    if (callerKey == null || member == primary()) {
      return callerKey;
    }
    return callerKey.derive(member.provider);
  }

  /**
   * Follows each member's breaker through its policy's events, so that {@link #admits} can tell a
   * breaker whose wait is over (the next call offered moves it to half-open) from one still
   * waiting.
   */
  void watchBreakers() {
    for (Member<P> member : members) {
      member.policy.addListener(
          event -> {
            if (event instanceof ResilienceEvent.BreakerStateChanged changed) {
              member.openedAt = changed.to() == BreakerState.OPEN ? changed.at() : null;
            }
          });
    }
  }

  /**
   * Whether the member's policy would let a call through its breaker: not forced open, not held
   * after its vendor's rate limit, and not open with its wait still running. A breaker that opened
   * before {@link #watchBreakers} is offered calls; its policy refuses them quickly while it waits.
   */
  boolean admits(Member<P> member) {
    BreakerState state = member.policy.breakerState();
    if (state == BreakerState.FORCED_OPEN || !member.policy.heldFor().isZero()) {
      return false;
    }
    Instant opened = member.openedAt;
    if (state != BreakerState.OPEN || opened == null) {
      return true;
    }
    Instant waitOver = opened.plus(member.policy.config().breakerWaitInOpen());
    return member.policy.config().clock().instant().isAfter(waitOver);
  }

  void addListener(FailoverListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    outages.addListener(listener);
  }

  void removeListener(FailoverListener listener) {
    outages.removeListener(listener);
  }

  /**
   * Offers the call to each member of {@code order} in turn until one serves it. The walk is
   * written once for both modes: with attempts that complete at once (blocking) the returned future
   * is complete when this returns; with non-blocking attempts the next member is tried on the
   * thread that ended the previous attempt.
   *
   * @param callerKey the caller's idempotency key, or null for reads
   * @param order the members to try, the one the call is meant for first
   * @param mayFailOver whether a member's failure (or its policy's refusal) lets the call move on
   * @param ledgered how the call uses the key ledger, or null for calls that do not: a keyed call
   *     is claimed in the ledger before each member sends it, and a repeat of a key an earlier
   *     attempt holds goes only to that attempt's provider ({@link KeyedCall})
   * @param attempt runs the call on one member, through the member's policy, with the key to send
   * @return the first member's result; or fails with the first failure that may not move on, with
   *     the earlier members' failures suppressed in it, or {@link AllProvidersUnavailableException}
   *     when every member refused or failed
   */
  <T> CompletableFuture<T> call(
      String operation,
      IdempotencyKey callerKey,
      List<Member<P>> order,
      Predicate<SwitchboardException> mayFailOver,
      Ledgered<P, T> ledgered,
      BiFunction<Member<P>, IdempotencyKey, CompletableFuture<T>> attempt) {
    if (ledgered != null && callerKey != null) {
      return new KeyedCall<>(
              this, gate, operation, callerKey, order, mayFailOver, ledgered, attempt)
          .run();
    }
    return walk(operation, callerKey, order, 0, mayFailOver, attempt, new ArrayList<>());
  }

  /** Whether a keyed call is refused, rather than sent without the ledger, when it is down. */
  boolean failClosed() {
    return failClosed;
  }

  Logger log() {
    return log;
  }

  /**
   * Offers the call to the members of {@code order} from {@code from} on, without the ledger;
   * {@code causes} holds the failures of the members before {@code from}.
   */
  <T> CompletableFuture<T> walk(
      String operation,
      IdempotencyKey callerKey,
      List<Member<P>> order,
      int from,
      Predicate<SwitchboardException> moveOn,
      BiFunction<Member<P>, IdempotencyKey, CompletableFuture<T>> attempt,
      List<SwitchboardException> causes) {
    if (from >= order.size()) {
      return Futures.failed(allOut(operation, callerKey, order, causes));
    }
    Member<P> member = order.get(from);
    return whenEnded(
        start(attempt, member, keyFor(member, callerKey)),
        (result, failure) -> {
          if (failure == null) {
            served(operation, callerKey, order.get(0), member, causes);
            return CompletableFuture.completedFuture(result);
          }
          if (!moveOn.test(failure)) {
            return Futures.failed(withCauses(failure, causes));
          }
          movesOn(operation, member, failure, causes);
          return walk(operation, callerKey, order, from + 1, moveOn, attempt, causes);
        });
  }

  /**
   * Runs one operation on one member through its policy, in the given mode: on the member's
   * blocking port on this thread, or on its non-blocking form ({@code nonBlocking} is handed the
   * port and calls its {@code async()}).
   */
  static <P, T> CompletableFuture<T> onMember(
      CallMode mode,
      Cancellation cancellation,
      Member<P> member,
      String operation,
      IdempotencyKey key,
      Function<P, T> blocking,
      Function<P, CompletableFuture<T>> nonBlocking) {
    return member
        .policy()
        .run(
            mode,
            operation,
            key,
            cancellation,
            mode == CallMode.BLOCKING
                ? () -> Futures.call(() -> blocking.apply(member.port()))
                : () -> nonBlocking.apply(member.port()));
  }

  /**
   * The attempt, whose unknown outcome names the key its provider received: the caller must be able
   * to repeat the call with exactly that key.
   */
  static <T> CompletableFuture<T> namingKey(CompletableFuture<T> attempt, IdempotencyKey key) {
    return whenEnded(
        attempt,
        (result, e) ->
            e == null
                ? CompletableFuture.completedFuture(result)
                : Futures.failed(
                    e instanceof OutcomeUnknownException unknown
                        ? FailoverPaymentGateway.withKey(unknown, key)
                        : e));
  }

  /** Starts one member's attempt; an attempt that throws instead of failing its future fails it. */
  static <P, T> CompletableFuture<T> start(
      BiFunction<Member<P>, IdempotencyKey, CompletableFuture<T>> attempt,
      Member<P> member,
      IdempotencyKey key) {
    return Futures.start(() -> attempt.apply(member, key));
  }

  /**
   * Continues with {@code next} once {@code attempt} ends, handing it the result or the {@link
   * SwitchboardException} the attempt failed with; any other failure ends the call as it is. For an
   * attempt that is already complete (blocking), {@code next} runs now, on this thread.
   */
  static <T, U> CompletableFuture<U> whenEnded(
      CompletableFuture<T> attempt,
      BiFunction<T, SwitchboardException, CompletableFuture<U>> next) {
    if (attempt.isDone()) {
      return ended(attempt, next);
    }
    return attempt.handle((value, error) -> attempt).thenCompose(done -> ended(done, next));
  }

  private static <T, U> CompletableFuture<U> ended(
      CompletableFuture<T> done, BiFunction<T, SwitchboardException, CompletableFuture<U>> next) {
    Throwable failure = Futures.failure(done);
    if (failure == null) {
      return next.apply(done.join(), null);
    }
    return failure instanceof SwitchboardException thrown
        ? next.apply(null, thrown)
        : Futures.failed(failure);
  }

  /** {@code failure} with the failures of the members tried before it suppressed in it. */
  static SwitchboardException withCauses(
      SwitchboardException failure, List<SwitchboardException> causes) {
    for (SwitchboardException earlier : causes) {
      if (earlier != failure) {
        failure.addSuppressed(earlier);
      }
    }
    return failure;
  }

  /**
   * The members of {@code order} whose limits the call keeps to, in the same order. Each member
   * left out is logged at DEBUG and reported as a {@link FailoverEvent.ProviderSkipped}.
   *
   * @param check a member's refusal of the call, or empty when it can take it
   * @throws InvalidRequestException the first member's refusal when every member refused: the
   *     caller's request is what is wrong
   */
  List<Member<P>> withinLimits(
      String operation,
      List<Member<P>> order,
      Function<P, Optional<InvalidRequestException>> check) {
    List<Member<P>> admitted = new ArrayList<>(order.size());
    InvalidRequestException first = null;
    for (Member<P> member : order) {
      Optional<InvalidRequestException> refusal = check.apply(member.port);
      if (refusal.isEmpty()) {
        admitted.add(member);
        continue;
      }
      InvalidRequestException reason = refusal.get();
      if (first == null) {
        first = reason;
      }
      log.debug(
          "provider skipped, the request breaks its limits composite={} operation={} provider={}"
              + " field={} reason={}",
          name,
          operation,
          member.provider,
          reason.field().orElse("none"),
          reason.reason());
      outages.emit(
          new FailoverEvent.ProviderSkipped(member.provider, operation, reason, clock.instant()));
    }
    if (admitted.isEmpty() && first != null) {
      throw first;
    }
    return admitted;
  }

  /** Records a member's failure that lets the call move on to the next member. */
  void movesOn(
      String operation,
      Member<P> member,
      SwitchboardException failure,
      List<SwitchboardException> causes) {
    outages.movesOn(operation, member.provider, failure, causes);
  }

  /** The failure of a call every member of {@code order} refused or failed. */
  AllProvidersUnavailableException allOut(
      String operation,
      IdempotencyKey callerKey,
      List<Member<P>> order,
      List<SwitchboardException> causes) {
    return outages.allOut(
        operation,
        callerKey,
        order.stream().map(Member::provider).collect(Collectors.toList()),
        causes);
  }

  /**
   * Notes that {@code server} served a call meant for {@code meantFor}; see {@link
   * FailoverOutages}.
   */
  void served(
      String operation,
      IdempotencyKey callerKey,
      Member<P> meantFor,
      Member<P> server,
      List<SwitchboardException> causes) {
    outages.served(operation, callerKey, meantFor.provider, server.provider, causes);
  }

  /** A failure as logs name it: see {@link FailoverOutages#outcome}. */
  static String outcome(SwitchboardException failure) {
    return FailoverOutages.outcome(failure);
  }

  @Override
  public String toString() {
    return name;
  }
}
