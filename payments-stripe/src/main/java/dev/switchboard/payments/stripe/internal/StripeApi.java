package dev.switchboard.payments.stripe.internal;

import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Path;
import retrofit2.http.Query;

/**
 * Stripe's reads. The state-changing calls, with their forms and idempotency keys, are {@link
 * StripePosts}.
 */
public interface StripeApi {
  @GET("v1/payment_intents/{id}")
  Call<StripeJson.PaymentIntent> getPaymentIntent(
      @Path("id") String id, @Query("expand[]") String expand);

  /** The account's balance: a cheap authenticated read with no side effect, the health probe. */
  @GET("v1/balance")
  Call<Void> retrieveBalance();
}
