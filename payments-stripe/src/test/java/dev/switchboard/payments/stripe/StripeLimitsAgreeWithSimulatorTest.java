package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testkit.simulator.StripeSimulatorLimits;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/**
 * The testkit cannot depend on this adapter, so {@code StripeSimulator} keeps its own copy of
 * Stripe's limits; this test fails as soon as the two drift apart.
 */
class StripeLimitsAgreeWithSimulatorTest {
  @Test
  void adapterAndSimulatorDeclareTheSameLimits() {
    assertThat(StripeSimulatorLimits.MAX_DESCRIPTION_LENGTH)
        .isEqualTo(StripeLimits.MAX_DESCRIPTION_LENGTH);
    assertThat(StripeSimulatorLimits.MAX_AMOUNT).isEqualTo(StripeLimits.MAX_AMOUNT);
    assertThat(StripeSimulatorLimits.MAX_AMOUNT_IDR).isEqualTo(StripeLimits.MAX_AMOUNT_IDR);
    assertThat(StripeSimulatorLimits.MAX_STATEMENT_DESCRIPTOR_SUFFIX_LENGTH)
        .isEqualTo(StripeLimits.MAX_STATEMENT_DESCRIPTOR_SUFFIX_LENGTH);
    assertThat(StripeSimulatorLimits.MAX_METADATA_KEYS).isEqualTo(StripeLimits.MAX_METADATA_KEYS);
    assertThat(StripeSimulatorLimits.MAX_METADATA_KEY_LENGTH)
        .isEqualTo(StripeLimits.MAX_METADATA_KEY_LENGTH);
    assertThat(StripeSimulatorLimits.MAX_METADATA_VALUE_LENGTH)
        .isEqualTo(StripeLimits.MAX_METADATA_VALUE_LENGTH);
  }

  @Test
  void adapterAndSimulatorAgreeOnTheMaximumAmountOfEveryCurrency() {
    for (Currency currency : Currency.getAvailableCurrencies()) {
      String code = currency.getCurrencyCode();
      assertThat(StripeSimulatorLimits.maxAmount(code.toLowerCase(java.util.Locale.ROOT)))
          .as(code)
          .isEqualTo(StripeLimits.maxAmount(currency));
    }
  }
}
