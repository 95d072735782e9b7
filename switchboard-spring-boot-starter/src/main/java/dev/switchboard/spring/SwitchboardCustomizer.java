package dev.switchboard.spring;

import dev.switchboard.Switchboard;

/**
 * Changes the {@link Switchboard.Builder} before the starter builds the facade: every bean of this
 * type is applied, in {@code @Order}, so an application can hand Switchboard its own OkHttp client
 * (proxy, TLS trust, pinning, dispatcher limits) or its own state store.
 *
 * <pre>{@code
 * @Bean
 * SwitchboardCustomizer corporateHttp(OkHttpClient corporateClient) {
 *   return builder -> builder.httpClient(corporateClient);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface SwitchboardCustomizer {
  /** Changes {@code builder}; called once, before {@link Switchboard.Builder#build()}. */
  void customize(Switchboard.Builder builder);
}
