package dev.switchboard.internal;

import dev.switchboard.ErrorContext;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.config.BlobStoreFactory;
import dev.switchboard.config.EmailSenderFactory;
import dev.switchboard.config.PaymentGatewayFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.ProviderRegistry;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.storage.BlobStore;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Provider factories named {@code stub} for each port, registered programmatically. Each stub is
 * named after its configured provider, supports every charge, and is down: every other call throws
 * {@link ProviderUnavailableException}, so a test can see which provider a call reached.
 */
public final class StubProviders {
  private StubProviders() {}

  /** A registry with the three {@code stub} factories and nothing discovered. */
  public static ProviderRegistry registry() {
    return builder().build();
  }

  /** A registry builder with the three {@code stub} factories, to add more to. */
  public static ProviderRegistry.Builder builder() {
    return ProviderRegistry.builder()
        .add(
            new PaymentGatewayFactory() {
              @Override
              public String name() {
                return "stub";
              }

              @Override
              public PaymentGateway create(ProviderContext context) {
                return stub(PaymentGateway.class, context.provider());
              }
            })
        .add(
            new EmailSenderFactory() {
              @Override
              public String name() {
                return "stub";
              }

              @Override
              public EmailSender create(ProviderContext context) {
                return stub(EmailSender.class, context.provider());
              }
            })
        .add(
            new BlobStoreFactory() {
              @Override
              public String name() {
                return "stub";
              }

              @Override
              public BlobStore create(ProviderContext context) {
                return stub(BlobStore.class, context.provider());
              }
            });
  }

  /** A configuration from {@code key=value} lines, as a properties file would hold them. */
  public static SwitchboardConfig config(String properties) {
    Map<String, String> values = new LinkedHashMap<>();
    properties
        .lines()
        .filter(line -> !line.isBlank())
        .forEach(
            line ->
                values.put(
                    line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
    return SwitchboardConfig.builder().putAll(values).build();
  }

  private static <T> T stub(Class<T> port, String name) {
    return port.cast(
        Proxy.newProxyInstance(
            port.getClassLoader(),
            new Class<?>[] {port},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "provider" -> name;
                  case "supports" -> true;
                  // Within every limit, as a provider without declared limits is.
                  case "check" -> Optional.empty();
                  // Names no health probe: its breaker's trial is a real call.
                  case "healthProbe" -> Optional.empty();
                  case "toString" -> "stub:" + name;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default ->
                      throw new ProviderUnavailableException(
                          name + " is a stub that is down",
                          ErrorContext.builder()
                              .provider(name)
                              .operation(method.getName())
                              .build());
                }));
  }
}
