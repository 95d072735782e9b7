package dev.switchboard.payments.paypal;

import dev.switchboard.testkit.simulator.PayPalSimulator;

/**
 * The payment contract again, with a PayPal that leaves vault orders {@code APPROVED}, so that
 * every charge takes the second step ({@code /capture} or {@code /authorize} on the order).
 */
class PayPalTwoStepChargeContractTest extends PayPalPaymentGatewayContractTest {
  @Override
  void configure(PayPalSimulator simulator) {
    simulator.completeVaultOrdersOnCreate(false);
  }
}
