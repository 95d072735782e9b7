package dev.switchboard.endtoend;

import dev.switchboard.IdempotencyKey;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Tag;

/**
 * acme-pay's HTTP API as a Retrofit service. The idempotency key travels as a tag: the shared HTTP
 * layer turns it into the {@code Idempotency-Key} header and quotes it in errors, so the adapter
 * never builds that header itself.
 */
interface AcmeApi {
  @POST("v1/charges")
  Call<AcmeJson.Charge> createCharge(@Body AcmeJson.ChargeBody body, @Tag IdempotencyKey key);

  @GET("v1/charges/{id}")
  Call<AcmeJson.Charge> getCharge(@Path("id") String id);
}
