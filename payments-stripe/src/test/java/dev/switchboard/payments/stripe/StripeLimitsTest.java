package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stripe's documented limits are checked before anything is sent. */
class StripeLimitsTest {
  private final TestClock clock = TestClock.at(Instant.parse("2026-03-01T12:00:00Z"));
  private final StripeSimulator stripe = new StripeSimulator(clock);
  private StripePaymentGateway gateway;

  @BeforeEach
  void start() {
    stripe.start();
    gateway =
        StripePaymentGateway.builder()
            .baseUrl(stripe.baseUrl().toString())
            .apiKey(StripeSimulator.TEST_API_KEY)
            .clock(clock)
            .build();
  }

  @AfterEach
  void stop() {
    stripe.close();
  }

  private static ChargeRequest.Builder charge(Money amount) {
    return ChargeRequest.builder()
        .amount(amount)
        .source(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS));
  }

  private void refusedBeforeSending(ChargeRequest request, String field, String reason) {
    assertThat(gateway.check(request))
        .hasValueSatisfying(
            e -> {
              assertThat(e.field()).contains(field);
              assertThat(e.reason()).isEqualTo(reason);
            });
    assertThatThrownBy(() -> gateway.charge(request))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).contains(field);
              assertThat(e.getMessage()).isEqualTo(reason + " [field=" + field + "]");
            });
    assertThat(stripe.requests()).isEmpty();
  }

  @Test
  void aDescriptionOverOneThousandCharactersIsRefusedNamingFieldLimitAndProvider() {
    refusedBeforeSending(
        charge(Money.of("1.00", "USD")).description("d".repeat(1204)).build(),
        "description",
        "description is 1,204 characters; stripe allows at most 1,000");
  }

  @Test
  void aDescriptionOfExactlyOneThousandCharactersIsCharged() {
    ChargeRequest request = charge(Money.of("1.00", "USD")).description("d".repeat(1000)).build();

    assertThat(gateway.check(request)).isEmpty();
    assertThat(gateway.charge(request).status()).isEqualTo(PaymentStatus.SUCCEEDED);
  }

  @Test
  void anAmountOverEightDigitsOfMinorUnitsIsRefused() {
    refusedBeforeSending(
        charge(Money.ofMinor(100_000_000L, "USD")).build(),
        "amount",
        "amount is 100,000,000 in Stripe's minor units of USD; stripe allows at most 99,999,999");
  }

  @Test
  void theLargestLongAmountIsRefusedRatherThanSent() {
    refusedBeforeSending(
        charge(Money.ofMinor(Long.MAX_VALUE, "EUR")).build(),
        "amount",
        "amount is 9,223,372,036,854,775,807 in Stripe's minor units of EUR; stripe allows at"
            + " most 99,999,999");
  }

  @Test
  void eightDigitsAreChargedAndIndonesianRupiahTakesTwelve() {
    Payment usd = gateway.charge(charge(Money.ofMinor(99_999_999L, "USD")).build());
    Payment idr = gateway.charge(charge(Money.ofMinor(999_999_999_999L, "IDR")).build());

    assertThat(usd.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(idr.status()).isEqualTo(PaymentStatus.SUCCEEDED);
    assertThat(gateway.check(charge(Money.ofMinor(1_000_000_000_000L, "IDR")).build()))
        .hasValueSatisfying(e -> assertThat(e.reason()).endsWith("at most 999,999,999,999"));
  }

  @Test
  void aZeroDecimalCurrencyIsMeasuredInStripesUnits() {
    // 100,000,000 JPY is 9 digits of Stripe's (whole yen) units.
    assertThat(gateway.check(charge(Money.ofMinor(100_000_000L, "JPY")).build()))
        .hasValueSatisfying(e -> assertThat(e.field()).contains("amount"));
    // 999,999.99 ISK is sent as 99,999,999 (two decimals ending in 00): within the limit.
    assertThat(gateway.check(charge(Money.ofMinor(999_999L, "ISK")).build())).isEmpty();
    assertThat(gateway.check(charge(Money.ofMinor(1_000_000L, "ISK")).build())).isPresent();
  }

  @Test
  void lineBreaksInAMetadataKeyAreRefused() {
    refusedBeforeSending(
        charge(Money.of("1.00", "USD")).putMetadata("order\r\nid", "42").build(),
        "metadata",
        "metadata key \"order\\r\\nid\" holds a line break; stripe allows none");
  }

  @Test
  void lineBreaksInTheCustomerReferenceAreRefused() {
    refusedBeforeSending(
        charge(Money.of("1.00", "USD")).customerReference("cus-1\nX-Injected: 1").build(),
        "customerReference",
        "customerReference holds a line break; stripe allows none");
  }

  @Test
  void aCustomerReferenceLongerThanAMetadataValueIsRefused() {
    refusedBeforeSending(
        charge(Money.of("1.00", "USD")).customerReference("c".repeat(501)).build(),
        "customerReference",
        "customerReference is 501 characters; stripe allows at most 500 (a metadata value)");
  }

  @Test
  void fiftyMetadataEntriesAndACustomerReferenceAreOneKeyTooMany() {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      metadata.put("k" + i, "v");
    }
    refusedBeforeSending(
        charge(Money.of("1.00", "USD")).metadata(metadata).customerReference("cus-1").build(),
        "metadata",
        "metadata has 51 keys with customer_reference; stripe allows at most 50");
  }

  @Test
  void aCardTokenWithALineBreakIsRefused() {
    refusedBeforeSending(
        ChargeRequest.builder()
            .amount(Money.of("1.00", "USD"))
            .source(PaymentSource.token("stripe", "pm_card_visa\r\nX: 1"))
            .build(),
        "source",
        "the stripe token holds a line break or space; stripe allows none");
  }
}
