package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigKeyCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped {@code META-INF/spring-configuration-metadata.json} is valid metadata for IDEs and is
 * what core's {@link ConfigKeyCatalog} produces from the keys every module declares (all of them
 * are on this module's test class path). After changing a declaration, run this test with {@code
 * -Dswitchboard.metadata.write=true} to rewrite the file.
 */
class ConfigurationMetadataTest {
  private static final String RESOURCE = "META-INF/spring-configuration-metadata.json";
  private static final Path SOURCE = Path.of("src/main/resources", RESOURCE);

  /**
   * The testkit's fakes are on this class path for tests only; an application's IDE never sees
   * them.
   */
  private static final Pattern TESTKIT_FAKE =
      Pattern.compile("switchboard\\.(payments|email|storage)\\.fake\\..*");

  @Test
  void shippedMetadataParsesAndListsTheKeys() throws IOException {
    JsonNode root;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
      assertThat(in).as(RESOURCE + " on the class path").isNotNull();
      root = JsonMapper.builder().build().readTree(in);
    }
    List<String> names = new ArrayList<>();
    root.get("properties").forEach(p -> names.add(p.get("name").asString()));
    assertThat(names)
        .contains(
            "switchboard.payments.providers",
            "switchboard.payments.stripe.api-key",
            "switchboard.email.strategy",
            "switchboard.webhooks.path-prefix")
        .doesNotHaveDuplicates();
    JsonNode providers = property(root, "switchboard.payments.providers");
    assertThat(providers.get("type").asString()).isEqualTo("java.util.List<java.lang.String>");
    assertThat(
            property(root, "switchboard.payments.stripe.retry.max-attempts")
                .get("defaultValue")
                .asInt())
        .isEqualTo(3);
    List<String> hinted = new ArrayList<>();
    root.get("hints").forEach(h -> hinted.add(h.get("name").asString()));
    assertThat(hinted)
        .contains("switchboard.email.strategy", "switchboard.payments.paypal.environment")
        .noneMatch(name -> name.contains(".fake."));
  }

  @Test
  void shippedMetadataIsWhatTheCatalogueProduces() throws IOException {
    String generated =
        ConfigKeyCatalog.discover()
                .springMetadataJson(entry -> !TESTKIT_FAKE.matcher(entry.name()).matches())
            + "\n";
    if (Boolean.getBoolean("switchboard.metadata.write")) {
      Files.writeString(SOURCE, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(SOURCE, StandardCharsets.UTF_8))
        .as("%s is stale: run this test with -Dswitchboard.metadata.write=true", SOURCE)
        .isEqualTo(generated);
  }

  private static JsonNode property(JsonNode root, String name) {
    for (JsonNode p : root.get("properties")) {
      if (p.get("name").asString().equals(name)) {
        return p;
      }
    }
    throw new AssertionError(name + " is not in the metadata");
  }
}
