package dev.switchboard.payments.paypal.internal;

import retrofit2.Call;
import retrofit2.http.Field;
import retrofit2.http.FormUrlEncoded;
import retrofit2.http.POST;

/** PayPal's token endpoint; the client credentials travel as Basic authorization. */
interface PayPalOAuthApi {
  @FormUrlEncoded
  @POST("v1/oauth2/token")
  Call<PayPalJson.AccessToken> token(@Field("grant_type") String grantType);
}
