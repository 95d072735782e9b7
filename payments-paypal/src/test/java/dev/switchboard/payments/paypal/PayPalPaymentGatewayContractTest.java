package dev.switchboard.payments.paypal;

import dev.switchboard.config.Secret;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.PaymentGatewayContract;
import dev.switchboard.testkit.PaymentTestSources;
import dev.switchboard.testkit.TestClock;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The payment contract, against the PayPal simulator, with every capability declared. */
class PayPalPaymentGatewayContractTest extends PaymentGatewayContract {
  private final TestClock clock = TestClock.start();
  private PayPalSimulator paypal;

  /** Lets a subclass run the contract against a differently behaving PayPal. */
  void configure(PayPalSimulator simulator) {}

  @BeforeEach
  void startPayPal() {
    paypal = new PayPalSimulator(clock, "client-id-fake", "secret-fake");
    configure(paypal);
    paypal.start();
  }

  @AfterEach
  void stopPayPal() {
    paypal.close();
  }

  @Override
  protected PaymentGateway gateway() {
    return PayPalPaymentGateway.builder()
        .baseUrl(paypal.baseUrl().toString())
        .clientId("client-id-fake")
        .clientSecret(Secret.of("secret-fake"))
        .clock(clock)
        .build();
  }

  @Override
  protected PaymentTestSources sources() {
    return PaymentTestSources.builder()
        .currency("EUR")
        .succeeding(PaymentSource.token("paypal", PayPalSimulator.VAULT_OK))
        .declining(PaymentSource.token("paypal", PayPalSimulator.VAULT_DECLINED))
        .insufficientFunds(PaymentSource.token("paypal", PayPalSimulator.VAULT_INSUFFICIENT_FUNDS))
        .requiresAction(PaymentSource.token("paypal", PayPalSimulator.VAULT_PAYER_ACTION))
        .build();
  }
}
