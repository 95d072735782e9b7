package dev.switchboard.payments.paypal.internal;

import dev.switchboard.IdempotencyKey;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.Headers;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Tag;

/**
 * PayPal's Orders v2 and Payments v2 as a Retrofit service. The idempotency key is a tag that the
 * shared HTTP layer sends as {@code PayPal-Request-Id}; the {@code Paypal-Debug-Id} of the answer
 * reaches the caller through {@code HttpExecutor.executeWithVendorRequestId}. Every POST asks for
 * the full resource back ({@code Prefer: return=representation}), since PayPal's default answer
 * omits amounts and statuses.
 */
interface PayPalApi {
  String FULL = "Prefer: return=representation";

  @Headers(FULL)
  @POST("v2/checkout/orders")
  Call<PayPalJson.Order> createOrder(@Body PayPalJson.OrderRequest body, @Tag IdempotencyKey key);

  @Headers(FULL)
  @POST("v2/checkout/orders/{id}/capture")
  Call<PayPalJson.Order> captureOrder(
      @Path("id") String orderId, @Body PayPalJson.Empty body, @Tag IdempotencyKey key);

  @Headers(FULL)
  @POST("v2/checkout/orders/{id}/authorize")
  Call<PayPalJson.Order> authorizeOrder(
      @Path("id") String orderId, @Body PayPalJson.Empty body, @Tag IdempotencyKey key);

  @GET("v2/checkout/orders/{id}")
  Call<PayPalJson.Order> getOrder(@Path("id") String orderId);

  @Headers(FULL)
  @POST("v2/payments/authorizations/{id}/capture")
  Call<PayPalJson.Capture> captureAuthorization(
      @Path("id") String authorizationId,
      @Body PayPalJson.CaptureRequest body,
      @Tag IdempotencyKey key);

  @Headers(FULL)
  @POST("v2/payments/authorizations/{id}/void")
  Call<Void> voidAuthorization(@Path("id") String authorizationId, @Tag IdempotencyKey key);

  @Headers(FULL)
  @POST("v2/payments/captures/{id}/refund")
  Call<PayPalJson.RefundResource> refundCapture(
      @Path("id") String captureId, @Body PayPalJson.RefundRequest body, @Tag IdempotencyKey key);
}
