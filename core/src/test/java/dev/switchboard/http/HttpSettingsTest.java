package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.resilience.QuotaTracker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private static VendorHttpConfig.Builder acme() {
    return VendorHttpConfig.builder().provider("acme").baseUrl("https://api.acme.test/v1");
  }

  @Test
  void appliesEveryTimeoutTheQuotaAndTheClock() {
    QuotaTracker quota = QuotaTracker.create(1, CLOCK);
    HttpSettings settings =
        HttpSettings.builder()
            .connectTimeout(Duration.ofSeconds(1))
            .readTimeout(Duration.ofSeconds(2))
            .writeTimeout(Duration.ofSeconds(3))
            .callTimeout(Duration.ofSeconds(4))
            .quota(quota)
            .clock(CLOCK)
            .build();

    VendorHttpConfig http = settings.applyTo(acme()).build();

    assertThat(http.connectTimeout()).contains(Duration.ofSeconds(1));
    assertThat(http.readTimeout()).contains(Duration.ofSeconds(2));
    assertThat(http.writeTimeout()).contains(Duration.ofSeconds(3));
    assertThat(http.callTimeout()).contains(Duration.ofSeconds(4));
    assertThat(http.quota()).containsSame(quota);
    assertThat(http.clock()).isSameAs(CLOCK);
  }

  @Test
  void absentSettingsKeepWhatTheVendorConfigAlreadyHas() {
    QuotaTracker quota = QuotaTracker.create(1, CLOCK);
    VendorHttpConfig.Builder http =
        acme().connectTimeout(Duration.ofSeconds(7)).callTimeout(Duration.ZERO).quota(quota);

    VendorHttpConfig applied = HttpSettings.builder().build().applyTo(http).build();

    assertThat(applied.connectTimeout()).contains(Duration.ofSeconds(7));
    assertThat(applied.readTimeout()).isEmpty();
    assertThat(applied.writeTimeout()).isEmpty();
    assertThat(applied.callTimeout()).contains(Duration.ZERO);
    assertThat(applied.quota()).containsSame(quota);
    assertThat(applied.clock()).isEqualTo(Clock.systemUTC());
  }

  @Test
  void aRefusedTimeoutFailsWhenAppliedNamingIt() {
    HttpSettings settings = HttpSettings.builder().readTimeout(Duration.ofSeconds(-1)).build();

    assertThat(settings.readTimeout()).contains(Duration.ofSeconds(-1));
    assertThatThrownBy(() -> settings.applyTo(acme()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("readTimeout"));
  }

  @Test
  void refusesANullClockAndANullVendorConfigBuilder() {
    assertThatThrownBy(() -> HttpSettings.builder().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("clock")
        .hasMessageContaining("clock == null");
    assertThatThrownBy(() -> HttpSettings.builder().build().applyTo(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("http");
  }

  @Test
  void toBuilderDerivesAVariantAndLeavesTheOriginalAlone() {
    QuotaTracker quota = QuotaTracker.create(1, CLOCK);
    HttpSettings original =
        HttpSettings.builder().readTimeout(Duration.ofSeconds(2)).quota(quota).clock(CLOCK).build();

    HttpSettings withoutQuota = original.toBuilder().quota(null).build();

    assertThat(withoutQuota.quota()).isEmpty();
    assertThat(withoutQuota.readTimeout()).contains(Duration.ofSeconds(2));
    assertThat(withoutQuota.clock()).isSameAs(CLOCK);
    assertThat(original.quota()).containsSame(quota);
    assertThat(original).isEqualTo(original.toBuilder().build()).isNotEqualTo(withoutQuota);
    assertThat(original.hashCode()).isEqualTo(original.toBuilder().build().hashCode());
  }

  @Test
  void theirHttpClientsReachTheVendorConfigAndElseItUsesTheSharedOnes() {
    HttpClients own = HttpClients.builder().build();
    VendorHttpConfig.Builder acme =
        VendorHttpConfig.builder().provider("acme").baseUrl("https://api.acme.test/");

    HttpSettings settings = HttpSettings.builder().httpClients(own).build();

    assertThat(settings.applyTo(acme).build().httpClients()).isSameAs(own);
    assertThat(settings.toBuilder().build()).isEqualTo(settings);
    assertThat(settings.toString()).contains("httpClients=set");
    assertThat(
            HttpSettings.builder()
                .build()
                .applyTo(VendorHttpConfig.builder().provider("acme").baseUrl("https://a.test/"))
                .build()
                .httpClients())
        .isSameAs(HttpClients.shared());
  }

  @Test
  void toStringNamesTheSettingsButNotTheTracker() {
    HttpSettings settings =
        HttpSettings.builder()
            .connectTimeout(Duration.ofSeconds(1))
            .quota(QuotaTracker.create(1, CLOCK))
            .build();

    assertThat(settings.toString())
        .contains("connectTimeout=PT1S")
        .contains("readTimeout=null")
        .contains("quota=set");
  }
}
