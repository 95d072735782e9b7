package dev.switchboard.payments.paypal.internal.webhook;

import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Path;

/**
 * PayPal's "show event notification details" as a Retrofit service. The answer is kept as bytes: it
 * becomes the event's raw JSON, as a delivered body would.
 */
interface WebhookEventsApi {
  @GET("v1/notifications/webhooks-events/{event_id}")
  Call<ResponseBody> event(@Path("event_id") String eventId);
}
