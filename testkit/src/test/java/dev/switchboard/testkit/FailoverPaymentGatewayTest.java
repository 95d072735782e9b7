package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.EarlierAttemptException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.payments.RefundRequest;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.ErrorPolicy;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.FailoverScope;
import dev.switchboard.resilience.ProviderHealth;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.state.LedgerState;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FailoverPaymentGatewayTest {
  private final FailoverTesting t = new FailoverTesting();
  private final FakePaymentGateway acme =
      FakePaymentGateway.builder().provider("acme").clock(t.clock).seed(1).build();
  private final FakePaymentGateway other =
      FakePaymentGateway.builder().provider("other").clock(t.clock).seed(2).build();
  private final List<FailoverEvent> events = new CopyOnWriteArrayList<>();

  private FailoverPaymentGateway gateway(int attempts) {
    return FailoverPaymentGateway.builder()
        .add(acme, t.policy("acme", attempts))
        .add(other, t.policy("other", attempts))
        .listener(events::add)
        .clock(t.clock)
        .build();
  }

  private static ChargeRequest charge(PaymentSource source, String key) {
    return ChargeRequest.builder()
        .amount(Money.of("12.34", "EUR"))
        .source(source)
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  private static PaymentSource both(String acmeToken, String otherToken) {
    return PaymentSource.token("acme", acmeToken).orToken("other", otherToken);
  }

  private static PaymentSource both() {
    return both(FakePaymentGateway.TOKEN_SUCCEEDS, FakePaymentGateway.TOKEN_SUCCEEDS);
  }

  @Test
  void aNullArgumentIsABugThatReachesNoProviderAndNoPolicy() {
    List<String> reached = new CopyOnWriteArrayList<>();
    FailoverPaymentGateway gateway =
        FailoverPaymentGateway.builder()
            .add(watched(acme, reached), t.policy("acme", 3))
            .add(watched(other, reached), t.policy("other", 3))
            .listener(events::add)
            .clock(t.clock)
            .build();

    assertThatThrownBy(() -> gateway.charge(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("request == null");
    assertThatThrownBy(() -> gateway.capture(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> gateway.cancel(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> gateway.refund(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> gateway.get(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("id == null");
    assertThatThrownBy(() -> gateway.supports(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> gateway.check(null)).isInstanceOf(NullPointerException.class);

    assertThat(reached).as("calls that reached a provider").isEmpty();
    assertThat(events).as("failover events").isEmpty();
    assertThat(gateway.health())
        .allSatisfy(
            health -> {
              assertThat(health.breakerState()).isEqualTo(BreakerState.CLOSED);
              assertThat(health.lastError()).isEmpty();
            });
    NullPointerException bug = new NullPointerException("request == null");
    assertThat(ErrorPolicy.isRetryable(bug)).isFalse();
    assertThat(ErrorPolicy.countsForBreaker(bug)).isFalse();
    assertThat(ErrorPolicy.mayFailOver(bug, FailoverScope.payment())).isFalse();
  }

  /** Records the name of every port call that reaches {@code delegate}. */
  private static PaymentGateway watched(PaymentGateway delegate, List<String> reached) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == PaymentGateway.class
              && !method.getName().equals("provider")
              && !method.getName().equals("healthProbe")) {
            reached.add(method.getName());
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (PaymentGateway)
        Proxy.newProxyInstance(
            PaymentGateway.class.getClassLoader(), new Class<?>[] {PaymentGateway.class}, handler);
  }

  @Test
  void servesFromThePrimaryWhileItIsHealthy() {
    FailoverPaymentGateway gateway = gateway(1);

    Payment paid = gateway.charge(charge(both(), "order-1"));

    assertThat(paid.id().provider()).isEqualTo("acme");
    assertThat(other.payments()).isEmpty();
    assertThat(events).isEmpty();
    assertThat(gateway.provider()).isEqualTo("failover(acme,other)");
    assertThat(gateway.providers()).containsExactly("acme", "other");
  }

  @Test
  void movesToTheBackupWhenThePrimaryIsDownThenComesBackByItself() {
    FailoverPaymentGateway gateway = gateway(1);
    acme.failures().goDown();

    for (int i = 0; i < 4; i++) {
      assertThat(gateway.charge(charge(both(), "down-" + i)).id().provider()).isEqualTo("other");
    }
    assertThat(gateway.health())
        .extracting(ProviderHealth::provider, ProviderHealth::breakerState)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("acme", BreakerState.OPEN),
            org.assertj.core.groups.Tuple.tuple("other", BreakerState.CLOSED));
    long callsWhenOpened = acme.failures().calls();

    assertThat(gateway.charge(charge(both(), "open")).id().provider()).isEqualTo("other");
    assertThat(acme.failures().calls()).isEqualTo(callsWhenOpened);
    assertThat(events)
        .as("one switch for the whole outage, the breaker's refusals included")
        .singleElement()
        .isInstanceOfSatisfying(
            FailoverEvent.ProviderSwitched.class,
            s -> {
              assertThat(s.from()).isEqualTo("acme");
              assertThat(s.to()).isEqualTo("other");
              assertThat(s.operation()).isEqualTo("charge");
              assertThat(s.cause()).isInstanceOf(ProviderUnavailableException.class);
              assertThat(ErrorPolicy.localRefusal(s.cause())).isEmpty();
            });

    t.advance(FailoverTesting.WAIT_IN_OPEN.plusSeconds(1));
    acme.failures().recover();
    Payment back = gateway.charge(charge(both(), "back"));

    assertThat(back.id().provider()).isEqualTo("acme");
    assertThat(gateway.health().get(0).breakerState()).isEqualTo(BreakerState.CLOSED);
    assertThat(events).hasSize(2);
    assertThat(events.get(1))
        .isEqualTo(
            new FailoverEvent.ProviderRecovered(
                "acme",
                5,
                Duration.between(events.get(0).at(), t.clock.instant()),
                t.clock.instant()));
    assertThat(gateway.charge(charge(both(), "after")).id().provider()).isEqualTo("acme");
    assertThat(events).hasSize(2);
  }

  @Test
  void backupReceivesADerivedKeyAndTheCallersRequestIsUnchanged() {
    FailoverPaymentGateway gateway = gateway(1);
    acme.failures().goDown();
    ChargeRequest request = charge(both(), "order-7");
    ChargeRequest copy = request.toBuilder().build();

    Payment paid = gateway.charge(request);

    assertThat(request).isEqualTo(copy);
    assertThat(request.idempotencyKey()).isEqualTo(IdempotencyKey.of("order-7"));
    IdempotencyKey derived = IdempotencyKey.of("order-7").derive("other");
    Payment replayed = other.charge(request.toBuilder().idempotencyKey(derived).build());
    assertThat(replayed.id()).isEqualTo(paid.id());
    assertThat(other.payments()).hasSize(1);
  }

  @Test
  void anAmbiguousOutcomeIsRetriedOnTheSameProviderWithTheSameKey() {
    FailoverPaymentGateway gateway = gateway(3);
    acme.failures().failNext(1, Failure.outcomeUnknownAfterActing());

    Payment paid = gateway.charge(charge(both(), "order-2"));

    assertThat(paid.id().provider()).isEqualTo("acme");
    assertThat(acme.payments()).hasSize(1);
    assertThat(other.payments()).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void anOutcomeStillUnknownAfterTheRetriesSurfacesWithItsKeyAndNeverReachesTheBackup() {
    FailoverPaymentGateway gateway = gateway(3);
    acme.failures().failNext(3, Failure.outcomeUnknownAfterActing());
    ChargeRequest request = charge(both(), "order-3");

    assertThatThrownBy(() -> gateway.charge(request))
        .isInstanceOfSatisfying(
            OutcomeUnknownException.class,
            e -> {
              assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("order-3"));
              assertThat(e.provider()).contains("acme");
            });
    assertThat(acme.payments()).hasSize(1);
    assertThat(other.payments()).isEmpty();
    assertThat(other.failures().calls()).isZero();
  }

  @Test
  void aRepeatOfAnUnknownChargeGoesOnlyWhereItWentEvenWhenThatProviderIsDown() {
    FailoverPaymentGateway gateway = gateway(1);
    acme.failures().failNext(1, Failure.outcomeUnknownAfterActing());
    ChargeRequest request = charge(both(), "order-4");
    assertThatThrownBy(() -> gateway.charge(request)).isInstanceOf(OutcomeUnknownException.class);
    acme.failures().goDown();

    assertThatThrownBy(() -> gateway.charge(request))
        .as("the state is the earlier attempt's, never 'certainly not sent'")
        .isInstanceOfSatisfying(
            EarlierAttemptException.class,
            e -> {
              assertThat(e.ledgerState()).isEqualTo(LedgerState.UNKNOWN);
              assertThat(e.provider()).contains("acme");
              assertThat(e.requestSent()).isTrue();
              assertThat(e.getCause()).isInstanceOf(ProviderUnavailableException.class);
            });

    acme.failures().recover();
    Payment replayed = gateway.charge(request);
    assertThat(replayed.id().provider()).isEqualTo("acme");
    assertThat(acme.payments()).hasSize(1);
    assertThat(other.payments()).isEmpty();
  }

  @Test
  void aRepeatOfAServedChargeIsNotChargedAgainElsewhere() {
    FailoverPaymentGateway gateway = gateway(1);
    acme.failures().goDown();
    ChargeRequest request = charge(both(), "order-5");
    Payment first = gateway.charge(request);
    acme.failures().recover();

    Payment again = gateway.charge(request);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(acme.payments()).isEmpty();
    assertThat(other.payments()).hasSize(1);
  }

  @Test
  void aDeclineIsNotFailedOver() {
    FailoverPaymentGateway gateway = gateway(1);

    assertThatThrownBy(
            () ->
                gateway.charge(
                    charge(
                        both(
                            FakePaymentGateway.TOKEN_CARD_DECLINED,
                            FakePaymentGateway.TOKEN_SUCCEEDS),
                        "order-6")))
        .isInstanceOf(PaymentDeclinedException.class);
    assertThat(other.failures().calls()).isZero();
  }

  @Test
  void aDeclineWhoseCodeIsOptedInMovesToTheBackup() {
    FailoverPaymentGateway gateway =
        FailoverPaymentGateway.builder()
            .add(acme, t.policy("acme", 1))
            .add(other, t.policy("other", 1))
            .declinesThatMayFailOver(EnumSet.of(FailureCode.CARD_DECLINED))
            .build();

    Payment paid =
        gateway.charge(
            charge(
                both(FakePaymentGateway.TOKEN_CARD_DECLINED, FakePaymentGateway.TOKEN_SUCCEEDS),
                "order-8"));

    assertThat(paid.id().provider()).isEqualTo("other");
  }

  @Test
  void aThrottledCallIsRetriedAfterTheHintThenFailsOverWhenStillThrottled() {
    FailoverPaymentGateway gateway = gateway(2);
    acme.failures().failNext(1, Failure.rateLimited(Duration.ofSeconds(2)));

    assertThat(gateway.charge(charge(both(), "t-1")).id().provider()).isEqualTo("acme");
    assertThat(t.waits).hasSize(1);
    assertThat(t.waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));

    acme.failures().failNext(2, Failure.rateLimited(Duration.ofSeconds(2)));
    assertThat(gateway.charge(charge(both(), "t-2")).id().provider()).isEqualTo("other");
    assertThat(t.waits).hasSize(2);
    assertThat(t.waits.get(1)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(((FailoverEvent.ProviderSwitched) events.get(0)).cause())
        .isInstanceOf(RateLimitedException.class);
  }

  @Test
  void aSourceWithOnlyThePrimarysTokenNeverReachesTheBackup() {
    FailoverPaymentGateway gateway = gateway(1);
    acme.failures().goDown();

    assertThatThrownBy(
            () ->
                gateway.charge(
                    charge(
                        PaymentSource.token("acme", FakePaymentGateway.TOKEN_SUCCEEDS), "only-a")))
        .isInstanceOfSatisfying(
            AllProvidersUnavailableException.class,
            e -> {
              assertThat(e.causes()).hasSize(1);
              assertThat(e.causes().get(0).provider()).contains("acme");
            });
    assertThat(other.failures().calls()).isZero();
  }

  @Test
  void aSourceWithOnlyTheBackupsTokenGoesThereWithoutASwitch() {
    FailoverPaymentGateway gateway = gateway(1);

    Payment paid =
        gateway.charge(
            charge(PaymentSource.token("other", FakePaymentGateway.TOKEN_SUCCEEDS), "only-b"));

    assertThat(paid.id().provider()).isEqualTo("other");
    assertThat(acme.failures().calls()).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void aSourceNoProviderSupportsIsRejectedNamingBothSides() {
    FailoverPaymentGateway gateway = gateway(1);

    assertThatThrownBy(
            () -> gateway.charge(charge(PaymentSource.token("third", "tok_x"), "nobody")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains("source");
              assertThat(e.getMessage()).contains("[third]").contains("[acme, other]");
            });
    assertThat(gateway.supports(charge(PaymentSource.token("third", "tok_x"), "n"))).isFalse();
    assertThat(gateway.supports(charge(both(), "n"))).isTrue();
  }

  @Test
  void whenEveryProviderFailsTheCausesComeInOrder() {
    FailoverPaymentGateway gateway = gateway(1);
    acme.failures().goDown();
    other.failures().failNext(1, Failure.rateLimited(null));

    assertThatThrownBy(() -> gateway.charge(charge(both(), "all-out")))
        .isInstanceOfSatisfying(
            AllProvidersUnavailableException.class,
            e -> {
              assertThat(e.causes())
                  .extracting(c -> c.provider().orElseThrow())
                  .containsExactly("acme", "other");
              assertThat(e.causes().get(0)).isInstanceOf(ProviderUnavailableException.class);
              assertThat(e.causes().get(1)).isInstanceOf(RateLimitedException.class);
              assertThat(e.provider()).contains("failover(acme,other)");
              assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("all-out"));
              assertThat(e.getSuppressed()).hasSize(2);
            });
  }

  @Test
  void captureRefundAndGetGoToTheProviderHoldingThePayment() {
    FailoverPaymentGateway gateway = gateway(1);
    acme.failures().goDown();
    Payment authorized =
        gateway.charge(
            charge(both(), "manual").toBuilder().captureMode(CaptureMode.MANUAL).build());
    acme.failures().recover();
    long callsBefore = acme.failures().calls();

    Payment captured = gateway.capture(CaptureRequest.full(authorized.id()));
    gateway.refund(RefundRequest.partial(authorized.id(), Money.of("2.00", "EUR")));

    assertThat(captured.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(gateway.get(authorized.id()).refunded()).isEqualTo(Money.of("2.00", "EUR"));
    assertThat(acme.failures().calls()).isEqualTo(callsBefore);
  }

  @Test
  void aCaptureDoesNotFailOverWhenItsProviderIsDown() {
    FailoverPaymentGateway gateway = gateway(1);
    Payment authorized =
        gateway.charge(
            charge(both(), "manual-2").toBuilder().captureMode(CaptureMode.MANUAL).build());
    acme.failures().goDown();

    assertThatThrownBy(() -> gateway.capture(CaptureRequest.full(authorized.id())))
        .isInstanceOf(ProviderUnavailableException.class);
    assertThat(other.failures().calls()).isZero();
  }

  @Test
  void aPaymentOfAnotherProviderIsRejected() {
    FailoverPaymentGateway gateway = gateway(1);

    assertThatThrownBy(() -> gateway.get(PaymentId.of("third", "pay_1")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).contains("paymentId.provider"));
  }

  @Test
  void theConvenienceAddGivesEachProviderADefaultPolicy() {
    FailoverPaymentGateway gateway = FailoverPaymentGateway.builder().add(acme).add(other).build();

    assertThat(gateway.health())
        .extracting(ProviderHealth::provider)
        .containsExactly("acme", "other");
    assertThat(gateway.toString()).isEqualTo("FailoverPaymentGateway{providers=[acme, other]}");
  }

  @Test
  void rejectsAPolicyOfAnotherProvider() {
    ResiliencePolicy wrong = t.policy("other", 1);

    assertThatThrownBy(() -> FailoverPaymentGateway.builder().add(acme, wrong))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("policy"));
  }
}
