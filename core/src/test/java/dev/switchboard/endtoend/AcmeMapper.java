package dev.switchboard.endtoend;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.http.ErrorMapper;
import dev.switchboard.http.HttpFailure;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentFailure;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentStatus;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * The one place acme-pay's vocabulary meets the SDK's: a {@link ChargeRequest} becomes a {@link
 * AcmeJson.ChargeBody}, an {@link AcmeJson.Charge} becomes a {@link Payment}, and a {@code 402
 * card_error} becomes a {@link PaymentDeclinedException} with a neutral {@link FailureCode}. Every
 * other error status is left to the shared {@code DefaultErrorMapper}.
 *
 * <p>A success body it cannot make sense of (an unknown status, a bad currency) is reported as
 * Moshi's {@link JsonDataException}, which the {@code HttpExecutor} turns into an "unparseable
 * success body" outcome unknown: the vendor answered 2xx, so the charge may exist.
 */
final class AcmeMapper implements ErrorMapper {
  private static final Map<String, FailureCode> DECLINE_CODES =
      Map.of(
          "insufficient_funds", FailureCode.INSUFFICIENT_FUNDS,
          "card_declined", FailureCode.CARD_DECLINED,
          "expired_card", FailureCode.EXPIRED_CARD,
          "incorrect_cvc", FailureCode.INCORRECT_CVC,
          "fraudulent", FailureCode.FRAUD_SUSPECTED);

  private final String provider;
  private final JsonAdapter<AcmeJson.ErrorEnvelope> errors;
  private final ErrorMapper fallback;

  AcmeMapper(String provider, JsonAdapter<AcmeJson.ErrorEnvelope> errors, ErrorMapper fallback) {
    this.provider = provider;
    this.errors = errors;
    this.fallback = fallback;
  }

  AcmeJson.ChargeBody toBody(ChargeRequest request, String token) {
    return new AcmeJson.ChargeBody(
        request.amount().minorUnits(),
        request.amount().currency().getCurrencyCode(),
        token,
        request.description().orElse(null),
        request.metadata());
  }

  Payment toPayment(AcmeJson.Charge charge) {
    if (charge.id() == null || charge.currency() == null || charge.status() == null) {
      throw new JsonDataException("a charge needs id, currency and status");
    }
    try {
      Money amount = Money.ofMinor(charge.amount(), charge.currency());
      return Payment.builder()
          .id(PaymentId.of(provider, charge.id()))
          .status(status(charge.status()))
          .amount(amount)
          .captured(Money.ofMinor(charge.captured(), charge.currency()))
          .created(Instant.ofEpochSecond(charge.created()))
          .metadata(charge.metadata() == null ? Map.of() : charge.metadata())
          .build();
    } catch (InvalidRequestException e) {
      // The vendor's answer, not the caller's request, is what is wrong here.
      throw new JsonDataException("charge " + charge.id() + " is inconsistent: " + e.reason());
    }
  }

  private static PaymentStatus status(String status) {
    switch (status) {
      case "succeeded":
        return PaymentStatus.SUCCEEDED;
      case "requires_capture":
        return PaymentStatus.AUTHORIZED;
      case "failed":
        return PaymentStatus.FAILED;
      default:
        throw new JsonDataException("unknown charge status " + status);
    }
  }

  @Override
  public SwitchboardException map(HttpFailure failure) {
    AcmeJson.ErrorBody error = parse(failure.body());
    if (failure.status() == 402 && error != null && "card_error".equals(error.type())) {
      ErrorContext context = failure.context().toBuilder().vendorCode(error.code()).build();
      FailureCode code = DECLINE_CODES.getOrDefault(error.code(), FailureCode.OTHER);
      return new PaymentDeclinedException(
          context, new PaymentFailure(code, error.code(), error.message()));
    }
    return fallback.map(failure);
  }

  private AcmeJson.ErrorBody parse(String body) {
    if (body.isBlank()) {
      return null;
    }
    try {
      AcmeJson.ErrorEnvelope envelope = errors.fromJson(body);
      return envelope == null ? null : envelope.error();
    } catch (IOException | JsonDataException e) {
      // Not acme's error format (a proxy's HTML page, say): the status alone decides.
      return null;
    }
  }
}
