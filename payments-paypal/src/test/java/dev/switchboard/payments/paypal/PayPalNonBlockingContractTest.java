package dev.switchboard.payments.paypal;

/** The PayPal adapter's non-blocking form passes the same contract against the simulator. */
class PayPalNonBlockingContractTest extends PayPalPaymentGatewayContractTest {
  @Override
  protected boolean nonBlocking() {
    return true;
  }
}
