package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ConflictException;
import dev.switchboard.EarlierAttemptException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.state.Claim;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.LedgerState;
import dev.switchboard.state.StateEvent;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** How the payment and email composites use the key ledger, on the fakes. */
class KeyLedgerInCompositesTest {
  private final FailoverTesting t = new FailoverTesting();
  private final StateStore store =
      StateStore.inMemory(t.clock, Duration.ofDays(7), Duration.ofDays(7));
  private final List<StateEvent> stateEvents = new CopyOnWriteArrayList<>();
  private final FakePaymentGateway acme =
      FakePaymentGateway.builder().provider("acme").clock(t.clock).seed(1).build();
  private final FakePaymentGateway other =
      FakePaymentGateway.builder().provider("other").clock(t.clock).seed(2).build();
  private final FakeEmailSender mailA =
      FakeEmailSender.builder().provider("mail-a").clock(t.clock).seed(3).build();
  private final FakeEmailSender mailB =
      FakeEmailSender.builder().provider("mail-b").clock(t.clock).seed(4).build();

  /** A ledger whose store is down: every call fails the way a store's client would. */
  private static final KeyLedger DOWN =
      new KeyLedger() {
        @Override
        public Claim claim(String scope, String key, String provider, String sent, String fp) {
          throw new StateStoreException("test-db", "claim", "connection refused", null);
        }

        @Override
        public Optional<LedgerRecord> find(String scope, String key) {
          throw new StateStoreException("test-db", "find", "connection refused", null);
        }

        @Override
        public Optional<LedgerRecord> settle(LedgerRecord r, LedgerState s, String vendorId) {
          throw new StateStoreException("test-db", "settle", "connection refused", null);
        }
      };

  private FailoverPaymentGateway payments(KeyLedger ledger) {
    return FailoverPaymentGateway.builder()
        .add(acme, t.policy("acme", 1))
        .add(other, t.policy("other", 1))
        .ledger(ledger)
        .stateListener(stateEvents::add)
        .clock(t.clock)
        .build();
  }

  private FailoverEmailSender email(KeyLedger ledger, boolean failClosed) {
    return FailoverEmailSender.builder()
        .add(mailA, t.policy("mail-a", 1))
        .add(mailB, t.policy("mail-b", 1))
        .ledger(ledger, failClosed)
        .clock(t.clock)
        .build();
  }

  private static ChargeRequest charge(String key, String amount) {
    return ChargeRequest.builder()
        .amount(Money.of(amount, "EUR"))
        .source(
            PaymentSource.token("acme", FakePaymentGateway.TOKEN_SUCCEEDS)
                .orToken("other", FakePaymentGateway.TOKEN_SUCCEEDS))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  private static EmailMessage message(String key, String subject) {
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject(subject)
        .text("Thanks!")
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  // --- payments ---

  @Test
  void aChargeWhoseKeyCannotBeClaimedIsNotSentAnywhere() {
    FailoverPaymentGateway gateway = payments(DOWN);

    assertThatThrownBy(() -> gateway.charge(charge("order-1", "10.00")))
        .isInstanceOfSatisfying(
            StateStoreException.class,
            e -> {
              assertThat(e.requestSent()).isFalse();
              assertThat(e.reason()).contains("test-db").contains("not sent");
              assertThat(e.idempotencyKey()).contains(IdempotencyKey.of("order-1"));
            });
    assertThat(acme.failures().calls()).isZero();
    assertThat(other.failures().calls()).isZero();
  }

  @Test
  void theClaimIsWrittenBeforeTheRequestLeaves() {
    KeyLedger ledger = store.ledger();
    FakePaymentGateway watching =
        FakePaymentGateway.builder().provider("acme").clock(t.clock).seed(1).build();
    List<Optional<LedgerRecord>> seenBySending = new CopyOnWriteArrayList<>();
    FailoverPaymentGateway gateway =
        FailoverPaymentGateway.builder()
            .add(
                new ForwardingPaymentGateway(watching) {
                  @Override
                  public Payment charge(ChargeRequest request) {
                    seenBySending.add(ledger.find(FailoverPaymentGateway.CHARGE_SCOPE, "order-2"));
                    return super.charge(request);
                  }
                },
                t.policy("acme", 1))
            .ledger(ledger)
            .clock(t.clock)
            .build();

    Payment payment = gateway.charge(charge("order-2", "10.00"));

    assertThat(seenBySending)
        .singleElement()
        .satisfies(r -> assertThat(r.orElseThrow().state()).isEqualTo(LedgerState.PENDING));
    LedgerRecord settled = ledger.find(FailoverPaymentGateway.CHARGE_SCOPE, "order-2").get();
    assertThat(settled.state()).isEqualTo(LedgerState.SUCCEEDED);
    assertThat(settled.vendorId()).contains(payment.id().value());
  }

  @Test
  void aRepeatOfASucceededChargeIsLookedUpAtItsProviderNotChargedAgain() {
    FailoverPaymentGateway gateway = payments(store.ledger());
    ChargeRequest authorize =
        charge("order-3", "10.00").toBuilder().captureMode(CaptureMode.MANUAL).build();
    Payment authorized = gateway.charge(authorize);
    gateway.capture(CaptureRequest.builder().paymentId(authorized.id()).build());

    Payment repeat = gateway.charge(authorize);

    assertThat(repeat.id()).isEqualTo(authorized.id());
    assertThat(repeat.status())
        .as("today's state from get, not the first answer replayed")
        .isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(acme.payments()).hasSize(1);
    assertThat(stateEvents)
        .filteredOn(e -> e instanceof StateEvent.KeyClaimed k && !k.won())
        .hasSize(1);
  }

  @Test
  void theSameKeyWithOtherParametersIsAConflictAndReachesNobody() {
    FailoverPaymentGateway gateway = payments(store.ledger());
    gateway.charge(charge("order-4", "10.00"));
    long callsBefore = acme.failures().calls();

    assertThatThrownBy(() -> gateway.charge(charge("order-4", "99.99")))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.requestSent()).isFalse());
    assertThat(acme.failures().calls()).isEqualTo(callsBefore);
    assertThat(other.failures().calls()).isZero();
  }

