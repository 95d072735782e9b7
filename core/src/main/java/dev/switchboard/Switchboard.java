package dev.switchboard;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.Port;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailSender;
import dev.switchboard.internal.FacadeModule;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.resilience.FailoverBlobStore;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.FailoverListener;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ProviderHealth;
import dev.switchboard.resilience.ResilienceListener;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.storage.BlobStore;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SDK's front door: the ports, built from configuration, each already behind its providers'
 * resilience policies and a failover composite.
 *
 * <pre>{@code
 * try (Switchboard switchboard = Switchboard.fromConfig(SwitchboardConfig.load())) {
 *   PaymentGateway payments = switchboard.payments(); // primary, then backup
 *   payments.charge(request);
 *   switchboard.health(); // breaker state, last error and quota of every provider
 * }
 * }</pre>
 *
 * <p>For each configured port, the providers of {@code switchboard.<port>.providers} are built by
 * the factories on the classpath (found with {@link java.util.ServiceLoader}), each gets a {@link
 * ResiliencePolicy} from its own {@code retry.*}, {@code breaker.*}, ... keys, and the port is a
 * {@link FailoverPaymentGateway}, {@link FailoverEmailSender} or {@link FailoverBlobStore} over
 * them in the configured order, even when there is only one provider. Every configuration problem
 * of every port is reported at once in one {@link ConfigurationException}.
 *
 * <p>Dagger assembles the facade from code generated at compile time; applications that do not use
 * Dagger write and see none of it. Applications wired with Dagger install {@link
 * dev.switchboard.inject.SwitchboardModule} to inject the ports.
 *
 * <p>Thread-safe. {@link #close()} stops the policies' worker threads.
 */
public final class Switchboard implements AutoCloseable {
  private final FailoverPaymentGateway payments;
  private final FailoverEmailSender email;
  private final FailoverBlobStore storage;
  private final Map<Port, List<ResiliencePolicy>> policies;

  private Switchboard(
      FailoverPaymentGateway payments,
      FailoverEmailSender email,
      FailoverBlobStore storage,
      Map<Port, List<ResiliencePolicy>> policies) {
    this.payments = payments;
    this.email = email;
    this.storage = storage;
    this.policies = policies;
  }

  /**
   * The ports the configuration describes, with the provider factories on the context class loader.
   *
   * @throws ConfigurationException listing every problem in the configuration
   */
  public static Switchboard fromConfig(SwitchboardConfig config) {
    return fromConfig(config, ProviderRegistry.discover());
  }

  /**
   * The ports the configuration describes, with the given provider factories.
   *
   * @throws ConfigurationException listing every problem in the configuration
   */
  public static Switchboard fromConfig(SwitchboardConfig config, ProviderRegistry registry) {
    require("config", config);
    require("registry", registry);
    return DaggerSwitchboard_Graph.factory().create(config, registry).switchboard();
  }

  /**
   * The facade's graph, which Dagger generates at compile time from {@link FacadeModule}'s steps:
   * configuration, configured providers, their policies, the composites, then the facade. One graph
   * per {@link #fromConfig} call, so its singletons belong to one facade.
   */
  @Singleton
  @Component(modules = {FacadeModule.class, Graph.Assembly.class})
  interface Graph {
    Switchboard switchboard();

    @Component.Factory
    interface Factory {
      Graph create(
          @BindsInstance SwitchboardConfig config, @BindsInstance ProviderRegistry registry);
    }

    /** The last step lives here because only this class may call its constructor. */
    @Module
    final class Assembly {
      private Assembly() {}

      @Provides
      @Singleton
      static Switchboard switchboard(
          Optional<FailoverPaymentGateway> payments,
          Optional<FailoverEmailSender> email,
          Optional<FailoverBlobStore> storage,
          Map<Port, List<ResiliencePolicy>> policies) {
        return new Switchboard(
            payments.orElse(null), email.orElse(null), storage.orElse(null), policies);
      }
    }
  }

  private static void require(String field, Object value) {
    if (value == null) {
      throw InvalidRequestException.invalidField(field, field + " == null");
    }
  }

  /**
   * The payment gateway over {@code switchboard.payments.providers}.
   *
   * @throws ConfigurationException when no payments provider is configured
   */
  public PaymentGateway payments() {
    return configured(payments, Port.PAYMENTS);
  }

  /**
   * The email sender over {@code switchboard.email.providers}.
   *
   * @throws ConfigurationException when no email provider is configured
   */
  public EmailSender email() {
    return configured(email, Port.EMAIL);
  }

  /**
   * The blob store over {@code switchboard.storage.providers}.
   *
   * @throws ConfigurationException when no storage provider is configured
   */
  public BlobStore storage() {
    return configured(storage, Port.STORAGE);
  }

  private static <T> T configured(T port, Port which) {
    if (port == null) {
      throw new ConfigurationException(
          List.of(
              new ConfigProblem(
                  which.prefix() + "providers",
                  "not set",
                  "no " + which.key() + " provider is configured")));
    }
    return port;
  }

  /**
   * Each configured port's providers in priority order, with their breaker state, last error,
   * remaining vendor quota and retry budget. Keys are {@code payments}, {@code email} and {@code
   * storage}, for the ports that are configured.
   */
  public Map<String, List<ProviderHealth>> health() {
    Map<String, List<ProviderHealth>> health = new LinkedHashMap<>();
    policies.forEach(
        (port, list) ->
            health.put(port.key(), list.stream().map(ResiliencePolicy::health).toList()));
    return Collections.unmodifiableMap(health);
  }

  /**
   * Every provider's resilience policy, payments first, then email, then storage: bind metrics to
   * them ({@code switchboard.policies().forEach(metrics::bind)}) or listen to their events.
   */
  public List<ResiliencePolicy> policies() {
    return policies.values().stream().flatMap(List::stream).toList();
  }

  /** Tells {@code listener} about every provider switch and recovery, on every port. */
  public void addFailoverListener(FailoverListener listener) {
    require("listener", listener);
    if (payments != null) {
      payments.addListener(listener);
    }
    if (email != null) {
      email.addListener(listener);
    }
    if (storage != null) {
      storage.addListener(listener);
    }
  }

  /** Tells {@code listener} about every retry, breaker change, refusal and call, on every port. */
  public void addResilienceListener(ResilienceListener listener) {
    require("listener", listener);
    policies().forEach(p -> p.addListener(listener));
  }

  /** Stops every policy's worker threads; the ports refuse calls afterwards. */
  @Override
  public void close() {
    policies().forEach(ResiliencePolicy::close);
  }

  @Override
  public String toString() {
    return "Switchboard{payments="
        + (payments == null ? "-" : payments.providers())
        + ", email="
        + (email == null ? "-" : email.providers())
        + ", storage="
        + (storage == null ? "-" : storage.providers())
        + "}";
  }
}
