package dev.switchboard.resilience;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.EarlierAttemptException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.StateListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An {@link EmailSender} over several providers, each behind its own {@link ResiliencePolicy}: a
 * message goes to the provider it is meant for and moves to the others, in priority order, when
 * that one refuses or fails it.
 *
 * <pre>{@code
 * EmailSender email = FailoverEmailSender.builder()
 *     .add(primarySender, primaryPolicy)
 *     .add(backupSender)               // with ResiliencePolicy.ofDefaults(its provider)
 *     .build();
 * email.provider();                    // "failover(primary,backup)"
 * }</pre>
 *
 * <ul>
 *   <li>Which provider a message is meant for is the {@link DistributionStrategy}: {@code PRIORITY}
 *       (the default) always the first, so every message is offered to it through its policy and an
 *       open breaker reaches half-open by itself once its wait is over; {@code ROUND_ROBIN} and
 *       {@code WEIGHTED} spread messages over the providers whose breakers let calls through (or
 *       whose wait in open is over), and over all of them when none does.
 *   <li>A failure moves on where {@link ErrorPolicy#mayFailOver} allows it for {@link
 *       FailoverScope#email}: unavailable, rate limited and the policy's own refusals do. An {@link
 *       OutcomeUnknownException} (the message may have been accepted) moves on only when {@link
 *       Builder#unknownOutcomeMayFailOver} is set, at the risk of a duplicate email; by default it
 *       surfaces carrying the key its provider received.
 *   <li>A provider whose limits the message breaks ({@link EmailSender#check} is not empty) is
 *       skipped before anything is claimed or sent, with a DEBUG log line and a {@link
 *       FailoverEvent.ProviderSkipped}. When every provider refuses the message, the first one's
 *       {@link InvalidRequestException} is thrown: the message is what is wrong.
 *   <li>When every provider refused or failed: {@link AllProvidersUnavailableException} with each
 *       cause in the order tried.
 * </ul>
 *
 * <p><b>Idempotency keys.</b> The message is never changed. The primary (the first provider added)
 * receives the caller's own key; every other provider receives {@code key.derive(provider)} in a
 * copy of the message.
 *
 * <p><b>The key ledger.</b> Before a message leaves for a provider, its key is claimed for that
 * provider in the {@link KeyLedger} ({@link Builder#ledger}; by default one in this composite's
 * memory). A repeat of a key that was accepted returns the recorded {@link SendResult} without
 * sending again; a repeat of one whose outcome is unknown is not sent again (email vendors cannot
 * recognise a repeat, so it would be a second email) unless the message says {@link
 * EmailMessage.Builder#resendAfterUnknownOutcome}, and then only to the same provider. Otherwise
 * the caller gets an {@link EarlierAttemptException}. While the ledger cannot be reached, messages
 * are sent without it, unless the ledger was set to fail closed.
 *
 * <p>Thread-safe.
 */
public final class FailoverEmailSender implements EmailSender {
  /** The ledger scope of sent messages. */
  public static final String SEND_SCOPE = "email.send";

  private final FailoverChain<EmailSender> chain;
  private final DistributionStrategy strategy;
  private final FailoverScope scope;
  private final Random random;
  private final AtomicInteger turn = new AtomicInteger();
  private final AsyncEmailSender async = new Async();

  private FailoverEmailSender(Builder b, FailoverChain<EmailSender> chain) {
    this.chain = chain;
    this.strategy = b.strategy;
    this.scope = FailoverScope.email(b.unknownOutcomeMayFailOver);
    this.random = b.random;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code failover(a,b)}, from the providers' names in priority order. */
  @Override
  public String provider() {
    return chain.name();
  }

  /** The providers' names in priority order. */
  public List<String> providers() {
    return chain.providers();
  }

  /** Each provider's health, from its policy, in priority order. */
  public List<ProviderHealth> health() {
    return chain.health();
  }

  public DistributionStrategy strategy() {
    return strategy;
  }

  /**
   * Registers a listener for this composite's events.
   *
   * @throws NullPointerException if the listener is null
   */
  public void addListener(FailoverListener listener) {
    chain.addListener(listener);
  }

  /** Removes a listener; removing one that was never added does nothing. */
  public void removeListener(FailoverListener listener) {
    chain.removeListener(listener);
  }

  @Override
  public SendResult send(EmailMessage message) {
    return Futures.join(send(message, CallMode.BLOCKING, new Cancellation()));
  }

  /**
   * The same composite without blocking: every message is routed, ledgered and failed over exactly
   * as by the blocking one, over each provider's {@link EmailSender#async()} form.
   */
  @Override
  public AsyncEmailSender async() {
    return async;
  }

  /** One implementation for both modes: a blocking send completes before it returns. */
  private CompletableFuture<SendResult> send(
      EmailMessage message, CallMode mode, Cancellation cancellation) {
    Objects.requireNonNull(message, "message == null");
    IdempotencyKey callerKey = message.idempotencyKey();
    List<FailoverChain.Member<EmailSender>> order =
        chain.withinLimits("send", order(), port -> port.check(message));
    return chain.call(
        "send",
        callerKey,
        order,
        failure -> !cancellation.requested() && ErrorPolicy.mayFailOver(failure, scope),
        new Ledgered<>(
            SEND_SCOPE,
            Fingerprint.of(message),
            SendResult::messageId,
            (member, record) ->
                CompletableFuture.completedFuture(
                    SendResult.of(
                        record.provider(), record.vendorId().orElseThrow(), record.updatedAt())),
            record -> message.resendAfterUnknownOutcome(),
            mode),
        (member, key) -> {
          EmailMessage sent =
              key.equals(callerKey) ? message : message.toBuilder().idempotencyKey(key).build();
          return FailoverChain.namingKey(
              FailoverChain.onMember(
                  mode,
                  cancellation,
                  member,
                  "send",
                  key,
                  port -> port.send(sent),
                  port -> port.async().send(sent)),
              key);
        });
  }

  /**
   * Empty when at least one provider can take the message within its limits; otherwise the refusal
   * of the first provider.
   */
  @Override
  public Optional<InvalidRequestException> check(EmailMessage message) {
    Objects.requireNonNull(message, "message == null");
    Optional<InvalidRequestException> first = Optional.empty();
    for (FailoverChain.Member<EmailSender> member : chain.members()) {
      Optional<InvalidRequestException> refusal = member.port().check(message);
      if (refusal.isEmpty()) {
        return refusal;
      }
      if (first.isEmpty()) {
        first = refusal;
      }
    }
    return first;
  }

  @Override
  public String toString() {
    return "FailoverEmailSender{providers=" + chain.providers() + ", strategy=" + strategy + "}";
  }

  /** The non-blocking view: each send gets its own cancellation, reached by its future. */
  private final class Async implements AsyncEmailSender {
    @Override
    public String provider() {
      return FailoverEmailSender.this.provider();
    }

    @Override
    public CompletableFuture<SendResult> send(EmailMessage message) {
      return Cancellation.start(
          c -> FailoverEmailSender.this.send(message, CallMode.NON_BLOCKING, c));
    }

    @Override
    public String toString() {
      return "async " + FailoverEmailSender.this;
    }
  }

  /** The members in the order this message tries them, the one it is meant for first. */
  private List<FailoverChain.Member<EmailSender>> order() {
    List<FailoverChain.Member<EmailSender>> members = chain.members();
    if (strategy == DistributionStrategy.PRIORITY || members.size() == 1) {
      return members;
    }
    List<FailoverChain.Member<EmailSender>> healthy =
        members.stream().filter(chain::admits).collect(Collectors.toList());
    if (healthy.isEmpty()) {
      healthy = members;
    }
    FailoverChain.Member<EmailSender> chosen =
        strategy == DistributionStrategy.ROUND_ROBIN
            ? healthy.get(Math.floorMod(turn.getAndIncrement(), healthy.size()))
            : weighted(healthy);
    List<FailoverChain.Member<EmailSender>> order = new ArrayList<>(members.size());
    order.add(chosen);
    members.stream().filter(m -> m != chosen).forEach(order::add);
    return order;
  }

  private FailoverChain.Member<EmailSender> weighted(
      List<FailoverChain.Member<EmailSender>> healthy) {
    long total = healthy.stream().mapToLong(FailoverChain.Member::weight).sum();
    if (total == 0) {
      return healthy.get(0);
    }
    long draw = random.nextLong(total);
    int i = 0;
    while (draw >= healthy.get(i).weight()) {
      draw -= healthy.get(i).weight();
      i++;
    }
    return healthy.get(i);
  }

  /**
   * Builds a {@link FailoverEmailSender}. Defaults: {@link DistributionStrategy#PRIORITY}; weight 1
   * per provider; an unknown outcome does not fail over; a new {@link Random} for {@code WEIGHTED};
   * the system UTC clock for events; no listeners.
   */
  public static final class Builder {
    private final FailoverChain.Spec<EmailSender> spec =
        new FailoverChain.Spec<>(EmailSender::provider, EmailSender::healthProbe);
    private DistributionStrategy strategy = DistributionStrategy.PRIORITY;
    private boolean unknownOutcomeMayFailOver;
    private Random random = new Random();

    private Builder() {}

    /**
     * Adds the next provider in priority order, behind its policy, whose provider must be the
     * sender's.
     *
     * @throws NullPointerException if either is null
     * @throws InvalidRequestException if the policy is another provider's, or the provider was
     *     already added
     */
    public Builder add(EmailSender sender, ResiliencePolicy policy) {
      Objects.requireNonNull(sender, "sender == null");
      spec.add(sender, policy);
      return this;
    }

    /**
     * Adds the next provider with its weight for {@link DistributionStrategy#WEIGHTED}; 0 makes it
     * a backup that is never picked while a weighted provider is healthy.
     *
     * @throws InvalidRequestException as {@link #add(EmailSender, ResiliencePolicy)}, or if the
     *     weight is negative
     */
    public Builder add(EmailSender sender, ResiliencePolicy policy, int weight) {
      Objects.requireNonNull(sender, "sender == null");
      spec.add(sender, policy, weight);
      return this;
    }

    /** Adds the next provider with {@link ResiliencePolicy#ofDefaults} for it. */
    public Builder add(EmailSender sender) {
      Objects.requireNonNull(sender, "sender == null");
      spec.add(sender);
      return this;
    }

    /**
     * How the provider a message is meant for is picked.
     *
     * @throws NullPointerException if the strategy is null
     */
    public Builder strategy(DistributionStrategy strategy) {
      Objects.requireNonNull(strategy, "strategy == null");
      this.strategy = strategy;
      return this;
    }

    /**
     * Whether a message whose outcome is unknown at one provider may be sent through the next
     * (default false): it is delivered rather than lost, and possibly delivered twice.
     */
    public Builder unknownOutcomeMayFailOver(boolean unknownOutcomeMayFailOver) {
      this.unknownOutcomeMayFailOver = unknownOutcomeMayFailOver;
      return this;
    }

    /**
     * The source {@link DistributionStrategy#WEIGHTED} draws from; seed it in tests.
     *
     * @throws NullPointerException if the random is null
     */
    public Builder random(Random random) {
      Objects.requireNonNull(random, "random == null");
      this.random = random;
      return this;
    }

    /**
     * Adds a listener for the composite's events.
     *
     * @throws NullPointerException if the listener is null
     */
    public Builder listener(FailoverListener listener) {
      spec.listener(listener);
      return this;
    }

    /**
     * The key ledger messages are written ahead in; default: one in this composite's memory,
     * keeping keys 7 days.
     *
     * @param failClosed whether a message is refused while the ledger cannot be reached, rather
     *     than sent without it
     * @throws NullPointerException if the ledger is null
     */
    public Builder ledger(KeyLedger ledger, boolean failClosed) {
      spec.ledger(ledger, failClosed);
      return this;
    }

    /**
     * Records how each call ended on {@code settler}, off the caller's path, so that a call waits
     * for one store round trip (the claim) instead of two. Default: on the caller's thread. The
     * cost: for a moment after a call returns, its record still says {@code PENDING}; a repeat in
     * that moment is sent again to the same provider with the same key (or, for email, refused as
     * an earlier attempt), and a process that dies first leaves it pending. A failure that moves
     * the call on is always recorded at once, since the next provider claims the key.
     *
     * @throws NullPointerException if the executor is null
     */
    public Builder settleInBackground(Executor settler) {
      spec.settleInBackground(settler);
      return this;
    }

    /**
     * Where the non-blocking API ({@link #async()}) runs its calls to the key ledger (each claim,
     * and the settle of a failure before the next provider claims the key), for a ledger that
     * blocks the thread calling it: a shared store over the network (JDBC, Redis). Without it those
     * calls run on whichever thread reached that step: the caller's (an event loop, say), OkHttp's
     * or the scheduler's. {@code Switchboard} sets the process's pool for store calls when its
     * store is shared. A claim the executor refuses is a store failure: the call is not sent, or,
     * where the composite allows it, goes on without the ledger. Blocking calls always use their
     * caller's thread.
     *
     * @throws NullPointerException if the executor is null
     */
    public Builder ledgerExecutor(Executor executor) {
      spec.ledgerExecutor(executor);
      return this;
    }

    /**
     * Receives the composite's claims and pinned refusals.
     *
     * @throws NullPointerException if the listener is null
     */
    public Builder stateListener(StateListener listener) {
      spec.stateListener(listener);
      return this;
    }

    /**
     * The clock that stamps events; the policies keep their own.
     *
     * @throws NullPointerException if the clock is null
     */
    public Builder clock(Clock clock) {
      spec.clock(clock);
      return this;
    }

    /**
     * The composite.
     *
     * @throws InvalidRequestException if no provider was added
     */
    public FailoverEmailSender build() {
      FailoverChain<EmailSender> chain = spec.build(FailoverEmailSender.class);
      if (strategy != DistributionStrategy.PRIORITY) {
        chain.watchBreakers();
      }
      return new FailoverEmailSender(this, chain);
    }
  }
}
