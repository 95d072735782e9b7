package dev.switchboard.http;

import dev.switchboard.SwitchboardException;

/**
 * Turns a vendor's non-2xx answer into exactly one exception of the taxonomy. Each adapter has one;
 * it reads the vendor's error body for codes (a decline, a validation problem) and hands anything
 * it does not recognise to a {@link DefaultErrorMapper}.
 *
 * <pre>{@code
 * final class AcmeErrorMapper implements ErrorMapper {
 *   private final ErrorMapper fallback;
 *
 *   public SwitchboardException map(HttpFailure failure) {
 *     AcmeError error = parse(failure.body());
 *     if (error != null && error.type().equals("card_error")) {
 *       return new PaymentDeclinedException(failure.context().toBuilder().vendorCode(error.code()).build(), ...);
 *     }
 *     return fallback.map(failure);
 *   }
 * }
 * }</pre>
 *
 * <p>Returning null means "no opinion": the {@link HttpExecutor} then uses the {@link
 * DefaultErrorMapper}. A mapper must not throw.
 */
@FunctionalInterface
public interface ErrorMapper {
  /**
   * The exception for this failure; its context should start from {@link HttpFailure#context()}.
   */
  SwitchboardException map(HttpFailure failure);
}
