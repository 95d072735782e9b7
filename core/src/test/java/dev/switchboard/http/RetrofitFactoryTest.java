package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import retrofit2.Retrofit;

class RetrofitFactoryTest {
  private final VendorHttpConfig config =
      VendorHttpConfig.builder().provider("acme").baseUrl("https://api.acme.test/v1").build();

  @Test
  void buildsOnTheVendorsBaseUrlAndAClientDerivedFromTheSharedBase() {
    Retrofit retrofit = RetrofitFactory.create(config, SwitchboardMoshi.create());

    assertThat(retrofit.baseUrl().toString()).isEqualTo("https://api.acme.test/v1/");
    OkHttpClient client = (OkHttpClient) retrofit.callFactory();
    assertThat(client.connectionPool())
        .isSameAs(HttpClients.shared().baseClient().connectionPool());
    assertThat(client.interceptors()).isNotEmpty();
  }

  @Test
  void rejectsMissingArguments() {
    assertThatThrownBy(() -> RetrofitFactory.create(null, config, SwitchboardMoshi.create()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("clients"));
    assertThatThrownBy(() -> RetrofitFactory.create(null, SwitchboardMoshi.create()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("config"));
    assertThatThrownBy(() -> RetrofitFactory.create(config, null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("moshi"));
  }
}
