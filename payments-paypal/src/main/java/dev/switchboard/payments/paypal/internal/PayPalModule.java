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
        .clock(settings.clock())
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .callTimeout(settings.callTimeout())
        .build();
  }

  @Provides
  @Singleton
  static VendorHttpConfig http(PayPalSettings settings, PayPalAccessTokens tokens) {
    VendorHttpConfig.Builder http =
        VendorHttpConfig.builder()
            .provider(settings.provider())
            .module("payments-paypal")
            .baseUrl(settings.baseUrl())
            .idempotencyHeader(REQUEST_ID_HEADER)
            .vendorRequestIdHeader(PayPalJson.DEBUG_ID_HEADER)
            .addInterceptor(tokens.interceptor())
            .addInterceptor(DebugId.capture())
            .quota(settings.quota())
            .clock(settings.clock());
    if (settings.connectTimeout() != null) {
      http.connectTimeout(settings.connectTimeout());
    }
    if (settings.readTimeout() != null) {
      http.readTimeout(settings.readTimeout());
    }
    if (settings.callTimeout() != null) {
      http.callTimeout(settings.callTimeout());
    }
    return http.build();
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
