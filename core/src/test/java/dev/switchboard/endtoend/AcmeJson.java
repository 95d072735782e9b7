package dev.switchboard.endtoend;

import java.util.Map;

/**
 * The JSON bodies of acme-pay, the test-only vendor these end-to-end tests talk to over HTTP.
 * Amounts are minor units, {@code created} is Unix seconds, and errors come wrapped as {@code
 * {"error": {...}}}. Both the adapter and the vendor simulator read and write them through one
 * Moshi, so the two sides cannot drift apart.
 *
 * <pre>{@code
 * POST /v1/charges   {"amount":1234,"currency":"EUR","source":"tok_ok","metadata":{}}
 * 200                {"id":"ch_1","amount":1234,"currency":"EUR","status":"succeeded",
 *                     "captured":1234,"created":1714564800,"metadata":{}}
 * 402                {"error":{"type":"card_error","code":"insufficient_funds","message":"..."}}
 * }</pre>
 */
final class AcmeJson {
  private AcmeJson() {}

  /** The body of {@code POST /v1/charges}. */
  public record ChargeBody(
      long amount,
      String currency,
      String source,
      String description,
      Map<String, String> metadata) {}

  /** A charge as acme-pay returns it; {@code status} is succeeded, requires_capture or failed. */
  public record Charge(
      String id,
      long amount,
      String currency,
      String status,
      long captured,
      long created,
      Map<String, String> metadata) {}

  /** Every non-2xx body acme-pay sends. */
  public record ErrorEnvelope(ErrorBody error) {}

  /**
   * One error: {@code type} is card_error (a decline), invalid_request_error or api_error; {@code
   * code} is the decline or validation code.
   */
  public record ErrorBody(String type, String code, String message) {}
}
