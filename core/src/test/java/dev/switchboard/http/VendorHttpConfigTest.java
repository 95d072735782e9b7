package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class VendorHttpConfigTest {
  private static VendorHttpConfig.Builder acme() {
    return VendorHttpConfig.builder().provider("acme").baseUrl("https://api.acme.test/v1");
  }

  @Test
  void refusesPlainHttpForAHostThatIsNotLoopback() {
    assertThatThrownBy(() -> acme().baseUrl("http://api.acme.test/"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("base-url"))
        .hasMessageContaining("https")
        .hasMessageContaining("http://api.acme.test/");
  }

  @Test
  void acceptsPlainHttpForLoopbackHosts() {
    for (String url :
        new String[] {
          "http://localhost:8080/", "http://127.0.0.1/", "http://127.1.2.3/", "http://[::1]:9000/"
        }) {
      assertThat(acme().baseUrl(url).build().baseUrl().scheme()).isEqualTo("http");
    }
  }

  @Test
  void refusesAnIpThatIsNotLoopbackOverHttp() {
    assertThatThrownBy(() -> acme().baseUrl("http://10.0.0.1/"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> acme().baseUrl("http://[2001:db8::1]/"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> acme().baseUrl("http://127.0.0.1.example.com/"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> acme().baseUrl("http://localhost.example.com/"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void refusesUnparseableMissingOrCredentialBearingUrls() {
    assertThatThrownBy(() -> acme().baseUrl("not a url"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("base-url"));
    assertThatThrownBy(() -> acme().baseUrl(null)).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> acme().baseUrl("https://user:hunter2@api.acme.test/"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> VendorHttpConfig.builder().provider("acme").build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("base-url"));
    assertThatThrownBy(() -> VendorHttpConfig.builder().baseUrl("https://a.test/").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("provider must be set");
  }

  @Test
  void addsTheTrailingSlashRetrofitNeeds() {
    assertThat(acme().build().baseUrl().toString()).isEqualTo("https://api.acme.test/v1/");
  }

  @Test
  void hasDocumentedDefaults() {
    VendorHttpConfig config = acme().build();
    assertThat(config.module()).isEqualTo("acme");
    assertThat(config.idempotencyHeader()).contains("Idempotency-Key");
    assertThat(config.idempotentMethods()).containsExactlyInAnyOrder("POST", "PATCH", "DELETE");
    assertThat(config.vendorRequestIdHeader()).isEmpty();
    assertThat(config.connectTimeout()).isEmpty();
    assertThat(config.isSensitive("AUTHORIZATION")).isTrue();
    assertThat(config.isSensitive("set-cookie")).isTrue();
    assertThat(config.rateLimitLimitHeader()).isEqualTo("X-RateLimit-Limit");
    assertThat(config.rateLimitRemainingHeader()).isEqualTo("X-RateLimit-Remaining");
    assertThat(config.rateLimitResetHeader()).isEqualTo("X-RateLimit-Reset");
    assertThat(config.rateLimitReset()).isEqualTo(RateLimitReset.EPOCH_SECONDS);
    assertThat(config.quota()).isEmpty();
    assertThat(config.authorization()).isEmpty();
    assertThat(config.unavailableMeansNotProcessed()).isFalse();
    assertThat(config.interceptors()).isEmpty();
  }

  @Test
  void namesTheFieldOfEveryBadArgument() {
    assertThatField(() -> VendorHttpConfig.builder().provider(" "), "provider");
    assertThatField(() -> acme().module("has space"), "module");
    assertThatField(() -> acme().connectTimeout(Duration.ofSeconds(-1)), "connectTimeout");
    assertThatNull(() -> acme().readTimeout(null), "readTimeout");
    assertThatField(() -> acme().writeTimeout(Duration.ofDays(365)), "writeTimeout");
    assertThatField(() -> acme().idempotencyHeader("Bad Header"), "idempotencyHeader");
    assertThatNull(() -> acme().idempotentMethods(null), "idempotentMethods");
    assertThatField(() -> acme().vendorRequestIdHeader("a:b"), "vendorRequestIdHeader");
    assertThatField(() -> acme().sensitiveHeaders("ok", ""), "sensitiveHeaders");
    assertThatNull(() -> acme().sensitiveHeaders((String[]) null), "sensitiveHeaders");
    assertThatField(() -> acme().rateLimitHeaders("a", null, "c"), "rateLimitRemainingHeader");
    assertThatNull(() -> acme().rateLimitReset(null), "rateLimitReset");
    assertThatNull(() -> acme().onUnauthorized(null), "onUnauthorized");
    assertThatNull(() -> acme().clock(null), "clock");
    assertThatNull(() -> acme().logSink(null), "logSink");
    assertThatNull(() -> acme().addInterceptor(null), "interceptor");
  }

  @Test
  void refusesHeadersThatCannotTravelOrThatTheHttpLayerSetsItself() {
    assertThatThrownBy(() -> acme().header("Acme-Version", "2026\r\nX-Evil: 1"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("header"))
        .hasMessageContaining("Acme-Version")
        .hasMessageContaining("character 13 at index 4");
    assertThatThrownBy(() -> acme().header("Bad Name", "v"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Bad Name");
    assertThatThrownBy(() -> acme().header("Acme-Version", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("Acme-Version");
    for (String reserved : new String[] {"authorization", "X-Request-Id", "User-Agent"}) {
      assertThatThrownBy(() -> acme().header(reserved, "v"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("set by the HTTP layer");
    }
    assertThatThrownBy(() -> acme().header("idempotency-key", "v").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("idempotency-key");
    assertThat(
            acme()
                .header("idempotency-key", "v")
                .idempotencyHeader("Request-Key")
                .build()
                .headers())
        .containsEntry("idempotency-key", "v");
  }

  @Test
  void aHeaderSetAgainReplacesItsValueWhateverItsCase() {
    VendorHttpConfig config =
        acme()
            .header("Acme-Version", "1")
            .header("Acme-Beta", "b")
            .header("acme-version", "2")
            .build();
    assertThat(config.headers())
        .containsExactly(
            java.util.Map.entry("Acme-Beta", "b"), java.util.Map.entry("acme-version", "2"));
    assertThat(config.toBuilder().build().headers()).isEqualTo(config.headers());
  }

  @Test
  void handsOutUnmodifiableCopies() {
    VendorHttpConfig config =
        acme().idempotentMethods(Set.of("post")).sensitiveHeaders("X-Api-Key").build();
    assertThat(config.idempotentMethods()).containsExactly("POST");
    assertThat(config.isSensitive("x-api-key")).isTrue();
    assertThatThrownBy(() -> config.sensitiveHeaders().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> config.interceptors().add(chain -> chain.proceed(chain.request())))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilderKeepsEverythingAndAllowsAVariant() {
    Supplier<String> auth = () -> Authorization.bearer("sk_test_fake_123");
    VendorHttpConfig config =
        acme()
            .authorization(auth)
            .callTimeout(Duration.ofSeconds(5))
            .connectTimeout(Duration.ofSeconds(2))
            .writeTimeout(Duration.ofSeconds(3))
            .idempotencyHeader(null)
            .vendorRequestIdHeader("Request-Id")
            .sensitiveHeaders("X-Api-Key")
            .rateLimitHeaders("L", "R", "S")
            .rateLimitReset(RateLimitReset.SECONDS_UNTIL_RESET)
            .unavailableMeansNotProcessed(true)
            .build();
    VendorHttpConfig copy = config.toBuilder().readTimeout(Duration.ofSeconds(1)).build();
    assertThat(copy.authorization()).contains(auth);
    assertThat(copy.callTimeout()).contains(Duration.ofSeconds(5));
    assertThat(copy.connectTimeout()).contains(Duration.ofSeconds(2));
    assertThat(copy.writeTimeout()).contains(Duration.ofSeconds(3));
    assertThat(copy.readTimeout()).contains(Duration.ofSeconds(1));
    assertThat(copy.idempotencyHeader()).isEmpty();
    assertThat(copy.vendorRequestIdHeader()).contains("Request-Id");
    assertThat(copy.isSensitive("X-API-KEY")).isTrue();
    assertThat(copy.rateLimitResetHeader()).isEqualTo("S");
    assertThat(copy.rateLimitReset()).isEqualTo(RateLimitReset.SECONDS_UNTIL_RESET);
    assertThat(copy.unavailableMeansNotProcessed()).isTrue();
    assertThat(config.readTimeout()).isEmpty();
  }

  @Test
  void toStringNeverShowsCredentials() {
    VendorHttpConfig config = acme().authorization(() -> "Bearer sk_test_fake_123").build();
    assertThat(config.toString())
        .contains("acme", "https://api.acme.test/", "authorization=set")
        .doesNotContain("sk_test_fake_123");
  }

  private static void assertThatNull(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining(field);
  }

  private static void assertThatField(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains(field));
  }
}
