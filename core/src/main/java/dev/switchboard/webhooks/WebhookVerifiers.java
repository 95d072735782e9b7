package dev.switchboard.webhooks;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.Redaction;
import dev.switchboard.SwitchboardException;
import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.ConfigReader;
import dev.switchboard.config.ConfigurationException;
import dev.switchboard.config.SwitchboardConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds webhook verifiers from configuration, with the {@link WebhookVerifierFactory factories}
 * that adapter jars register with {@link ServiceLoader}.
 *
 * <pre>
 * switchboard.webhooks.providers=acme-pay,mail        # optional: the providers a receiver serves
 * switchboard.webhooks.acme-pay.secret=${env:ACME_PAY_WEBHOOK_SECRET}
 * switchboard.webhooks.mail.type=acme-mail            # default: the provider's own name
 * switchboard.webhooks.mail.secret=${env:ACME_MAIL_WEBHOOK_KEY}
 * </pre>
 *
 * <pre>{@code
 * Map<String, WebhookVerifier> verifiers = new HashMap<>();
 * for (String provider : WebhookVerifiers.providers(config)) {
 *   verifiers.put(provider, WebhookVerifiers.create(config, provider, switchboard::replayGuard));
 * }
 * }</pre>
 *
 * <p>The factory is the one named by {@code switchboard.webhooks.<provider>.type}, or by the
 * provider's own name when that key is not set. The keys each factory reads are under {@code
 * switchboard.webhooks.<provider>.} and listed in the adapter's README. Factories are looked up on
 * the context class loader, or else on this class's.
 */
public final class WebhookVerifiers {
  /** The key listing the providers a receiver serves: {@code switchboard.webhooks.providers}. */
  public static final String PROVIDERS = WebhookVerifierContext.PREFIX + "providers";

  private WebhookVerifiers() {}

  /**
   * Builds the verifier of {@code provider} with replay guards in this process's memory: enough for
   * one instance; several instances behind a load balancer use {@link #create(SwitchboardConfig,
   * String, Function)} with a shared store.
   *
   * @throws ConfigurationException listing every problem
   */
  public static WebhookVerifier create(SwitchboardConfig config, String provider) {
    return create(config, provider, null);
  }

  /**
   * Builds the verifier of {@code provider}, whose replay guards come from {@code guards} (such as
   * {@code switchboard::replayGuard}), or from memory when it is null.
   *
   * @throws ConfigurationException listing every problem: an unknown {@code type} (naming the known
   *     ones), a required key not set, a bad value, each under its full key
   * @throws NullPointerException if {@code config} is null
   * @throws InvalidRequestException if {@code provider} is not a name
   */
  public static WebhookVerifier create(
      SwitchboardConfig config, String provider, Function<String, ReplayGuard> guards) {
    return create(config, provider, guards, null);
  }

  /**
   * {@link #create(SwitchboardConfig, String, Function)} for a verifier whose calls to its vendor
   * (such as signing-certificate downloads or a verification API) go through {@code httpClients},
   * such as {@code switchboard.httpClients()}: the application's proxy, trust and pool. Null for
   * {@link dev.switchboard.http.HttpClients#shared()}.
   *
   * @throws ConfigurationException listing every problem
   * @throws NullPointerException if {@code config} is null
   * @throws InvalidRequestException if {@code provider} is not a name
   */
  public static WebhookVerifier create(
      SwitchboardConfig config,
      String provider,
      Function<String, ReplayGuard> guards,
      dev.switchboard.http.HttpClients httpClients) {
    WebhookVerifierContext context =
        WebhookVerifierContext.create(config, provider, guards, httpClients);
    Discovery found = discover();
    String factoryName = context.optionalString("type").orElse(provider);
    WebhookVerifierFactory factory = found.factories().get(factoryName);
    if (found.twice().containsKey(factoryName)) {
      context.problem("type", found.twice().get(factoryName));
      context.throwIfProblems();
    }
    if (factory == null) {
      found.broken().forEach(problem -> context.problem("type", problem));
      context.problem(
          "type",
          "unknown webhook verifier "
              + Redaction.describe(factoryName)
              + "; known: "
              + (found.factories().isEmpty()
                  ? "none (no webhook verifier factory is on the classpath)"
                  : String.join(", ", found.factories().keySet())));
      context.throwIfProblems();
    }
    WebhookVerifier verifier = build(factory, context);
    context.throwIfProblems();
    if (verifier == null) {
      context.problem("type", factory.getClass().getName() + " built nothing (null)");
      context.throwIfProblems();
    }
    return verifier;
  }

