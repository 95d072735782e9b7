package dev.switchboard.internal;

import dagger.Module;
import dagger.Provides;
import dev.switchboard.config.ConfiguredPorts;
import dev.switchboard.config.ConfiguredProvider;
import dev.switchboard.config.EmailConfiguration;
import dev.switchboard.config.PaymentsConfiguration;
import dev.switchboard.config.Port;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.StateConfiguration;
import dev.switchboard.config.StorageConfiguration;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.resilience.FailoverBlobStore;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.storage.BlobStore;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of the facade's graph, which Dagger chains at compile time: a {@link SwitchboardConfig}
 * and a {@link ProviderRegistry} give the {@link ConfiguredPorts} and the state store, each
 * configured provider gets one {@link ResiliencePolicy}, and each configured port becomes a
 * failover composite over its providers in the configured order, writing keyed calls ahead in the
 * store's ledger through one {@link StateMonitor}. A port without providers is an empty {@link
 * Optional}.
 *
 * <p>Every binding is {@link Singleton}, that is one per graph: the policies the composites call
 * through must be the very ones the facade reports health for and closes. {@code
 * Switchboard.fromConfig} builds a new graph each time, so two facades never share a policy.
 *
 * <p>Not for application code: classes in {@code internal} packages may change without notice.
 * Applications wired with Dagger install {@link dev.switchboard.inject.SwitchboardModule}.
 */
@Module
public final class FacadeModule {
  private FacadeModule() {}

  @Provides
  @Singleton
  static ConfiguredPorts configuredPorts(
      SwitchboardConfig config,
      ProviderRegistry registry,
      GivenStateStore given,
      GivenHttpClients http) {
    return registry.configure(config, given.store(), http.clients());
  }

  @Provides
  @Singleton
  static StateConfiguration state(ConfiguredPorts ports) {
    return ports.state();
  }

  @Provides
  @Singleton
  static StateMonitor stateMonitor(SwitchboardConfig config, StateConfiguration state) {
    return new StateMonitor(state.store(), config.clock(), state.settleInBackground());
  }

  /** Payments first, then email, then storage, each in provider order; configured ports only. */
  @Provides
  @Singleton
  static Map<Port, List<ResiliencePolicy>> policies(ConfiguredPorts ports) {
    Map<Port, List<ResiliencePolicy>> policies = new LinkedHashMap<>();
    ports.payments().ifPresent(p -> policies.put(Port.PAYMENTS, policies(p.providers())));
    ports.email().ifPresent(e -> policies.put(Port.EMAIL, policies(e.providers())));
    ports.storage().ifPresent(s -> policies.put(Port.STORAGE, policies(s.providers())));
    return Collections.unmodifiableMap(policies);
  }

  private static List<ResiliencePolicy> policies(List<? extends ConfiguredProvider<?>> providers) {
    return providers.stream().map(p -> ResiliencePolicy.of(p.name(), p.resilience())).toList();
  }

  @Provides
  @Singleton
  static Optional<FailoverPaymentGateway> payments(
      SwitchboardConfig config,
      ConfiguredPorts ports,
      Map<Port, List<ResiliencePolicy>> policies,
      StateMonitor state) {
    return ports.payments().map(p -> payments(config, p, policies.get(Port.PAYMENTS), state));
  }

  private static FailoverPaymentGateway payments(
      SwitchboardConfig config,
      PaymentsConfiguration payments,
      List<ResiliencePolicy> policies,
      StateMonitor state) {
    FailoverPaymentGateway.Builder builder =
        FailoverPaymentGateway.builder()
            .clock(config.clock())
            .ledger(state.ledger())
            .stateListener(state)
            .declinesThatMayFailOver(payments.failoverDeclineCodes());
    state.settler().ifPresent(builder::settleInBackground);
    state.ledgerExecutor().ifPresent(builder::ledgerExecutor);
    List<ConfiguredProvider<PaymentGateway>> providers = payments.providers();
    for (int i = 0; i < providers.size(); i++) {
      builder.add(providers.get(i).instance(), policies.get(i));
    }
    return builder.build();
  }

  @Provides
  @Singleton
  static Optional<FailoverEmailSender> email(
      SwitchboardConfig config,
      ConfiguredPorts ports,
      Map<Port, List<ResiliencePolicy>> policies,
      StateConfiguration state,
      StateMonitor monitor) {
    return ports
        .email()
        .map(e -> email(config, e, policies.get(Port.EMAIL), state.emailFailClosed(), monitor));
  }

  private static FailoverEmailSender email(
      SwitchboardConfig config,
      EmailConfiguration email,
      List<ResiliencePolicy> policies,
      boolean failClosed,
      StateMonitor state) {
    FailoverEmailSender.Builder builder =
        FailoverEmailSender.builder()
            .clock(config.clock())
            .ledger(state.ledger(), failClosed)
            .stateListener(state)
            .strategy(email.strategy())
            .unknownOutcomeMayFailOver(email.unknownOutcomeFailover());
    state.settler().ifPresent(builder::settleInBackground);
    state.ledgerExecutor().ifPresent(builder::ledgerExecutor);
    List<ConfiguredProvider<EmailSender>> providers = email.providers();
    for (int i = 0; i < providers.size(); i++) {
      ConfiguredProvider<EmailSender> provider = providers.get(i);
      builder.add(provider.instance(), policies.get(i), email.weight(provider.name()));
    }
    return builder.build();
  }

  @Provides
  @Singleton
  static Optional<FailoverBlobStore> storage(
      SwitchboardConfig config, ConfiguredPorts ports, Map<Port, List<ResiliencePolicy>> policies) {
    return ports.storage().map(s -> storage(config, s, policies.get(Port.STORAGE)));
  }

  private static FailoverBlobStore storage(
      SwitchboardConfig config, StorageConfiguration storage, List<ResiliencePolicy> policies) {
    FailoverBlobStore.Builder builder =
        FailoverBlobStore.builder()
            .clock(config.clock())
            .writesMayFailOver(storage.writeFailover());
    List<ConfiguredProvider<BlobStore>> providers = storage.providers();
    for (int i = 0; i < providers.size(); i++) {
      builder.add(providers.get(i).instance(), policies.get(i));
    }
    return builder.build();
  }
}
