package dev.switchboard.testkit;

import dev.switchboard.payments.CancelRequest;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.Refund;
import dev.switchboard.payments.RefundRequest;

/** Forwards every call to a delegate, so that a test overrides only the call it watches. */
class ForwardingPaymentGateway implements PaymentGateway {
  private final PaymentGateway delegate;

  ForwardingPaymentGateway(PaymentGateway delegate) {
    this.delegate = delegate;
  }

  @Override
  public String provider() {
    return delegate.provider();
  }

  @Override
  public Payment charge(ChargeRequest request) {
    return delegate.charge(request);
  }

  @Override
  public Payment capture(CaptureRequest request) {
    return delegate.capture(request);
  }

  @Override
  public Payment cancel(CancelRequest request) {
    return delegate.cancel(request);
  }

  @Override
  public Refund refund(RefundRequest request) {
    return delegate.refund(request);
  }

  @Override
  public Payment get(PaymentId id) {
    return delegate.get(id);
  }

  @Override
  public boolean supports(ChargeRequest request) {
    return delegate.supports(request);
  }
}
