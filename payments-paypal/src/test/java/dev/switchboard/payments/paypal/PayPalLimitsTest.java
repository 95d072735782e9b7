package dev.switchboard.payments.paypal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.Secret;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.PayPalSimulatorLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PayPal's documented Orders v2 limits are checked before anything is sent. */
class PayPalLimitsTest {
  private final TestClock clock = TestClock.start();
  private PayPalSimulator paypal;
  private PayPalPaymentGateway gateway;

  @BeforeEach
  void start() {
    paypal = new PayPalSimulator(clock, "client-id-fake", "secret-fake");
    paypal.start();
    gateway =
        PayPalPaymentGateway.builder()
            .baseUrl(paypal.baseUrl().toString())
            .clientId("client-id-fake")
            .clientSecret(Secret.of("secret-fake"))
            .clock(clock)
            .build();
  }

  @AfterEach
  void stop() {
    paypal.close();
  }

  private static ChargeRequest.Builder charge() {
    return ChargeRequest.builder()
        .amount(Money.of("10.00", "USD"))
        .source(PaymentSource.token("paypal", PayPalSimulator.VAULT_OK));
  }

  private void refusedBeforeSending(ChargeRequest request, String field, String reason) {
    assertThat(gateway.check(request))
        .hasValueSatisfying(
            e -> assertThat(e.getMessage()).isEqualTo(reason + " [field=" + field + "]"));
    assertThatThrownBy(() -> gateway.charge(request))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains(field));
    assertThat(paypal.requests()).isEmpty();
  }

  @Test
  void aDescriptionOver127CharactersIsRefused() {
    refusedBeforeSending(
        charge().description("d".repeat(128)).build(),
        "description",
        "description is 128 characters; paypal allows at most 127 (purchase_units[].description)");
  }

  @Test
  void aCustomerReferenceOver256CharactersIsRefused() {
    refusedBeforeSending(
        charge().customerReference("r".repeat(257)).build(),
        "customerReference",
        "customerReference is 257 characters; paypal allows at most 256"
            + " (purchase_units[].reference_id)");
  }

  @Test
  void anAmountOverFifteenDigitsBeforeTheDecimalPointIsRefused() {
    refusedBeforeSending(
        charge().amount(Money.ofMinor(Long.MAX_VALUE, "USD")).build(),
        "amount",
        "amount 92233720368547758.07 has 17 digits before the decimal point; paypal allows at most"
            + " 15 (purchase_units[].amount.value)");
  }

  @Test
  void metadataLongerThanCustomIdAsJsonIsRefusedByTheCheck() {
    // {"order":"<120 x o>"} is 132 characters of compact JSON.
    refusedBeforeSending(
        charge().putMetadata("order", "o".repeat(120)).build(),
        "metadata",
        "metadata is 132 characters as JSON; paypal allows at most 127"
            + " (purchase_units[].custom_id)");
  }

  @Test
  void metadataOfExactly127CharactersAsJsonIsCharged() {
    ChargeRequest request = charge().putMetadata("order", "o".repeat(115)).build();

    assertThat(gateway.check(request)).isEmpty();
    assertThat(gateway.charge(request).metadata()).containsEntry("order", "o".repeat(115));
  }

  @Test
  void whatIsWithinTheLimitsIsCharged() {
    ChargeRequest request =
        charge()
            .description("d".repeat(127))
            .customerReference("r".repeat(256))
            .amount(Money.of("999999999999999.99", "USD"))
            .build();

    assertThat(gateway.check(request)).isEmpty();
    assertThat(gateway.charge(request).status()).isEqualTo(PaymentStatus.SUCCEEDED);
  }

  @Test
  void theSimulatorRefusesWhatBreaksTheSameLimits() {
    assertThat(PayPalSimulatorLimits.MAX_DESCRIPTION_LENGTH)
        .isEqualTo(PayPalLimits.MAX_DESCRIPTION_LENGTH);
    assertThat(PayPalSimulatorLimits.MAX_REFERENCE_ID_LENGTH)
        .isEqualTo(PayPalLimits.MAX_REFERENCE_ID_LENGTH);
    assertThat(PayPalSimulatorLimits.MAX_CUSTOM_ID_LENGTH)
        .isEqualTo(PayPalLimits.MAX_CUSTOM_ID_LENGTH);
    assertThat(PayPalSimulatorLimits.MAX_SOFT_DESCRIPTOR_LENGTH)
        .isEqualTo(PayPalLimits.MAX_SOFT_DESCRIPTOR_LENGTH);
    assertThat(PayPalSimulatorLimits.MAX_VALUE_LENGTH).isEqualTo(PayPalLimits.MAX_VALUE_LENGTH);
    assertThat(PayPalSimulatorLimits.MAX_INTEGER_DIGITS).isEqualTo(PayPalLimits.MAX_INTEGER_DIGITS);
  }
}