  @Test
  void aKeyThatCertainlyFailedMayMoveOnAndIsThenPinnedToTheBackup() {
    FailoverPaymentGateway gateway = payments(store.ledger());
    acme.failures().goDown();

    Payment atBackup = gateway.charge(charge("order-5", "10.00"));
    acme.failures().recover();
    Payment repeat = gateway.charge(charge("order-5", "10.00"));

    assertThat(atBackup.id().provider()).isEqualTo("other");
    assertThat(repeat.id()).isEqualTo(atBackup.id());
    assertThat(acme.payments()).isEmpty();
    assertThat(other.payments()).hasSize(1);
    LedgerRecord record = store.ledger().find(FailoverPaymentGateway.CHARGE_SCOPE, "order-5").get();
    assertThat(record.provider()).isEqualTo("other");
    assertThat(record.sentKey()).isEqualTo(IdempotencyKey.of("order-5").derive("other").value());
  }

  @Test
  void tenThousandOtherChargesLaterARepeatDuringAStormStillGoesOnlyWhereItWent() {
    FailoverPaymentGateway gateway = payments(store.ledger());
    Payment first = gateway.charge(charge("order-6", "10.00"));
    for (int i = 0; i < 10_001; i++) {
      gateway.charge(charge("other-" + i, "1.00"));
    }
    acme.failures().failNext(1, Failure.rateLimited(Duration.ofSeconds(5)));

    assertThatThrownBy(() -> gateway.charge(charge("order-6", "10.00")))
        .isInstanceOfSatisfying(
            EarlierAttemptException.class,
            e -> {
              assertThat(e.ledgerState()).isEqualTo(LedgerState.SUCCEEDED);
              assertThat(e.vendorId()).contains(first.id().value());
              assertThat(e.getCause()).isInstanceOf(RateLimitedException.class);
            });
    assertThat(other.payments()).isEmpty();
  }

  @Test
  void aSettleThatFailsLeavesTheKeyPinnedAndTheCallerGetsThePayment() {
    KeyLedger memory = store.ledger();
    KeyLedger settleFails =
        new KeyLedger() {
          @Override
          public Claim claim(String scope, String key, String provider, String sent, String fp) {
            return memory.claim(scope, key, provider, sent, fp);
          }

          @Override
          public Optional<LedgerRecord> find(String scope, String key) {
            return memory.find(scope, key);
          }

          @Override
          public Optional<LedgerRecord> settle(LedgerRecord r, LedgerState s, String vendorId) {
            throw new StateStoreException("test-db", "settle", "timed out", null);
          }
        };
    FailoverPaymentGateway gateway = payments(settleFails);

    Payment paid = gateway.charge(charge("order-7", "10.00"));
    acme.failures().goDown();

    assertThat(paid.id().provider()).isEqualTo("acme");
    assertThat(memory.find(FailoverPaymentGateway.CHARGE_SCOPE, "order-7").get().state())
        .isEqualTo(LedgerState.PENDING);
    assertThatThrownBy(() -> gateway.charge(charge("order-7", "10.00")))
        .isInstanceOf(EarlierAttemptException.class);
    assertThat(other.payments()).isEmpty();
  }

