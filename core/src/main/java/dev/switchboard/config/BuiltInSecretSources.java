package dev.switchboard.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code env}, {@code file} and {@code sysprop} schemes. The environment and the properties are
 * read live, not copied, so a secret re-read after rotation sees their current state.
 */
final class BuiltInSecretSources {
  private BuiltInSecretSources() {}

  static List<SecretSource> all(Map<String, String> environment, Properties systemProperties) {
    return List.of(
        new EnvSource(environment), new FileSource(), new SysPropSource(systemProperties));
  }

  /** A class, not a record: a record's toString would print the whole environment. */
  private static final class EnvSource implements SecretSource {
    private final Map<String, String> environment;

    EnvSource(Map<String, String> environment) {
      this.environment = environment;
    }

    @Override
    public String scheme() {
      return "env";
    }

    @Override
    public Optional<String> read(String reference) {
      return Optional.ofNullable(environment.get(reference));
    }

    @Override
    public String describeMissing(String reference) {
      return "environment variable " + reference + " is not set";
    }
  }

  private static final class SysPropSource implements SecretSource {
    private final Properties properties;

    SysPropSource(Properties properties) {
      this.properties = properties;
    }

    @Override
    public String scheme() {
      return "sysprop";
    }

    @Override
    public Optional<String> read(String reference) {
      return Optional.ofNullable(properties.getProperty(reference));
    }

    @Override
    public String describeMissing(String reference) {
      return "system property " + reference + " is not set";
    }
  }

  /** Reads the whole file as UTF-8; one trailing line break, as editors and mounts add, is cut. */
  private static final class FileSource implements SecretSource {
    @Override
    public String scheme() {
      return "file";
    }

    @Override
    public Optional<String> read(String reference) {
      Path path = Path.of(reference);
      if (!Files.isRegularFile(path)) {
        return Optional.empty();
      }
      try {
        String content = Files.readString(path, StandardCharsets.UTF_8);
        if (content.endsWith("\r\n")) {
          return Optional.of(content.substring(0, content.length() - 2));
        }
        if (content.endsWith("\n")) {
          return Optional.of(content.substring(0, content.length() - 1));
        }
        return Optional.of(content);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String describeMissing(String reference) {
      return "file " + reference + " does not exist or cannot be read";
    }
  }
}
