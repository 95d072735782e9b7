package dev.switchboard.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
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
 *
 * <p>Each strips the surrounding whitespace of the value it reads: secret files end with the line
 * break that editors, {@code echo} and secret-mounting tools add, and a variable set from such a
 * file inherits it. No credential begins or ends with whitespace, and left in place it would make
 * every call fail.
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
      return Optional.ofNullable(environment.get(reference)).map(String::strip);
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
      return Optional.ofNullable(properties.getProperty(reference)).map(String::strip);
    }

    @Override
    public String describeMissing(String reference) {
      return "system property " + reference + " is not set";
    }
  }

  /** Reads the whole file, which must be UTF-8 text. */
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
        return Optional.of(Files.readString(path, StandardCharsets.UTF_8).strip());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public String describeMissing(String reference) {
      return Files.exists(Path.of(reference))
          ? "file " + reference + " is not a regular file"
          : "file " + reference + " does not exist";
    }

    @Override
    public String describeFailure(String reference, RuntimeException failure) {
      if (failure.getCause() instanceof CharacterCodingException) {
        return "file " + reference + " is not UTF-8 text; save the secret as UTF-8";
      }
      Throwable cause = failure.getCause() == null ? failure : failure.getCause();
      return "file " + reference + " cannot be read (" + cause.getClass().getSimpleName() + ")";
    }
  }
}
