package dev.switchboard.payments.paypal.internal;

import com.squareup.moshi.Moshi;
import dagger.Module;
import dagger.Provides;
import dev.switchboard.http.DefaultErrorMapper;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.RetrofitFactory;
import dev.switchboard.http.SwitchboardMoshi;
import dev.switchboard.http.VendorHttpConfig;
import jakarta.inject.Singleton;

/** Wires one PayPal gateway: its token source, HTTP config, Retrofit service, mapper, executor. */
@Module
final class PayPalModule {
  /** PayPal's idempotency header. */
  static final String REQUEST_ID_HEADER = "PayPal-Request-Id";

  private PayPalModule() {}

  @Provides
  @Singleton
  static Moshi moshi() {
    return SwitchboardMoshi.create();
  }

  @Provides
  @Singleton
  static PayPalAccessTokens accessTokens(PayPalSettings settings) {
    return PayPalAccessTokens.builder()
        .provider(settings.provider())
        .baseUrl(settings.baseUrl())
        .clientId(settings.clientId())
        .clientSecret(settings.clientSecret())
        // The token endpoint's answers do not feed the policy's quota.
        .http(settings.http().toBuilder().quota(null).build())
        .build();
  }

  @Provides
  @Singleton
  static VendorHttpConfig http(PayPalSettings settings, PayPalAccessTokens tokens) {
    return settings
        .http()
        .applyTo(
            VendorHttpConfig.builder()
                .provider(settings.provider())
                .module("payments-paypal")
                .baseUrl(settings.baseUrl())
                .idempotencyHeader(REQUEST_ID_HEADER)
                .vendorRequestIdHeader(PayPalJson.DEBUG_ID_HEADER)
                .addInterceptor(tokens.interceptor()))
        .build();
  }

  @Provides
  @Singleton
  static PayPalApi api(VendorHttpConfig http, Moshi moshi) {
    return RetrofitFactory.create(http, moshi).create(PayPalApi.class);
  }

  @Provides
  @Singleton
  static PayPalMapper mapper(PayPalSettings settings, Moshi moshi, VendorHttpConfig http) {
    return new PayPalMapper(settings.provider(), moshi, DefaultErrorMapper.create(http));
  }

  @Provides
  @Singleton
  static HttpExecutor executor(VendorHttpConfig http, PayPalMapper mapper) {
    return HttpExecutor.create(http, mapper);
  }
}
