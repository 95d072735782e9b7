package dev.switchboard.payments.paypal.internal.webhook;

import okhttp3.RequestBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.POST;

/**
 * PayPal's signature check as a Retrofit service. The body is built byte by byte by {@link
 * VerifyRequestBody}, because the event must reach PayPal exactly as it was received.
 */
interface VerifySignatureApi {
  @POST("v1/notifications/verify-webhook-signature")
  Call<WebhookJson.VerifyResponse> verify(@Body RequestBody body);
}
