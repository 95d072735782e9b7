package dev.switchboard.payments.stripe;

import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.PaymentCapability;
import dev.switchboard.testkit.PaymentGatewayContract;
import dev.switchboard.testkit.PaymentTestSources;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The shared payment contract, run by the Stripe adapter against the local Stripe simulator. */
class StripePaymentGatewayContractTest extends PaymentGatewayContract {
  private final StripeSimulator stripe =
      new StripeSimulator(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));

  @BeforeEach
  void startSimulator() {
    stripe.start();
  }

  @AfterEach
  void stopSimulator() {
    stripe.close();
  }

  @Override
  protected PaymentGateway gateway() {
    return StripePaymentGateway.builder()
        .baseUrl(stripe.baseUrl().toString())
        .apiKey(StripeSimulator.TEST_API_KEY)
        .returnUrl(URI.create("https://shop.example/3ds-done"))
        .build();
  }

  @Override
  protected PaymentTestSources sources() {
    return PaymentTestSources.builder()
        .currency("EUR")
        .succeeding(PaymentSource.token("stripe", StripeSimulator.PM_SUCCEEDS))
        .declining(PaymentSource.token("stripe", StripeSimulator.PM_DECLINED))
        .insufficientFunds(PaymentSource.token("stripe", StripeSimulator.PM_INSUFFICIENT_FUNDS))
        .requiresAction(PaymentSource.token("stripe", StripeSimulator.PM_AUTHENTICATION_REQUIRED))
        .build();
  }

  /** Everything but buyer-approval flows: Stripe charges a PaymentMethod token. */
  @Override
  protected Set<PaymentCapability> capabilities() {
    return EnumSet.complementOf(EnumSet.of(PaymentCapability.APPROVAL_FLOW));
  }
}
