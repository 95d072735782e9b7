package dev.switchboard.email.mailgun.internal;

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

/** The adapter's graph: HTTP description, Moshi, the Retrofit service, the mapper, the executor. */
@Module
final class MailgunModule {
  private MailgunModule() {}

  @Provides
  @Singleton
  static VendorHttpConfig http(MailgunSettings s) {
    return s.http()
        .applyTo(
            VendorHttpConfig.builder()
                .provider(s.provider())
                .module("email-mailgun")
                .baseUrl(s.baseUrl())
                // Mailgun has no idempotency key; the message's key is kept for errors only, and an
                // unknown outcome is not retried on Mailgun (it could deliver the email twice).
                .idempotencyHeader(null)
                .replaysIdempotentRequests(false)
                .authorization(Authorization.basicFrom("api", () -> s.apiKey().value()))
                .onUnauthorized(s.apiKey()::invalidate)
                .unavailableMeansNotProcessed(s.unavailableMeansNotProcessed()))
        .build();
  }

  @Provides
  @Singleton
  static Moshi moshi() {
    return SwitchboardMoshi.create();
  }

  @Provides
  @Singleton
  static MailgunApi api(VendorHttpConfig http, Moshi moshi) {
    return RetrofitFactory.create(http, moshi).create(MailgunApi.class);
  }

  @Provides
  @Singleton
  static MailgunMapper mapper(MailgunSettings s, VendorHttpConfig http, Moshi moshi) {
    return new MailgunMapper(
        s.provider(),
        s.http().clock(),
        moshi.adapter(MailgunJson.ErrorBody.class),
        moshi.adapter(MailgunJson.EventData.class),
        DefaultErrorMapper.create(http));
  }

  @Provides
  @Singleton
  static HttpExecutor executor(VendorHttpConfig http, MailgunMapper mapper) {
    return HttpExecutor.create(http, mapper);
  }
}
