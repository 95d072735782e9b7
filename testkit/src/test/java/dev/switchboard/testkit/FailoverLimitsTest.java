package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.state.StateStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A provider whose limits a request breaks is not a candidate for it. */
class FailoverLimitsTest {
  private final FailoverTesting t = new FailoverTesting();
  private final List<FailoverEvent> events = new CopyOnWriteArrayList<>();

  /** A gateway over a fake that refuses descriptions longer than its limit, as an adapter does. */
  private static final class Limited extends ForwardingPaymentGateway {
    final FakePaymentGateway fake;
    final int maxDescription;
    final AtomicInteger charges = new AtomicInteger();

    Limited(FakePaymentGateway fake, int maxDescription) {
      super(fake);
      this.fake = fake;
      this.maxDescription = maxDescription;
    }

    @Override
    public Optional<InvalidRequestException> check(ChargeRequest request) {
      int length = request.description().map(String::length).orElse(0);
      return length <= maxDescription
          ? Optional.empty()
          : Optional.of(
              InvalidRequestException.invalidField(
                  "description",
                  "description is "
                      + length
                      + " characters; "
                      + provider()
                      + " allows at most "
                      + maxDescription));
    }

    @Override
    public Payment charge(ChargeRequest request) {
      check(request)
          .ifPresent(
              e -> {
                throw e;
              });
      charges.incrementAndGet();
      return super.charge(request);
    }
  }

  private final Limited wide =
      new Limited(
          FakePaymentGateway.builder().provider("wide").clock(t.clock).seed(1).build(), 1000);
  private final Limited narrow =
      new Limited(
          FakePaymentGateway.builder().provider("narrow").clock(t.clock).seed(2).build(), 127);

  private static ChargeRequest charge(int descriptionLength, String key) {
    return ChargeRequest.builder()
        .amount(Money.of("12.34", "EUR"))
        .source(
            PaymentSource.token("wide", FakePaymentGateway.TOKEN_SUCCEEDS)
                .orToken("narrow", FakePaymentGateway.TOKEN_SUCCEEDS))
        .description("d".repeat(descriptionLength))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  @Test
  void aBackupWhoseLimitsTheChargeBreaksIsNotTriedWhenThePrimaryIsDown() {
    wide.fake.failures().goDown();
    FailoverPaymentGateway gateway =
        FailoverPaymentGateway.builder()
            .add(wide, t.policy("wide", 1))
            .add(narrow, t.policy("narrow", 1))
            .listener(events::add)
            .clock(t.clock)
            .build();

    assertThatThrownBy(() -> gateway.charge(charge(1000, "order-1")))
        .isInstanceOfSatisfying(
            AllProvidersUnavailableException.class, e -> assertThat(e.causes()).hasSize(1))
        .hasMessageContaining("wide threw ProviderUnavailableException")
        .hasMessageNotContaining("narrow threw");

    assertThat(narrow.charges).hasValue(0);
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            FailoverEvent.ProviderSkipped.class,
            skipped -> {
              assertThat(skipped.provider()).isEqualTo("narrow");
              assertThat(skipped.operation()).isEqualTo("charge");
              assertThat(skipped.reason().field()).contains("description");
              assertThat(skipped.at()).isEqualTo(t.clock.instant());
            });
  }

  @Test
  void aPrimaryWhoseLimitsTheChargeBreaksIsSkippedForTheBackup() {
    FailoverPaymentGateway gateway =
        FailoverPaymentGateway.builder()
            .add(narrow, t.policy("narrow", 1))
            .add(wide, t.policy("wide", 1))
            .listener(events::add)
            .clock(t.clock)
            .build();

    Payment paid = gateway.charge(charge(500, "order-2"));

    assertThat(paid.id().provider()).isEqualTo("wide");
    assertThat(narrow.charges).hasValue(0);
    assertThat(events).singleElement().isInstanceOf(FailoverEvent.ProviderSkipped.class);
    assertThat(gateway.check(charge(500, "order-2"))).isEmpty();
  }

  @Test
  void whenNoProviderCanTakeTheChargeThePrimarysRefusalIsThrownAndNothingIsClaimed() {
    StateStore store = StateStore.inMemory(t.clock, Duration.ofDays(1), Duration.ofDays(1));
    FailoverPaymentGateway gateway =
        FailoverPaymentGateway.builder()
            .add(wide, t.policy("wide", 1))
            .add(narrow, t.policy("narrow", 1))
            .ledger(store.ledger())
            .clock(t.clock)
            .build();

    assertThatThrownBy(() -> gateway.charge(charge(1001, "order-3")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains("description");
              assertThat(e.reason()).contains("wide allows at most 1000");
            });
    assertThat(gateway.check(charge(1001, "order-3")))
        .hasValueSatisfying(e -> assertThat(e.reason()).contains("wide"));
    assertThat(wide.charges).hasValue(0);
    assertThat(narrow.charges).hasValue(0);
    assertThat(store.ledger().find(FailoverPaymentGateway.CHARGE_SCOPE, "order-3")).isEmpty();
  }

  /** A sender over a fake that refuses more than a number of tags, as an adapter does. */
  private static final class TagLimited implements EmailSender {
    final FakeEmailSender fake;
    final int maxTags;

    TagLimited(FakeEmailSender fake, int maxTags) {
      this.fake = fake;
      this.maxTags = maxTags;
    }

    @Override
    public String provider() {
      return fake.provider();
    }

    @Override
    public Optional<InvalidRequestException> check(EmailMessage message) {
      return message.tags().size() <= maxTags
          ? Optional.empty()
          : Optional.of(
              InvalidRequestException.invalidField(
                  "tags", provider() + " allows at most " + maxTags + " tags"));
    }

    @Override
    public SendResult send(EmailMessage message) {
      check(message)
          .ifPresent(
              e -> {
                throw e;
              });
      return fake.send(message);
    }
  }

  private static EmailMessage message(int tags) {
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < tags; i++) {
      names.add("t" + i);
    }
    return EmailMessage.builder()
        .from("shop@example.com")
        .to("ann@example.com")
        .subject("Hi")
        .text("Hello")
        .tags(names)
        .build();
  }

  @Test
  void anEmailProviderWhoseLimitsTheMessageBreaksIsSkipped() {
    TagLimited three =
        new TagLimited(FakeEmailSender.builder().provider("three").clock(t.clock).build(), 3);
    TagLimited ten =
        new TagLimited(FakeEmailSender.builder().provider("ten").clock(t.clock).build(), 10);
    FailoverEmailSender email =
        FailoverEmailSender.builder()
            .add(three, t.policy("three", 1))
            .add(ten, t.policy("ten", 1))
            .listener(events::add)
            .clock(t.clock)
            .build();

    SendResult sent = email.send(message(5));

    assertThat(sent.provider()).isEqualTo("ten");
    assertThat(three.fake.sent()).isEmpty();
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            FailoverEvent.ProviderSkipped.class, s -> assertThat(s.provider()).isEqualTo("three"));
    assertThatThrownBy(() -> email.send(message(11)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.reason()).isEqualTo("three allows at most 3 tags"));
    assertThat(ten.fake.sent()).hasSize(1);
  }
}
