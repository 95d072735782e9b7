package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The checks every port's provider list shares. */
final class Providers {
  private Providers() {}

  static <T> List<ConfiguredProvider<T>> check(List<ConfiguredProvider<T>> providers) {
    if (providers == null || providers.isEmpty() || providers.stream().anyMatch(Objects::isNull)) {
      throw InvalidRequestException.invalidField(
          "providers", "providers must hold at least one provider and no null, was " + providers);
    }
    Set<String> names = new HashSet<>();
    for (ConfiguredProvider<T> provider : providers) {
      if (!names.add(provider.name())) {
        throw InvalidRequestException.invalidField(
            "providers", "providers names '" + provider.name() + "' twice");
      }
    }
    return List.copyOf(providers);
  }
}
