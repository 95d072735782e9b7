package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.payments.PaymentSource;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class PaymentTestSourcesTest {
  private static final PaymentSource OK = PaymentSource.token("fake", "tok_succeeds");
  private static final PaymentSource NO = PaymentSource.token("fake", "tok_card_declined");

  @Test
  void requiresCurrencyAndTheSucceedingAndDecliningSources() {
    assertThatThrownBy(() -> PaymentTestSources.builder().succeeding(OK).declining(NO).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("currency is required");
    assertThatThrownBy(() -> PaymentTestSources.builder().currency("EUR").declining(NO).build())
        .hasMessageStartingWith("a succeeding source is required");
    assertThatThrownBy(() -> PaymentTestSources.builder().currency("EUR").succeeding(OK).build())
        .hasMessageStartingWith("a declining source is required");
    assertThatThrownBy(() -> PaymentTestSources.builder().currency("XXX"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void leavesTheOptionalSourcesEmptyUnlessGiven() {
    PaymentTestSources sources =
        PaymentTestSources.builder()
            .currency(Currency.getInstance("GBP"))
            .succeeding(OK)
            .declining(NO)
            .build();

    assertThat(sources.currency()).isEqualTo(Currency.getInstance("GBP"));
    assertThat(sources.succeeding()).isEqualTo(OK);
    assertThat(sources.declining()).isEqualTo(NO);
    assertThat(sources.insufficientFunds()).isEmpty();
    assertThat(sources.requiresAction()).isEmpty();
  }
}
