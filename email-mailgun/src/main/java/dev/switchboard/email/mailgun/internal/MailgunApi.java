package dev.switchboard.email.mailgun.internal;

import dev.switchboard.IdempotencyKey;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Tag;

/**
 * Mailgun's sending endpoint as a Retrofit service. The body is the multipart form built by {@link
 * MailgunMapper}. Mailgun takes no idempotency key: the message's key travels only as a tag, so
 * errors can quote it, and no header is sent.
 */
interface MailgunApi {
  @POST("v3/{domain}/messages")
  Call<MailgunJson.SendResponse> send(
      @Path("domain") String domain, @Body okhttp3.RequestBody form, @Tag IdempotencyKey key);

  /** The sending domain's details: an authenticated read that sends nothing, the health probe. */
  @GET("v4/domains/{domain}")
  Call<Void> domain(@Path("domain") String domain);
}
