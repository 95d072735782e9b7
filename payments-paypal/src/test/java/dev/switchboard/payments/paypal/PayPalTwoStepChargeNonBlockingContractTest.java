package dev.switchboard.payments.paypal;

/**
 * The two-step charge contract through the non-blocking form, where the second step (and the read
 * of an order waiting for its payer) is chained on the first step's future.
 */
class PayPalTwoStepChargeNonBlockingContractTest extends PayPalTwoStepChargeContractTest {
  @Override
  protected boolean nonBlocking() {
    return true;
  }
}