  private static WebhookVerifier build(
      WebhookVerifierFactory factory, WebhookVerifierContext context) {
    try {
      return factory.create(context);
    } catch (InvalidRequestException e) {
      context.problem(e.field().orElse("type"), e.reason());
    } catch (ConfigurationException e) {
      // A verifier's builder names its own settings (client-secret); the user sets the full key.
      // A factory that threw its context's own problems has them recorded already.
      for (ConfigProblem problem : e.problems()) {
        if (!context.problems().contains(problem)) {
          String key = problem.key();
          context.problem(
              key.startsWith(context.prefix()) ? key.substring(context.prefix().length()) : key,
              problem.message());
        }
      }
    } catch (SwitchboardException e) {
      context.problem("type", e.reason());
    } catch (RuntimeException e) {
      // The message of an arbitrary exception may quote a credential, so only its type is shown.
      context.problem(
          "type", factory.getClass().getName() + " failed with " + e.getClass().getName());
    }
    return null;
  }

  /**
   * The providers listed in {@code switchboard.webhooks.providers}, a comma-separated list, in
   * order; empty when it is not set.
   *
   * @throws ConfigurationException if a name is not lower-case letters, digits and {@code -}, or is
   *     listed twice
   */
  public static List<String> providers(SwitchboardConfig config) {
    ConfigReader read = ConfigReader.of(config);
    List<String> names = new ArrayList<>();
    for (String name : read.list(PROVIDERS)) {
      if (!WebhookVerifierContext.isValidName(name)) {
        read.problem(
            PROVIDERS,
            Redaction.describe(name)
                + " is not a provider name: lower-case letters, digits and '-', starting with a"
                + " letter or digit");
      } else if (names.contains(name)) {
        read.problem(PROVIDERS, "names provider " + Redaction.describe(name) + " twice");
      } else {
        names.add(name);
      }
    }
    read.throwIfProblems();
    return List.copyOf(names);
  }

  /**
   * The factories found, by name; the names registered by two classes, with what to say about them;
   * and the entries that could not be loaded. A broken or doubled jar only matters when its name is
   * asked for.
   */
  private record Discovery(
      Map<String, WebhookVerifierFactory> factories,
      Map<String, String> twice,
      List<String> broken) {}

  private static Discovery discover() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Iterator<WebhookVerifierFactory> found =
        ServiceLoader.load(
                WebhookVerifierFactory.class,
                loader != null ? loader : WebhookVerifiers.class.getClassLoader())
            .iterator();
    Map<String, WebhookVerifierFactory> factories = new TreeMap<>();
    Map<String, String> twice = new TreeMap<>();
    List<String> broken = new ArrayList<>();
    while (true) {
      WebhookVerifierFactory factory;
      try {
        if (!found.hasNext()) {
          return new Discovery(factories, twice, broken);
        }
        factory = found.next();
      } catch (ServiceConfigurationError e) {
        broken.add("a webhook verifier factory cannot be loaded: " + e.getMessage());
        continue;
      }
      String name = factory.name();
      WebhookVerifierFactory earlier = factories.get(name);
      if (!WebhookVerifierContext.isValidName(name)) {
        broken.add(factory.getClass().getName() + " has an invalid name: " + name);
      } else if (earlier != null && earlier.getClass() != factory.getClass()) {
        twice.put(
            name,
            "webhook verifier '"
                + name
                + "' is registered twice, by "
                + earlier.getClass().getName()
                + " and "
                + factory.getClass().getName()
                + "; remove one of the jars");
      } else {
        factories.put(name, factory);
      }
    }
  }
}
