package dev.switchboard.payments.paypal.internal.webhook;

import com.squareup.moshi.Moshi;
import dagger.Module;
import dagger.Provides;
import dev.switchboard.http.DefaultErrorMapper;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.RetrofitFactory;
import dev.switchboard.http.SwitchboardMoshi;
import dev.switchboard.http.VendorHttpConfig;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

/**
 * Wires the verifier: the mapper, the signature check of the configured mode and the event fetcher,
 * each with its own HTTP client. Only the PayPal API calls carry the bearer token, so it is never
 * sent to a certificate host.
 */
@Module
abstract class WebhookModule {
  /** PayPal's response header with its id for the call. */
  static final String DEBUG_ID_HEADER = "Paypal-Debug-Id";

  private WebhookModule() {}

  @Provides
  @Singleton
  static Moshi moshi() {
    return SwitchboardMoshi.create();
  }

  @Provides
  @Singleton
  static WebhookMapper mapper(WebhookSettings settings, Moshi moshi) {
    return new WebhookMapper(settings.provider(), moshi);
  }

  @Provides
  @Singleton
  static SignatureCheck signatureCheck(
      WebhookSettings settings,
      Provider<ApiSignatureCheck> api,
      Provider<OfflineSignatureCheck> offline) {
    return settings.apiMode() ? api.get() : offline.get();
  }

  @Provides
  static ApiSignatureCheck api(WebhookSettings settings, Moshi moshi, WebhookMapper mapper) {
    VendorHttpConfig http = http(settings).addInterceptor(settings.tokens().interceptor()).build();
    VerifySignatureApi api =
        RetrofitFactory.create(settings.httpClients(), http, moshi)
            .create(VerifySignatureApi.class);
    HttpExecutor executor =
        HttpExecutor.create(http, mapper.apiErrors(DefaultErrorMapper.create(http)));
    return new ApiSignatureCheck(api, executor, mapper, settings.webhookId());
  }

  @Provides
  static EventFetcher fetcher(WebhookSettings settings, Moshi moshi, WebhookMapper mapper) {
    VendorHttpConfig http = http(settings).addInterceptor(settings.tokens().interceptor()).build();
    WebhookEventsApi api =
        RetrofitFactory.create(settings.httpClients(), http, moshi).create(WebhookEventsApi.class);
    HttpExecutor executor =
        HttpExecutor.create(http, mapper.apiErrors(DefaultErrorMapper.create(http)));
    return new EventFetcher(api, executor, mapper);
  }

  @Provides
  static OfflineSignatureCheck offline(WebhookSettings settings, WebhookMapper mapper) {
    VendorHttpConfig http = http(settings).build();
    HttpExecutor executor =
        HttpExecutor.create(http, mapper.certificateErrors(DefaultErrorMapper.create(http)));
    CertificateSource certificates =
        new CertificateSource(settings, settings.httpClients().forVendor(http), executor);
    return new OfflineSignatureCheck(certificates, settings.webhookId());
  }

  /**
   * No call has side effects at PayPal, so a 503 certainly changed nothing and no idempotency key
   * is needed.
   */
  private static VendorHttpConfig.Builder http(WebhookSettings settings) {
    return VendorHttpConfig.builder()
        .provider(settings.provider())
        .module("payments-paypal")
        .baseUrl(settings.apiBaseUrl())
        .idempotencyHeader(null)
        .vendorRequestIdHeader(DEBUG_ID_HEADER)
        .unavailableMeansNotProcessed(true)
        .clock(settings.clock())
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .callTimeout(settings.callTimeout());
  }
}