  @Test
  void settlingInTheBackgroundLeavesTheCallerOneClaimAndWritesTheOutcomeLater() {
    List<Runnable> settles = new CopyOnWriteArrayList<>();
    FailoverPaymentGateway gateway =
        FailoverPaymentGateway.builder()
            .add(acme, t.policy("acme", 1))
            .add(other, t.policy("other", 1))
            .ledger(store.ledger())
            .settleInBackground(settles::add)
            .clock(t.clock)
            .build();
    acme.failures().goDown();

    Payment paid = gateway.charge(charge("order-8", "10.00"));

    LedgerRecord before = store.ledger().find(FailoverPaymentGateway.CHARGE_SCOPE, "order-8").get();
    assertThat(before.provider())
        .as("the primary's certain failure was written at once, so the backup could claim")
        .isEqualTo("other");
    assertThat(before.state()).isEqualTo(LedgerState.PENDING);
    assertThat(settles).hasSize(1);

    settles.forEach(Runnable::run);

    LedgerRecord after = store.ledger().find(FailoverPaymentGateway.CHARGE_SCOPE, "order-8").get();
    assertThat(after.state()).isEqualTo(LedgerState.SUCCEEDED);
    assertThat(after.vendorId()).contains(paid.id().value());
  }

  // --- email ---

  @Test
  void aRepeatOfAnAcceptedMessageReturnsTheRecordedResultWithoutSending() {
    FailoverEmailSender email = email(store.ledger(), false);
    SendResult first = email.send(message("m-1", "Receipt"));
    mailA.failures().goDown();

    SendResult repeat = email.send(message("m-1", "Receipt"));

    assertThat(repeat.provider()).isEqualTo(first.provider());
    assertThat(repeat.messageId()).isEqualTo(first.messageId());
    assertThat(mailA.sent()).hasSize(1);
    assertThat(mailB.sent()).isEmpty();
  }

  @Test
  void aRepeatOfAMessageWhoseOutcomeIsUnknownIsNotSentAgainWithoutConsent() {
    FailoverEmailSender email = email(store.ledger(), false);
    mailA.failures().failNext(1, Failure.outcomeUnknownAfterActing());
    assertThatThrownBy(() -> email.send(message("m-2", "Receipt")))
        .isInstanceOf(OutcomeUnknownException.class);

    assertThatThrownBy(() -> email.send(message("m-2", "Receipt")))
        .isInstanceOfSatisfying(
            EarlierAttemptException.class,
            e -> {
              assertThat(e.ledgerState()).isEqualTo(LedgerState.UNKNOWN);
              assertThat(e.provider()).contains("mail-a");
            });
    assertThat(mailA.sent()).as("delivered once, by the first attempt").hasSize(1);
    assertThat(mailB.sent()).isEmpty();
  }

  @Test
  void withConsentTheRepeatIsSentAgainToTheSameProviderOnly() {
    FailoverEmailSender email = email(store.ledger(), false);
    EmailMessage reset =
        EmailMessage.builder()
            .from("shop@example.com")
            .to("ann@example.com")
            .subject("Reset your password")
            .text("Here is your link")
            .idempotencyKey(IdempotencyKey.of("m-3"))
            .resendAfterUnknownOutcome(true)
            .build();
    mailA.failures().failNext(1, Failure.outcomeUnknownAfterActing());
    assertThatThrownBy(() -> email.send(reset)).isInstanceOf(OutcomeUnknownException.class);

    SendResult repeat = email.send(reset);

    assertThat(repeat.provider()).isEqualTo("mail-a");
    assertThat(mailA.failures().calls()).as("sent to mail-a again").isEqualTo(2);
    assertThat(mailB.failures().calls()).isZero();
    assertThat(store.ledger().find(FailoverEmailSender.SEND_SCOPE, "m-3").get().state())
        .isEqualTo(LedgerState.SUCCEEDED);
  }

  @Test
  void whileTheStoreIsDownEmailIsSentWithoutTheLedger() {
    FailoverEmailSender email = email(DOWN, false);

    SendResult sent = email.send(message("m-4", "Receipt"));

    assertThat(sent.provider()).isEqualTo("mail-a");
    assertThat(mailA.sent()).hasSize(1);
  }

  @Test
  void emailFailsClosedWhileTheStoreIsDownWhenConfiguredTo() {
    FailoverEmailSender email = email(DOWN, true);

    assertThatThrownBy(() -> email.send(message("m-5", "Receipt")))
        .isInstanceOfSatisfying(
            StateStoreException.class, e -> assertThat(e.requestSent()).isFalse());
    assertThat(mailA.sent()).isEmpty();
    assertThat(mailB.sent()).isEmpty();
  }

  @Test
  void aReusedKeyWithAnotherMessageIsAConflict() {
    FailoverEmailSender email = email(store.ledger(), false);
    email.send(message("m-6", "Receipt"));

    assertThatThrownBy(() -> email.send(message("m-6", "Something else")))
        .isInstanceOf(ConflictException.class);
    assertThat(mailA.sent()).hasSize(1);
  }
}
