package dev.switchboard.testkit;

import dev.switchboard.payments.PaymentGateway;
import java.util.EnumSet;
import java.util.Set;

/**
 * The contract against a fake that charges only in JPY and offers no approval flow, declaring so:
 * the approval test is skipped, and every amount is a whole number of yen.
 */
class FakePaymentGatewayLimitedContractTest extends PaymentGatewayContract {
  private final FakePaymentGateway fake =
      FakePaymentGateway.builder()
          .provider("yen-only")
          .currencies("JPY")
          .approvalFlow(false)
          .build();

  @Override
  protected PaymentGateway gateway() {
    return fake;
  }

  @Override
  protected PaymentTestSources sources() {
    return PaymentTestSources.builder()
        .currency("JPY")
        .succeeding(fake.source(FakePaymentGateway.TOKEN_SUCCEEDS))
        .declining(fake.source(FakePaymentGateway.TOKEN_CARD_DECLINED))
        .build();
  }

  @Override
  protected Set<PaymentCapability> capabilities() {
    return EnumSet.complementOf(
        EnumSet.of(
            PaymentCapability.APPROVAL_FLOW,
            PaymentCapability.SPECIFIC_DECLINE_CODES,
            PaymentCapability.REQUIRES_ACTION));
  }
}
