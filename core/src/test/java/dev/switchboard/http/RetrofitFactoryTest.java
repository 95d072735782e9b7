package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("clients");
    assertThatThrownBy(() -> RetrofitFactory.create(null, SwitchboardMoshi.create()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("config");
    assertThatThrownBy(() -> RetrofitFactory.create(config, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("moshi");
  }
}
