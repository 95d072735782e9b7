package dev.switchboard.payments.stripe.internal;

import dev.switchboard.IdempotencyKey;
import java.util.Map;
import retrofit2.Call;
import retrofit2.http.FieldMap;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;
import retrofit2.http.Tag;

/**
 * Stripe's PaymentIntents and Refunds endpoints. Bodies are form-encoded with bracket keys, built
 * by {@link StripeMapper}; the idempotency key travels as a tag that the shared HTTP layer sends as
 * {@code Idempotency-Key}, identical on every retry of the call.
 */
public interface StripeApi {
  @FormUrlEncoded
  @POST("v1/payment_intents")
  Call<StripeJson.PaymentIntent> createPaymentIntent(
      @FieldMap Map<String, String> form, @Tag IdempotencyKey key, @Tag RequestIdCapture requestId);

  @FormUrlEncoded
  @POST("v1/payment_intents/{id}/capture")
  Call<StripeJson.PaymentIntent> capturePaymentIntent(
      @Path("id") String id,
      @FieldMap Map<String, String> form,
      @Tag IdempotencyKey key,
      @Tag RequestIdCapture requestId);

  @FormUrlEncoded
  @POST("v1/payment_intents/{id}/cancel")
  Call<StripeJson.PaymentIntent> cancelPaymentIntent(
      @Path("id") String id,
      @FieldMap Map<String, String> form,
      @Tag IdempotencyKey key,
      @Tag RequestIdCapture requestId);

  @GET("v1/payment_intents/{id}")
  Call<StripeJson.PaymentIntent> getPaymentIntent(
      @Path("id") String id, @Query("expand[]") String expand, @Tag RequestIdCapture requestId);

  @FormUrlEncoded
  @POST("v1/refunds")
  Call<StripeJson.Refund> createRefund(
      @FieldMap Map<String, String> form, @Tag IdempotencyKey key, @Tag RequestIdCapture requestId);

  /** The account's balance: a cheap authenticated read with no side effect, the health probe. */
  @GET("v1/balance")
  Call<Void> retrieveBalance();
}
