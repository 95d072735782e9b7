package dev.switchboard;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.Port;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.StateConfiguration;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.deferred.DeferredCalls;
import dev.switchboard.deferred.DeferredCallsFactory;
import dev.switchboard.email.EmailSender;
import dev.switchboard.http.HttpClients;
import dev.switchboard.internal.FacadeModule;
import dev.switchboard.internal.GivenHttpClients;
import dev.switchboard.internal.GivenStateStore;
import dev.switchboard.internal.StateMonitor;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.resilience.FailoverBlobStore;
import dev.switchboard.resilience.FailoverEmailSender;
import dev.switchboard.resilience.FailoverListener;
import dev.switchboard.resilience.FailoverPaymentGateway;
import dev.switchboard.resilience.ProviderHealth;
import dev.switchboard.resilience.ResilienceListener;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.state.StateHealth;
import dev.switchboard.state.StateListener;
import dev.switchboard.state.StateStore;
import dev.switchboard.storage.BlobStore;
import dev.switchboard.telemetry.SwitchboardTracing;
import dev.switchboard.webhooks.ReplayGuard;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger log = LoggerFactory.getLogger(Switchboard.class);

  private final FailoverPaymentGateway payments;
  private final FailoverEmailSender email;
  private final FailoverBlobStore storage;
  private final Map<Port, List<ResiliencePolicy>> policies;
  private final StateConfiguration state;
  private final StateMonitor monitor;
  private final SwitchboardConfig config;
  private final HttpClients httpClients;
  private final Object deferredLock = new Object();
  private final SwitchboardAsync async =
      new SwitchboardAsync(
          () -> payments().async(), () -> email().async(), () -> storage().async());
  private DeferredCalls deferred;
  // The ports as callers get them: the composites, or traced views of them (see Builder.tracing).
  private volatile PaymentGateway paymentsPort;
  private volatile EmailSender emailPort;
  private volatile BlobStore storagePort;

  private Switchboard(
      FailoverPaymentGateway payments,
      FailoverEmailSender email,
      FailoverBlobStore storage,
      Map<Port, List<ResiliencePolicy>> policies,
      StateConfiguration state,
      StateMonitor monitor,
      SwitchboardConfig config,
      HttpClients httpClients) {
    this.payments = payments;
    this.email = email;
    this.storage = storage;
    this.policies = policies;
    this.state = state;
    this.monitor = monitor;
    this.config = config;
    this.httpClients = httpClients != null ? httpClients : HttpClients.shared();
    this.paymentsPort = payments;
    this.emailPort = email;
    this.storagePort = storage;
    if (payments != null && payments.providers().size() > 1 && !state.store().shared()) {
      log.warn(
          "the key ledger is in this process's memory: a payment whose outcome is unknown here"
              + " can be charged again at {} by another instance of the application or after a"
              + " restart; set switchboard.state.store to jdbc or redis so that every instance"
              + " shares it",
          payments.providers().subList(1, payments.providers().size()));
    }
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
    return builder(config).registry(registry).build();
  }

  /**
   * A builder for a facade that takes more than configuration: its own provider factories, or the
   * application's own state store.
   *
   * <pre>{@code
   * Switchboard switchboard = Switchboard.builder(SwitchboardConfig.load())
   *     .stateStore(JdbcStateStore.builder().dataSource(appDataSource).build())
   *     .build();
   * }</pre>
   *
   * @throws NullPointerException if the configuration is null
   */
  public static Builder builder(SwitchboardConfig config) {
    require("config", config);
    return new Builder(config);
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
          @BindsInstance SwitchboardConfig config,
          @BindsInstance ProviderRegistry registry,
          @BindsInstance GivenStateStore stateStore,
          @BindsInstance GivenHttpClients httpClients);
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
          Map<Port, List<ResiliencePolicy>> policies,
          StateConfiguration state,
          StateMonitor monitor,
          SwitchboardConfig config,
          GivenHttpClients httpClients) {
        return new Switchboard(
            payments.orElse(null),
            email.orElse(null),
            storage.orElse(null),
            policies,
            state,
            monitor,
            config,
            httpClients.clients());
      }
    }
  }

  private static void require(String field, Object value) {
    if (value == null) {
      throw new NullPointerException(field + " == null");
    }
  }

  /**
   * The payment gateway over {@code switchboard.payments.providers}.
   *
   * @throws ConfigurationException when no payments provider is configured
   */
  public PaymentGateway payments() {
    return configured(paymentsPort, Port.PAYMENTS);
  }

  /**
   * The email sender over {@code switchboard.email.providers}.
   *
   * @throws ConfigurationException when no email provider is configured
   */
  public EmailSender email() {
    return configured(emailPort, Port.EMAIL);
  }

  /**
   * The blob store over {@code switchboard.storage.providers}.
   *
   * @throws ConfigurationException when no storage provider is configured
   */
  public BlobStore storage() {
    return configured(storagePort, Port.STORAGE);
  }

  /**
   * The same ports in their non-blocking form, returning {@code CompletableFuture}s: see {@link
   * SwitchboardAsync}.
   */
  public SwitchboardAsync async() {
    return async;
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
   * The deferred calls: a durable queue that finishes a charge, an email or a put when the vendor
   * can take it, over these ports. Built on first use from {@code switchboard.deferred.*} by the
   * {@link DeferredCallsFactory} on the classpath (the {@code deferred} module), and closed with
   * the facade.
   *
   * @throws ConfigurationException when no such module is on the classpath, {@code
   *     switchboard.deferred.enabled} is {@code false}, or a {@code switchboard.deferred.*} key is
   *     wrong
   */
  public DeferredCalls deferred() {
    synchronized (deferredLock) {
      if (deferred == null) {
        DeferredCallsFactory factory =
            ServiceLoader.load(DeferredCallsFactory.class, Switchboard.class.getClassLoader())
                .findFirst()
                .orElseThrow(
                    () ->
                        new ConfigurationException(
                            List.of(
                                new ConfigProblem(
                                    "switchboard.deferred.enabled",
                                    "not available",
                                    "no deferred-calls module is on the classpath"))));
        deferred = factory.create(this, config);
      }
      return deferred;
    }
  }

  /**
   * The HTTP clients every provider of this facade derives its client from: the application's own
   * ({@link Builder#httpClient}), with tracing's interceptor when {@link Builder#tracing} is on,
   * else {@link HttpClients#shared()}. Hand them to other parts that call vendors, such as the
   * webhook verifiers ({@code WebhookVerifiers.create(config, provider, guards, clients)}), so they
   * go through the same proxy, trust and pool.
   */
  public HttpClients httpClients() {
    return httpClients;
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

  /**
   * A replay guard for one kind of webhook delivery, over the state store: with a shared store
   * ({@code jdbc}, {@code redis}) a delivery accepted by one instance is a replay for every other.
   * Hand it to a verifier's builder.
   *
   * <pre>{@code
   * WebhookVerifier verifier = AcmeWebhookVerifier.builder()
   *     .secret(...)
   *     .replayGuard(switchboard.replayGuard("acme-webhooks"))
   *     .build();
   * }</pre>
   *
   * @param namespace names the deliveries, so that two vendors' ids never collide
   * @throws InvalidRequestException if the namespace is blank
   */
  public ReplayGuard replayGuard(String namespace) {
    return state.store().replayGuard(namespace);
  }

  /** The state store: the key ledger, replay guards and shared rate state. */
  public StateStore stateStore() {
    return state.store();
  }

  /** The state store's health: its name, whether its last call worked, and what it counted. */
  public StateHealth stateHealth() {
    return monitor.health();
  }

  /** Tells {@code listener} about every key claimed, repeat refused and call to the store. */
  public void addStateListener(StateListener listener) {
    require("listener", listener);
    monitor.addListener(listener);
  }

  /**
   * Stops every policy's worker threads, writes the ledger records still waiting to be written
   * (with {@code switchboard.state.ledger.settle-in-background}), and closes the state store unless
   * the application handed it in; the ports refuse calls afterwards.
   */
  @Override
  public void close() {
    synchronized (deferredLock) {
      if (deferred != null) {
        deferred.close();
      }
    }
    policies().forEach(ResiliencePolicy::close);
    monitor.close();
    if (state.ownedByConfiguration()) {
      state.store().close();
    }
  }

  /**
   * Builds a {@link Switchboard}; {@link Switchboard#builder} starts one. Defaults: the provider
   * factories on the context class loader, and the state store {@code switchboard.state.store}
   * names.
   */
  public static final class Builder {
    private final SwitchboardConfig config;
    private ProviderRegistry registry;
    private StateStore stateStore;
    private HttpClients httpClients;
    private SwitchboardTracing tracing;

    private Builder(SwitchboardConfig config) {
      this.config = config;
    }

    /**
     * The provider and state store factories to build from.
     *
     * @throws NullPointerException if the registry is null
     */
    public Builder registry(ProviderRegistry registry) {
      require("registry", registry);
      this.registry = registry;
      return this;
    }

    /**
     * The application's own state store, used instead of {@code switchboard.state.store}; the
     * facade never closes it. The {@code switchboard.state.*} retentions still apply to what the
     * facade builds on it.
     *
     * @throws NullPointerException if the store is null
     */
    public Builder stateStore(StateStore store) {
      require("stateStore", store);
      this.stateStore = store;
      return this;
    }

    /**
     * The application's own OkHttp client, to derive every provider's client from: its proxy, SSL
     * socket factory and trust manager, certificate pinner, dispatcher, connection pool,
     * interceptors and event listeners are kept; Switchboard still turns off OkHttp's silent
     * retries and redirects, sets its own timeouts (which each provider's {@code *-timeout} keys
     * may override) and adds its own interceptors and event listener after the client's. See {@link
     * HttpClients} for the details. Without it, providers use {@link HttpClients#shared()}.
     *
     * <pre>{@code
     * Switchboard switchboard = Switchboard.builder(SwitchboardConfig.load())
     *     .httpClient(corporateOkHttpClient)
     *     .build();
     * }</pre>
     *
     * @throws NullPointerException if the client is null
     */
    public Builder httpClient(OkHttpClient client) {
      require("httpClient", client);
      return httpClients(HttpClients.builder().baseClient(client).build());
    }

    /**
     * The HTTP clients every provider built from configuration derives its client from, such as
     * {@code HttpClients.builder().baseClient(client).readTimeout(...).build()}; the provider
     * factories read them from {@link dev.switchboard.config.ProviderContext#httpClients()}.
     *
     * @throws NullPointerException if the clients are null
     */
    public Builder httpClients(HttpClients clients) {
      require("httpClients", clients);
      this.httpClients = clients;
      return this;
    }

    /**
     * Traces every port call and every HTTP attempt with OpenTelemetry (span names and attributes
     * in {@link SwitchboardTracing}); the vendors get the trace context in their requests ({@code
     * traceparent}). Off by default; OpenTelemetry's API jar is needed only when this is called.
     *
     * <pre>{@code
     * Switchboard switchboard = Switchboard.builder(SwitchboardConfig.load())
     *     .tracing(SwitchboardTracing.create(openTelemetry))
     *     .build();
     * }</pre>
     *
     * @throws NullPointerException if the tracing is null
     */
    public Builder tracing(SwitchboardTracing tracing) {
      require("tracing", tracing);
      this.tracing = tracing;
      return this;
    }

    /**
     * The facade.
     *
     * @throws ConfigurationException listing every problem in the configuration
     */
    public Switchboard build() {
      ProviderRegistry factories = registry != null ? registry : ProviderRegistry.discover();
      HttpClients clients = httpClients;
      if (tracing != null) {
        clients = tracing.httpClients(clients != null ? clients : HttpClients.shared());
      }
      Switchboard switchboard;
      try {
        switchboard =
            DaggerSwitchboard_Graph.factory()
                .create(
                    config,
                    factories,
                    new GivenStateStore(stateStore),
                    new GivenHttpClients(clients))
                .switchboard();
      } catch (ConfigurationException e) {
        throw withoutWiringFrames(e);
      }
      if (tracing != null) {
        traced(switchboard, tracing);
      }
      return switchboard;
    }

    /** The ports' traced views, and the listener that adds retries and failovers to the spans. */
    private static void traced(Switchboard switchboard, SwitchboardTracing tracing) {
      if (switchboard.payments != null) {
        switchboard.paymentsPort = tracing.payments(switchboard.payments);
      }
      if (switchboard.email != null) {
        switchboard.emailPort = tracing.email(switchboard.email);
      }
      if (switchboard.storage != null) {
        switchboard.storagePort = tracing.storage(switchboard.storage);
      }
      switchboard.addResilienceListener(tracing.listener());
      switchboard.addFailoverListener(tracing.listener());
    }

    /**
     * {@code e} without the stack frames of the dependency-injection graph that built the facade
     * (Dagger's generated factories and components): they say nothing about what to fix, which the
     * message already does, and would bury the application's own frames.
     */
    private static ConfigurationException withoutWiringFrames(ConfigurationException e) {
      e.setStackTrace(
          java.util.Arrays.stream(e.getStackTrace())
              .filter(f -> !isWiring(f.getClassName()))
              .toArray(StackTraceElement[]::new));
      return e;
    }

    private static boolean isWiring(String className) {
      String simple = className.substring(className.lastIndexOf('.') + 1);
      return className.startsWith("dagger.")
          || simple.startsWith("Dagger")
          || simple.contains("_Factory")
          || simple.contains("_Provide")
          || className.startsWith("dev.switchboard.inject.");
    }
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
