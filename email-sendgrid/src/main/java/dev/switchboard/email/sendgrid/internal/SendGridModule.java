package dev.switchboard.email.sendgrid.internal;

import com.squareup.moshi.Moshi;
import dagger.Module;
import dagger.Provides;
import dev.switchboard.http.DefaultErrorMapper;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.RetrofitFactory;
import dev.switchboard.http.SwitchboardMoshi;
import dev.switchboard.http.VendorHttpConfig;
import jakarta.inject.Singleton;
import okhttp3.Call;
import retrofit2.Retrofit;

/** How the pieces of one SendGrid client are made from its {@link VendorHttpConfig}. */
@Module
final class SendGridModule {
  private SendGridModule() {}

  @Provides
  @Singleton
  static Moshi moshi() {
    return SwitchboardMoshi.create();
  }

  @Provides
  @Singleton
  static Retrofit retrofit(VendorHttpConfig http, Moshi moshi) {
    return RetrofitFactory.create(http, moshi);
  }

  /** The vendor's OkHttp client, for the raw call whose headers carry the message id. */
  @Provides
  static Call.Factory calls(Retrofit retrofit) {
    return retrofit.callFactory();
  }

  @Provides
  @Singleton
  static SendGridMapper mapper(VendorHttpConfig http, Moshi moshi) {
    return new SendGridMapper(
        http.provider(),
        http.clock(),
        moshi.adapter(SendGridJson.ErrorEnvelope.class),
        DefaultErrorMapper.create(http));
  }

  @Provides
  static HttpExecutor executor(VendorHttpConfig http, SendGridMapper mapper) {
    return HttpExecutor.create(http, mapper);
  }
}
