package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentFailure;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentStatus;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaymentAssertTest {
  private static final URI ACTION = URI.create("https://bank.example/3ds/1");

  private static Payment.Builder payment() {
    return Payment.builder()
        .id(PaymentId.of("fake", "pay_1"))
        .status(PaymentStatus.SUCCEEDED)
        .amount(Money.of("10.00", "EUR"))
        .captured(Money.of("10.00", "EUR"))
        .refunded(Money.of("2.50", "EUR"))
        .metadata(Map.of("order", "42"))
        .created(Instant.EPOCH);
  }

  @Test
  void passesForMatchingValues() {
    new PaymentAssert(payment().build())
        .hasStatus(PaymentStatus.SUCCEEDED)
        .hasAmount("10.00 EUR")
        .hasAmount(Money.ofMinor(1000, "EUR"))
        .hasCaptured("10.00 EUR")
        .hasRefunded("2.50 EUR")
        .hasMetadataEntry("order", "42");
    new PaymentAssert(
            payment()
                .status(PaymentStatus.REQUIRES_ACTION)
                .captured(Money.of("0", "EUR"))
                .refunded(Money.of("0", "EUR"))
                .nextActionUrl(ACTION)
                .build())
        .requiresAction()
        .requiresActionAt(ACTION);
  }

  @Test
  void failsOnStatusNamingTheFailure() {
    Payment failed =
        payment()
            .status(PaymentStatus.FAILED)
            .captured(Money.of("0", "EUR"))
            .refunded(Money.of("0", "EUR"))
            .failure(new PaymentFailure(FailureCode.EXPIRED_CARD, "expired_card", null))
            .build();

    assertThatThrownBy(() -> new PaymentAssert(failed).hasStatus(PaymentStatus.SUCCEEDED))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "Expected payment fake:pay_1 to have status <SUCCEEDED> but was <FAILED>"
                + " (EXPIRED_CARD (expired_card))");
    assertThatThrownBy(() -> new PaymentAssert(failed).hasFailureCode(FailureCode.CARD_DECLINED))
        .hasMessageContaining("to have failure code <CARD_DECLINED> but it was <EXPIRED_CARD>");
    assertThatThrownBy(
            () -> new PaymentAssert(payment().build()).hasFailureCode(FailureCode.CARD_DECLINED))
        .hasMessageContaining("but it had no failure");
  }

  @Test
  void failsOnAmountsNamingWhichOne() {
    Payment paid = payment().build();

    assertThatThrownBy(() -> new PaymentAssert(paid).hasAmount("9.00 EUR"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have amount <9.00 EUR> but it was <10.00 EUR>");
    assertThatThrownBy(() -> new PaymentAssert(paid).hasCaptured("9.00 EUR"))
        .hasMessageContaining("to have captured <9.00 EUR> but it was <10.00 EUR>");
    assertThatThrownBy(() -> new PaymentAssert(paid).hasRefunded(Money.of("0", "EUR")))
        .hasMessageContaining("to have refunded <0.00 EUR> but it was <2.50 EUR>");
  }

  @Test
  void failsOnMissingOrDifferentAction() {
    Payment paid = payment().build();
    Payment waiting =
        payment()
            .status(PaymentStatus.REQUIRES_ACTION)
            .captured(Money.of("0", "EUR"))
            .refunded(Money.of("0", "EUR"))
            .build();

    assertThatThrownBy(() -> new PaymentAssert(paid).requiresActionAt(ACTION))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have status <REQUIRES_ACTION> but was <SUCCEEDED>");
    assertThatThrownBy(() -> new PaymentAssert(waiting).requiresAction())
        .hasMessageContaining("to name a next-action URL but it had none");
    assertThatThrownBy(
            () ->
                new PaymentAssert(waiting.toBuilder().nextActionUrl(ACTION).build())
                    .requiresActionAt(URI.create("https://other.example/")))
        .hasMessageContaining(
            "to require action at <https://other.example/> but it was <" + ACTION + ">");
  }

  @Test
  void failsOnMetadataShowingWhatWasThere() {
    assertThatThrownBy(() -> new PaymentAssert(payment().build()).hasMetadataEntry("order", "43"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to have metadata <order=43> but it had <{order=42}>");
  }

  @Test
  void failsOnNull() {
    assertThatThrownBy(() -> new PaymentAssert(null).hasAmount("1.00 EUR"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
  }
}
