package dev.switchboard.testkit;

import dev.switchboard.payments.PaymentGateway;

/** The fake passes the contract every adapter must pass, charging in EUR. */
class FakePaymentGatewayContractTest extends PaymentGatewayContract {
  private final FakePaymentGateway fake = FakePaymentGateway.create();

  @Override
  protected PaymentGateway gateway() {
    return fake;
  }

  @Override
  protected PaymentTestSources sources() {
    return PaymentTestSources.builder()
        .currency("EUR")
        .succeeding(fake.source(FakePaymentGateway.TOKEN_SUCCEEDS))
        .declining(fake.source(FakePaymentGateway.TOKEN_CARD_DECLINED))
        .insufficientFunds(fake.source(FakePaymentGateway.TOKEN_INSUFFICIENT_FUNDS))
        .requiresAction(fake.source(FakePaymentGateway.TOKEN_REQUIRES_ACTION))
        .build();
  }
}
