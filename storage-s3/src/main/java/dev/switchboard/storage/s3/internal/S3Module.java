package dev.switchboard.storage.s3.internal;

import dagger.Module;
import dagger.Provides;
import dev.switchboard.http.DefaultErrorMapper;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.VendorHttpConfig;
import jakarta.inject.Singleton;
import okhttp3.OkHttpClient;

/** How the pieces of {@link S3Component} are made from {@link S3Settings}. */
@Module
final class S3Module {
  private S3Module() {}

  @Provides
  @Singleton
  static SigV4 signer(S3Settings settings) {
    return new SigV4(settings.region(), "s3");
  }

  @Provides
  @Singleton
  static VendorHttpConfig http(S3Settings settings, SigV4 signer) {
    return settings
        .http()
        .applyTo(
            VendorHttpConfig.builder()
                .provider(settings.provider())
                .module("storage-s3")
                .baseUrl(settings.endpoint())
                // S3 takes no idempotency header: its writes are idempotent by key and part number.
                .idempotencyHeader(null)
                .vendorRequestIdHeader("x-amz-request-id")
                .sensitiveHeaders("x-amz-security-token")
                .addInterceptor(
                    new SigningInterceptor(
                        settings.provider(),
                        signer,
                        settings.credentials(),
                        settings.http().clock())))
        .build();
  }

  @Provides
  @Singleton
  static OkHttpClient client(VendorHttpConfig http) {
    return http.httpClients().forVendor(http);
  }

  @Provides
  @Singleton
  static S3Mapper mapper(S3Settings settings, VendorHttpConfig http) {
    return new S3Mapper(
        settings.credentials(), DefaultErrorMapper.create(http), settings.http().clock());
  }

  @Provides
  @Singleton
  static HttpExecutor executor(VendorHttpConfig http, S3Mapper mapper) {
    return HttpExecutor.create(http, mapper);
  }
}
