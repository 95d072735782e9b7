package dev.switchboard.payments.paypal.internal;

import java.util.List;

/**
 * PayPal's JSON bodies, as far as this adapter reads or writes them. Field names are PayPal's own
 * (snake case) so that no name mapping can drift; unknown fields are ignored and statuses are kept
 * as strings, so a field or a status PayPal adds later breaks nothing.
 *
 * <pre>{@code
 * POST /v2/checkout/orders   {"intent":"CAPTURE","purchase_units":[{"amount":{"currency_code":"EUR","value":"50.00"}}],
 *                             "payment_source":{"paypal":{"vault_id":"8kk8451t"}}}
 * 201                        {"id":"5O190127TN364715T","status":"COMPLETED","intent":"CAPTURE",
 *                             "purchase_units":[{"amount":{...},"payments":{"captures":[{"id":"3C679366HH908993F","status":"COMPLETED",...}]}}]}
 * 422                        {"name":"UNPROCESSABLE_ENTITY","debug_id":"90957fca61718","details":[{"issue":"INSTRUMENT_DECLINED"}]}
 * }</pre>
 */
final class PayPalJson {
  /** The response header with PayPal's id for the call, to quote to PayPal's support. */
  static final String DEBUG_ID_HEADER = "Paypal-Debug-Id";

  private PayPalJson() {}

  /** The answer of {@code POST /v1/oauth2/token}. */
  public record AccessToken(String access_token, String token_type, Long expires_in) {}

  /** An amount: a currency and a decimal string in PayPal's exponent for it. */
  public record Amount(String currency_code, String value) {}

  /** A HATEOAS link; {@code rel} is {@code approve}, {@code payer-action}, {@code self}, ... */
  public record Link(String href, String rel, String method) {}

  /** The body of {@code POST /v2/checkout/orders}. */
  public record OrderRequest(
      String intent, List<PurchaseUnitRequest> purchase_units, PaymentSource payment_source) {}

  /** One purchase unit of a new order. */
  public record PurchaseUnitRequest(
      String reference_id,
      Amount amount,
      String description,
      String custom_id,
      String soft_descriptor) {}

  /** How the order is paid: always PayPal here, by a vaulted token or by buyer approval. */
  public record PaymentSource(PayPalWallet paypal) {}

  /** A PayPal wallet: {@code vault_id} for a saved one, or where to send the approving buyer. */
  public record PayPalWallet(String vault_id, ExperienceContext experience_context) {}

  /** Where PayPal sends the buyer after approving or canceling. */
  public record ExperienceContext(String return_url, String cancel_url, String user_action) {}

  /** An order as PayPal returns it. */
  public record Order(
      String id,
      String status,
      String intent,
      String create_time,
      List<PurchaseUnit> purchase_units,
      List<Link> links) {}

  /** One purchase unit of an order, with what has happened to its money. */
  public record PurchaseUnit(
      String reference_id,
      Amount amount,
      String custom_id,
      String description,
      Payments payments) {}

  /** The payments made against a purchase unit. */
  public record Payments(
      List<Authorization> authorizations, List<Capture> captures, List<RefundResource> refunds) {}

  /** An authorization (intent AUTHORIZE). */
  public record Authorization(String id, String status, Amount amount, String create_time) {}

  /** A capture; a declined card capture says why in {@code processor_response}. */
  public record Capture(
      String id,
      String status,
      Amount amount,
      String create_time,
      StatusDetails status_details,
      ProcessorResponse processor_response) {}

  /** Why a capture or refund is in its status. */
  public record StatusDetails(String reason) {}

  /** The card processor's answer; {@code response_code} such as {@code 5120}. */
  public record ProcessorResponse(String response_code) {}

  /** A refund as PayPal returns it. */
  public record RefundResource(String id, String status, Amount amount, String create_time) {}

  /** The body of {@code POST /v2/payments/authorizations/{id}/capture}. */
  public record CaptureRequest(Amount amount, boolean final_capture) {}

  /** The body of {@code POST /v2/payments/captures/{id}/refund}; no amount refunds the rest. */
  public record RefundRequest(Amount amount) {}

  /** Every PayPal API error body; OAuth errors use {@code error} and {@code error_description}. */
  public record Error(
      String name,
      String message,
      String debug_id,
      List<ErrorDetail> details,
      List<Link> links,
      String error,
      String error_description) {}

  /** One problem: the issue code, and the JSON pointer of the field when there is one. */
  public record ErrorDetail(String field, String issue, String description) {}

  /** An empty JSON object, the body of order capture and authorize calls. */
  public record Empty() {}
}
