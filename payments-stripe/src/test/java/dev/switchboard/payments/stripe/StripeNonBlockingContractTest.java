package dev.switchboard.payments.stripe;

/** The Stripe adapter's non-blocking form passes the same contract against the simulator. */
class StripeNonBlockingContractTest extends StripePaymentGatewayContractTest {
  @Override
  protected boolean nonBlocking() {
    return true;
  }
}
