package dev.switchboard.benchmarks;

import com.squareup.moshi.Moshi;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * The {@code retrofit} peer of the Stripe and SendGrid benchmarks: a service on bare Retrofit with
 * Moshi's converter and nothing else, as an application would write its own vendor client.
 */
final class BareRetrofit {
  private BareRetrofit() {}

  /** The service interface on a plain Retrofit over {@code client}, rooted at {@code base}. */
  static <T> T create(String base, OkHttpClient client, Class<T> service) {
    return new Retrofit.Builder()
        .baseUrl(base + "/")
        .client(client)
        .addConverterFactory(MoshiConverterFactory.create(new Moshi.Builder().build()))
        .build()
        .create(service);
  }
}
