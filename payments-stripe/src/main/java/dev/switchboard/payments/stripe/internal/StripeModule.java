package dev.switchboard.payments.stripe.internal;

import com.squareup.moshi.Moshi;
import dagger.Module;
import dagger.Provides;
import dev.switchboard.http.Authorization;
import dev.switchboard.http.DefaultErrorMapper;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.RetrofitFactory;
import dev.switchboard.http.SwitchboardMoshi;
import dev.switchboard.http.VendorHttpConfig;
import jakarta.inject.Singleton;
import retrofit2.Retrofit;

/**
 * Provides the HTTP settings, Moshi, the Retrofit service for reads, the direct POSTs, the mapper
 * and the executor.
 */
@Module
final class StripeModule {
  private StripeModule() {}

  @Provides
  @Singleton
  static VendorHttpConfig http(StripeSettings settings) {
    return settings
        .http()
        .applyTo(
            VendorHttpConfig.builder()
                .provider(settings.provider())
                .module("payments-stripe")
                .baseUrl(settings.baseUrl())
                .idempotencyHeader("Idempotency-Key")
                .vendorRequestIdHeader("Request-Id")
                .retryHintHeader("Stripe-Should-Retry")
                .authorization(Authorization.bearerFrom(() -> settings.apiKey().value()))
                .onUnauthorized(settings.apiKey()::invalidate)
                .header("Stripe-Version", settings.apiVersion()))
        .build();
  }

  @Provides
  @Singleton
  static Moshi moshi() {
    return SwitchboardMoshi.builder().add(new StripeJson.ExpandableChargeAdapter()).build();
  }

  @Provides
  @Singleton
  static Retrofit retrofit(VendorHttpConfig http, Moshi moshi) {
    return RetrofitFactory.create(http, moshi);
  }

  @Provides
  @Singleton
  static StripeApi api(Retrofit retrofit) {
    return retrofit.create(StripeApi.class);
  }

  @Provides
  @Singleton
  static StripePosts posts(Retrofit retrofit, VendorHttpConfig http, HttpExecutor executor) {
    return new StripePosts(retrofit, http, executor);
  }

  @Provides
  @Singleton
  static StripeMapper mapper(StripeSettings settings, VendorHttpConfig http, Moshi moshi) {
    return new StripeMapper(
        settings.provider(),
        settings.returnUrl(),
        settings.http().clock(),
        moshi.adapter(StripeJson.ErrorEnvelope.class),
        DefaultErrorMapper.create(http));
  }

  @Provides
  @Singleton
  static HttpExecutor executor(VendorHttpConfig http, StripeMapper mapper) {
    return HttpExecutor.create(http, mapper);
  }

  @Provides
  @Singleton
  static StripeClient client(
      VendorHttpConfig http,
      StripeApi api,
      StripePosts posts,
      StripeMapper mapper,
      HttpExecutor executor) {
    return new StripeClient(http, api, posts, mapper, executor);
  }
}
