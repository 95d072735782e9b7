package dev.switchboard.resilience;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.EarlierAttemptException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.Futures;
import dev.switchboard.payments.AsyncPaymentGateway;
import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.StateListener;
import dev.switchboard.state.StateStoreException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * A {@link PaymentGateway} over several providers in priority order, each behind its own {@link
 * ResiliencePolicy}: charges stay on the primary and move to the next provider only when that is
 * safe.
 *
 * <pre>{@code
 * PaymentGateway payments = FailoverPaymentGateway.builder()
 *     .add(acmeGateway, acmePolicy)   // the primary
 *     .add(otherGateway)              // a backup with ResiliencePolicy.ofDefaults("other-pay")
 *     .listener(event -> log.info("{}", event))
 *     .build();
 * payments.provider();                // "failover(acme-pay,other-pay)"
 * }</pre>
 *
 * <p>How a charge is routed:
 *
 * <ul>
 *   <li>Only providers whose {@link PaymentGateway#supports supports} is true are tried: a source
 *       with only one vendor's token never reaches another vendor. When none supports the request,
 *       an {@link InvalidRequestException} (field {@code source}) names the source's providers and
 *       the composite's.
 *   <li>Of those, a provider whose limits the request breaks ({@link PaymentGateway#check} is not
 *       empty) is skipped the same way, before anything is claimed or sent, with a DEBUG log line
 *       and a {@link FailoverEvent.ProviderSkipped}: a description one vendor takes and another
 *       refuses goes only to the first. When every supporting provider refuses the request, the
 *       first one's {@link InvalidRequestException} is thrown: the request is what is wrong.
 *   <li>Every charge is offered to the first of them, through its policy. A policy that refuses the
 *       call itself (breaker open, bulkhead full, client-side rate limit, quota reserve) costs no
 *       time and the next provider is tried; since each call is still offered, an open breaker
 *       reaches half-open once its wait is over and traffic comes back by itself.
 *   <li>A failure moves on only where {@link ErrorPolicy#mayFailOver} allows it for {@link
 *       FailoverScope#payment}: unavailable and rate limited do (after the policy's own retries); a
 *       decline does not, unless its code is in {@link Builder#declinesThatMayFailOver}; an {@link
 *       OutcomeUnknownException} <b>never</b> does. It was already retried on the same provider
 *       with the same key, and surfaces carrying the key that provider received.
 *   <li>When every provider refused or failed: {@link AllProvidersUnavailableException} with each
 *       cause in the order tried.
 * </ul>
 *
 * <p><b>Idempotency keys.</b> The request is never changed. The primary (the first provider added)
 * receives the caller's own key, so a caller who repeats the request lines up with the primary's
 * record of it; every other provider receives {@code key.derive(provider)} in a copy of the
 * request.
 *
 * <p><b>The key ledger.</b> Before a charge leaves for a provider, its key is claimed for that
 * provider in the {@link KeyLedger} ({@link Builder#ledger}; by default one in this composite's
 * memory); a ledger that cannot be written fails the charge closed, with a {@link
 * StateStoreException} and nothing sent. A repeat of a key, in any instance sharing the ledger and
 * after a restart, goes only to the provider that claimed it, with the key sent there: a charge
 * that succeeded is looked up there with {@code get}; one whose outcome is unknown is sent again
 * there, whatever that provider's health. When that provider refuses the repeat now, the caller
 * gets an {@link EarlierAttemptException}: the payment's state is the earlier attempt's. Only a key
 * whose earlier attempt certainly did not charge ({@code FAILED}) may move on.
 *
 * <p>{@code capture}, {@code cancel}, {@code refund} and {@code get} go to the provider named in
 * the {@link PaymentId}, through its policy, with the request unchanged: the payment lives there,
 * so they never fail over. An id of a provider the composite does not have is an {@link
 * InvalidRequestException} (field {@code paymentId.provider}).
 *
 * <p>Thread-safe.
 */
public final class FailoverPaymentGateway implements PaymentGateway {
  /** The ledger scope of charges. */
  public static final String CHARGE_SCOPE = "payments.charge";

  /**
   * Charges are written ahead in the key ledger. A repeat of a charge that succeeded is answered by
   * looking the payment up at its provider, never by charging again: a vendor forgets an
   * idempotency key sooner than the ledger does, and would then charge anew.
   */
  private static Ledgered<PaymentGateway, Payment> charges(
      ChargeRequest request, CallMode mode, Cancellation cancellation) {
    return new Ledgered<>(
        CHARGE_SCOPE,
        Fingerprint.of(request),
        payment -> payment.id().value(),
        (member, record) -> {
          PaymentId id = PaymentId.of(record.provider(), record.vendorId().orElseThrow());
          return onMember(mode, cancellation, member, "get", null, p -> p.get(id), a -> a.get(id));
        },
        record -> true,
        mode);
  }

  private static <T> CompletableFuture<T> onMember(
      CallMode mode,
      Cancellation cancellation,
      FailoverChain.Member<PaymentGateway> member,
      String operation,
      IdempotencyKey key,
      Function<PaymentGateway, T> blocking,
      Function<AsyncPaymentGateway, CompletableFuture<T>> nonBlocking) {
    return FailoverChain.onMember(
        mode, cancellation, member, operation, key, blocking, p -> nonBlocking.apply(p.async()));
  }

  private final FailoverChain<PaymentGateway> chain;
  private final FailoverScope scope;
  private final AsyncPaymentGateway async = new Async();

  private FailoverPaymentGateway(FailoverChain<PaymentGateway> chain, FailoverScope scope) {
    this.chain = chain;
    this.scope = scope;
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
  public Payment charge(ChargeRequest request) {
    return Futures.join(charge(request, CallMode.BLOCKING, new Cancellation()));
  }

  @Override
  public Payment capture(CaptureRequest request) {
    return Futures.join(capture(request, CallMode.BLOCKING, new Cancellation()));
  }

  @Override
  public Payment cancel(CancelRequest request) {
    return Futures.join(cancel(request, CallMode.BLOCKING, new Cancellation()));
  }

  @Override
  public Refund refund(RefundRequest request) {
    return Futures.join(refund(request, CallMode.BLOCKING, new Cancellation()));
  }

  @Override
  public Payment get(PaymentId id) {
    return Futures.join(get(id, CallMode.BLOCKING, new Cancellation()));
  }

  /**
   * The same composite without blocking: every call is routed, ledgered and failed over exactly as
   * the blocking one, over each provider's {@link PaymentGateway#async()} form.
   */
  @Override
  public AsyncPaymentGateway async() {
    return async;
  }

  // One implementation per operation, for both modes: blocking calls complete before it returns.

  private CompletableFuture<Payment> charge(
      ChargeRequest request, CallMode mode, Cancellation cancellation) {
    Objects.requireNonNull(request, "request == null");
    List<FailoverChain.Member<PaymentGateway>> candidates = new ArrayList<>(chain.members().size());
    for (FailoverChain.Member<PaymentGateway> member : chain.members()) {
      if (member.port().supports(request)) {
        candidates.add(member);
      }
    }
    if (candidates.isEmpty()) {
      throw InvalidRequestException.invalidField("source", unsupported(request));
    }
    candidates = chain.withinLimits("charge", candidates, port -> port.check(request));
    IdempotencyKey callerKey = request.idempotencyKey();
    return chain.call(
        "charge",
        callerKey,
        candidates,
        failure -> !cancellation.requested() && ErrorPolicy.mayFailOver(failure, scope),
        charges(request, mode, cancellation),
        (member, key) -> {
          ChargeRequest sent =
              key.equals(callerKey) ? request : request.toBuilder().idempotencyKey(key).build();
          return FailoverChain.namingKey(
              onMember(
                  mode,
                  cancellation,
                  member,
                  "charge",
                  key,
                  p -> p.charge(sent),
                  a -> a.charge(sent)),
              key);
        });
  }

  private CompletableFuture<Payment> capture(
      CaptureRequest request, CallMode mode, Cancellation cancellation) {
    Objects.requireNonNull(request, "request == null");
    return onMember(
        mode,
        cancellation,
        holder(request.paymentId()),
        "capture",
        request.idempotencyKey(),
        p -> p.capture(request),
        a -> a.capture(request));
  }

  private CompletableFuture<Payment> cancel(
      CancelRequest request, CallMode mode, Cancellation cancellation) {
    Objects.requireNonNull(request, "request == null");
    return onMember(
        mode,
        cancellation,
        holder(request.paymentId()),
        "cancel",
        request.idempotencyKey(),
        p -> p.cancel(request),
        a -> a.cancel(request));
  }

  private CompletableFuture<Refund> refund(
      RefundRequest request, CallMode mode, Cancellation cancellation) {
    Objects.requireNonNull(request, "request == null");
    return onMember(
        mode,
        cancellation,
        holder(request.paymentId()),
        "refund",
        request.idempotencyKey(),
        p -> p.refund(request),
        a -> a.refund(request));
  }

  private CompletableFuture<Payment> get(PaymentId id, CallMode mode, Cancellation cancellation) {
    return onMember(mode, cancellation, holder(id), "get", null, p -> p.get(id), a -> a.get(id));
  }

  /** The non-blocking view: each call gets its own cancellation, reached by its future. */
  private final class Async implements AsyncPaymentGateway {
    @Override
    public String provider() {
      return FailoverPaymentGateway.this.provider();
    }

    @Override
    public CompletableFuture<Payment> charge(ChargeRequest request) {
      return Cancellation.start(
          c -> FailoverPaymentGateway.this.charge(request, CallMode.NON_BLOCKING, c));
    }

    @Override
    public CompletableFuture<Payment> capture(CaptureRequest request) {
      return Cancellation.start(
          c -> FailoverPaymentGateway.this.capture(request, CallMode.NON_BLOCKING, c));
    }

    @Override
    public CompletableFuture<Payment> cancel(CancelRequest request) {
      return Cancellation.start(
          c -> FailoverPaymentGateway.this.cancel(request, CallMode.NON_BLOCKING, c));
    }

    @Override
    public CompletableFuture<Refund> refund(RefundRequest request) {
      return Cancellation.start(
          c -> FailoverPaymentGateway.this.refund(request, CallMode.NON_BLOCKING, c));
    }

    @Override
    public CompletableFuture<Payment> get(PaymentId id) {
      return Cancellation.start(c -> FailoverPaymentGateway.this.get(id, CallMode.NON_BLOCKING, c));
    }

    @Override
    public boolean supports(ChargeRequest request) {
      return FailoverPaymentGateway.this.supports(request);
    }

    @Override
    public String toString() {
      return "async " + FailoverPaymentGateway.this;
    }
  }

  /** Whether at least one of the providers supports the request. */
  @Override
  public boolean supports(ChargeRequest request) {
    Objects.requireNonNull(request, "request == null");
    return chain.members().stream().anyMatch(m -> m.port().supports(request));
  }

  /**
   * Empty when at least one provider that supports the request can take it within its limits;
   * otherwise the refusal of the first provider that supports it. Empty as well when none supports
   * it: {@link #supports} answers that.
   */
  @Override
  public Optional<InvalidRequestException> check(ChargeRequest request) {
    Objects.requireNonNull(request, "request == null");
    Optional<InvalidRequestException> first = Optional.empty();
    for (FailoverChain.Member<PaymentGateway> member : chain.members()) {
      if (!member.port().supports(request)) {
        continue;
      }
      Optional<InvalidRequestException> refusal = member.port().check(request);
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
    return "FailoverPaymentGateway{providers=" + chain.providers() + "}";
  }

  private FailoverChain.Member<PaymentGateway> holder(PaymentId id) {
    Objects.requireNonNull(id, "id == null");
    return chain
        .member(id.provider())
        .orElseThrow(
            () ->
                InvalidRequestException.invalidField(
                    "paymentId.provider",
                    "payment "
                        + id
                        + " belongs to provider \""
                        + id.provider()
                        + "\", which is not one of "
                        + chain.providers()));
  }

  private String unsupported(ChargeRequest request) {
    PaymentSource source = request.source();
    String holds =
        source.kind() == PaymentSource.Kind.APPROVAL
            ? "the source asks for a buyer-approval flow"
            : "the source holds tokens for " + source.providers();
    return "no provider of "
        + chain.name()
        + " supports this charge: "
        + holds
        + " in "
        + request.amount().currency().getCurrencyCode()
        + ", the composite's providers are "
        + chain.providers();
  }

  /**
   * The failure itself when it names the key its provider received, else a copy that does: the
   * caller must be able to repeat the charge with exactly that key.
   */
  static OutcomeUnknownException withKey(OutcomeUnknownException failure, IdempotencyKey key) {
    if (failure.idempotencyKey().isPresent() || key == null) {
      return failure;
    }
    return new OutcomeUnknownException(
        failure.reason(), failure.context().toBuilder().idempotencyKey(key).build(), failure);
  }

  /**
   * Builds a {@link FailoverPaymentGateway}. Defaults: declines never fail over; the system UTC
   * clock for events; no listeners.
   */
  public static final class Builder {
    private final FailoverChain.Spec<PaymentGateway> spec =
        new FailoverChain.Spec<>(PaymentGateway::provider, PaymentGateway::healthProbe);
    private FailoverScope scope = FailoverScope.payment();

    private Builder() {}

    /**
     * Adds the next provider in priority order, behind its policy, whose provider must be the
     * gateway's.
     *
     * @throws NullPointerException if either is null
     * @throws InvalidRequestException if the policy is another provider's, or the provider was
     *     already added
     */
    public Builder add(PaymentGateway gateway, ResiliencePolicy policy) {
      Objects.requireNonNull(gateway, "gateway == null");
      spec.add(gateway, policy);
      return this;
    }

    /** Adds the next provider with {@link ResiliencePolicy#ofDefaults} for it. */
    public Builder add(PaymentGateway gateway) {
      Objects.requireNonNull(gateway, "gateway == null");
      spec.add(gateway);
      return this;
    }

    /**
     * The decline codes that may move to the next provider (default none), for declines that say
     * more about the provider than about the card, such as {@link FailureCode#PROCESSING_ERROR}.
     *
     * @throws NullPointerException if the set or one of its codes is null
     */
    public Builder declinesThatMayFailOver(Set<FailureCode> codes) {
      this.scope = FailoverScope.payment(codes);
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
     * The key ledger charges are written ahead in; default: one in this composite's memory, keeping
     * keys 7 days. Share one through a state store so that every instance sees every key. A charge
     * whose key cannot be claimed is not sent.
     *
     * @throws NullPointerException if the ledger is null
     */
    public Builder ledger(KeyLedger ledger) {
      spec.ledger(ledger, true);
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
    public FailoverPaymentGateway build() {
      return new FailoverPaymentGateway(spec.build(FailoverPaymentGateway.class), scope);
    }
  }
}
