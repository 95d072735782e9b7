package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.resilience.AuthenticationFailureHook;
import dev.switchboard.resilience.ResilienceConfig;
import java.util.List;
import java.util.Objects;

/**
 * One provider built from configuration, ready to be wrapped in its resilience policy and put into
 * a failover composite.
 *
 * <pre>{@code
 * for (ConfiguredProvider<PaymentGateway> p : payments.providers()) {
 *   ResiliencePolicy policy = ResiliencePolicy.of(p.name(), p.resilience());
 *   ...
 * }
 * }</pre>
 *
 * @param name the provider's name, as listed in {@code switchboard.<port>.providers}
 * @param instance the port the factory built
 * @param resilience the provider's resilience settings; when the provider has secrets, its {@link
 *     ResilienceConfig#onAuthenticationFailure()} hook already invalidates them
 * @param secrets the secrets the factory resolved, in the order it asked for them
 * @param <T> the port
 */
public record ConfiguredProvider<T>(
    String name, T instance, ResilienceConfig resilience, List<Secret> secrets) {
  public ConfiguredProvider {
    if (name == null || name.isBlank()) {
      throw InvalidRequestException.invalidField("name", "name must not be blank, was " + name);
    }
    if (instance == null) {
      throw new NullPointerException("instance == null");
    }
    if (resilience == null) {
      throw new NullPointerException("resilience == null");
    }
    if (secrets == null || secrets.stream().anyMatch(Objects::isNull)) {
      throw InvalidRequestException.invalidField(
          "secrets", "secrets must be a list without null, was " + secrets);
    }
    secrets = List.copyOf(secrets);
  }

  /** Invalidates every secret of the provider, so the next call re-reads them all. */
  public AuthenticationFailureHook authenticationFailureHook() {
    return invalidating(secrets);
  }

  static AuthenticationFailureHook invalidating(List<Secret> secrets) {
    List<Secret> copy = List.copyOf(secrets);
    return failure -> copy.forEach(Secret::invalidate);
  }
}
