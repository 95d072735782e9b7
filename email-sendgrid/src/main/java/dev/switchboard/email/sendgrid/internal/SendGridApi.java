package dev.switchboard.email.sendgrid.internal;

import dev.switchboard.IdempotencyKey;
import okhttp3.RequestBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Tag;

/**
 * SendGrid's v3 Mail Send route as a Retrofit service. The body is a streaming {@link MailBody}, so
 * attachments are base64-encoded as they are written to the socket. SendGrid takes no idempotency
 * key; the message's key still travels as a tag, so that errors and logs quote it.
 */
interface SendGridApi {
  @POST("v3/mail/send")
  Call<Void> send(@Body RequestBody body, @Tag IdempotencyKey key);

  /** The scopes of the calling key: an authenticated read that sends nothing, the health probe. */
  @GET("v3/scopes")
  Call<Void> scopes();
}
