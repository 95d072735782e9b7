package dev.switchboard.config;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A vault stand-in, registered in this module's test {@code META-INF/services}. */
public final class TestVaultSecretSource implements SecretSource {
  static final Map<String, String> VALUES = new ConcurrentHashMap<>(Map.of("pay/key", "vault_123"));

  @Override
  public String scheme() {
    return "testvault";
  }

  @Override
  public Optional<String> read(String reference) {
    return Optional.ofNullable(VALUES.get(reference));
  }
}
