package dev.switchboard.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Switchboard;
import dev.switchboard.config.Port;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.endtoend.AcmeSimulator.Fault;
import dev.switchboard.http.HttpClients;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * {@code Switchboard.builder(config).httpClient(client)}: every provider built from configuration
 * calls through the application's own OkHttp client.
 */
class ApplicationHttpClientTest {
  @Test
  void everyConfiguredProviderCallsThroughTheApplicationsClient() {
    List<String> intercepted = new CopyOnWriteArrayList<>();
    List<String> callsEnded = new CopyOnWriteArrayList<>();
    OkHttpClient application =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  intercepted.add(
                      chain.request().url().port() + chain.request().url().encodedPath());
                  return chain.proceed(chain.request());
                })
            .eventListener(
                new EventListener() {
                  @Override
                  public void callEnd(Call call) {
                    callsEnded.add(call.request().url().encodedPath());
                  }
                })
            .retryOnConnectionFailure(true)
            .build();
    try (TwoVendors v =
        TwoVendors.builder()
            .primary("retry.max-attempts", "1")
            .facade(facade -> facade.httpClient(application))
            .start()) {
      v.primary.failAlways(Fault.unavailable());

      assertThat(v.charge("order-1").id().provider()).isEqualTo("backup");

      assertThat(intercepted)
          .containsExactly(
              v.primaryServer.getPort() + "/v1/charges", v.backupServer.getPort() + "/v1/charges");
      assertThat(callsEnded).containsExactly("/v1/charges", "/v1/charges");
    }
  }

  @Test
  void aContextOfItsOwnHandsFactoriesTheSharedClients() {
    ProviderContext context =
        ProviderContext.create(SwitchboardConfig.fromMap(Map.of()), Port.PAYMENTS, "acme");

    assertThat(context.httpClients()).isSameAs(HttpClients.shared());
  }

  @Test
  void refusesANullClient() {
    Switchboard.Builder builder = Switchboard.builder(SwitchboardConfig.fromMap(Map.of()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.httpClient(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("httpClient");
  }
}
