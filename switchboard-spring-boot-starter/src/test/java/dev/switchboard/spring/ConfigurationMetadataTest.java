package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped {@code META-INF/spring-configuration-metadata.json} is valid metadata for IDEs and is
 * what {@link SwitchboardKeyCatalogue} produces. After changing the catalogue, run this test with
 * {@code -Dswitchboard.metadata.write=true} to rewrite the file.
 */
class ConfigurationMetadataTest {
  private static final String RESOURCE = "META-INF/spring-configuration-metadata.json";
  private static final Path SOURCE = Path.of("src/main/resources", RESOURCE);

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
    assertThat(hinted).contains("switchboard.email.strategy", "switchboard.state.store");
  }

  @Test
  void shippedMetadataIsWhatTheCatalogueProduces() throws IOException {
    String generated = render();
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

  /** The metadata file, by hand, so its layout is stable: one entry a line. */
  static String render() {
    StringBuilder out = new StringBuilder("{\n  \"groups\": [\n");
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, String> g : SwitchboardKeyCatalogue.groups().entrySet()) {
      lines.add(
          "    {\"name\": "
              + json(g.getKey())
              + ", \"description\": "
              + json(g.getValue())
              + ", \"sourceType\": \"dev.switchboard.config.SwitchboardConfig\"}");
    }
    out.append(String.join(",\n", lines)).append("\n  ],\n  \"properties\": [\n");
    lines.clear();
    for (SwitchboardKeyCatalogue.Key k : SwitchboardKeyCatalogue.keys()) {
      StringBuilder line =
          new StringBuilder("    {\"name\": ")
              .append(json(k.name()))
              .append(", \"type\": ")
              .append(json(k.type()))
              .append(", \"description\": ")
              .append(json(k.description()));
      if (k.defaultValue() != null) {
        line.append(", \"defaultValue\": ")
            .append(k.defaultValue() instanceof String s ? json(s) : k.defaultValue().toString());
      }
      lines.add(line.append("}").toString());
    }
    out.append(String.join(",\n", lines)).append("\n  ],\n  \"hints\": [\n");
    lines.clear();
    for (SwitchboardKeyCatalogue.Hint h : SwitchboardKeyCatalogue.hints()) {
      List<String> values = h.values().stream().map(v -> "{\"value\": " + json(v) + "}").toList();
      lines.add(
          "    {\"name\": "
              + json(h.name())
              + ", \"values\": ["
              + String.join(", ", values)
              + "]}");
    }
    return out.append(String.join(",\n", lines)).append("\n  ]\n}\n").toString();
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        default -> b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
