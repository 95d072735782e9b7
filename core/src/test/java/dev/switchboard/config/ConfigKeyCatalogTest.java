package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.switchboard.payments.PaymentGateway;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigKeyCatalogTest {
  private final ProviderRegistry registry =
      ProviderRegistry.builder()
          .add(UnknownKeyCheckTest.declared("acme-pay"))
          .add(StubFactories.email("acme-mail"))
          .build();

  @Test
  void listsCoreKeysEachFactorysOwnKeysAndTheKeysEveryProviderHas() {
    Map<String, ConfigKeyCatalog.Entry> byName =
        registry.catalog().entries().stream()
            .collect(java.util.stream.Collectors.toMap(ConfigKeyCatalog.Entry::name, e -> e));

    assertThat(byName)
        .containsKeys(
            "switchboard.payments.providers",
            "switchboard.state.ledger.retention",
            "switchboard.payments.acme-pay.api-key",
            "switchboard.payments.acme-pay.retry.max-attempts",
            "switchboard.email.acme-mail.weight",
            "switchboard.email.acme-mail.breaker.half-open-trial")
        .doesNotContainKey("switchboard.payments.acme-pay.weight");
    assertThat(byName.get("switchboard.payments.acme-pay.api-key").owner()).isNotEqualTo("core");
    assertThat(byName.get("switchboard.payments.acme-pay.retry.max-attempts").owner())
        .isEqualTo("core");
    assertThat(registry.catalog().entries()).extracting(ConfigKeyCatalog.Entry::name).isSorted();
  }

  @Test
  void writesSpringBootMetadataWithTypesDefaultsAndSecretsMarked() throws IOException {
    String json = registry.catalog().springMetadataJson();

    Map<String, Object> root =
        new Moshi.Builder()
            .build()
            .<Map<String, Object>>adapter(
                Types.newParameterizedType(Map.class, String.class, Object.class))
            .fromJson(json);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> properties = (List<Map<String, Object>>) root.get("properties");
    Map<String, Map<String, Object>> byName =
        properties.stream()
            .collect(java.util.stream.Collectors.toMap(p -> (String) p.get("name"), p -> p));

    assertThat(byName.get("switchboard.payments.acme-pay.retry.max-attempts"))
        .containsEntry("type", "java.lang.Integer")
        .containsEntry("defaultValue", 3.0)
        .containsEntry("description", "attempts in total, the first included");
    assertThat(byName.get("switchboard.payments.acme-pay.retry.base-delay"))
        .containsEntry("type", "java.time.Duration")
        .containsEntry("defaultValue", "500ms");
    assertThat(byName.get("switchboard.payments.acme-pay.api-key"))
        .containsEntry("type", "java.lang.String")
        .doesNotContainKey("defaultValue");
    assertThat((String) byName.get("switchboard.payments.acme-pay.api-key").get("description"))
        .contains("a secret")
        .contains("Required.");
    assertThat(byName.get("switchboard.payments.providers"))
        .containsEntry("type", "java.util.List<java.lang.String>");
    assertThat(root.get("groups")).isNotNull();
  }

  @Test
  void aFactoryThatDeclaresNothingHasOnlyTheCommonKeysListed() {
    ProviderRegistry legacy =
        ProviderRegistry.builder()
            .add(
                StubFactories.payments(
                    "legacy", c -> StubFactories.stub(PaymentGateway.class, "l")))
            .build();

    assertThat(legacy.catalog().entries())
        .extracting(ConfigKeyCatalog.Entry::name)
        .contains(
            "switchboard.payments.legacy.retry.max-attempts", "switchboard.payments.legacy.type")
        .noneMatch(name -> name.equals("switchboard.payments.legacy.api-key"));
  }
}
