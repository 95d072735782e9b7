package dev.switchboard.config;

/**
 * Builds one vendor's implementation of a port from its configuration. Implement one of {@link
 * PaymentGatewayFactory}, {@link EmailSenderFactory} or {@link BlobStoreFactory} and list the class
 * in the matching {@code META-INF/services} file; the factory needs a public no-argument
 * constructor.
 *
 * @param <T> the port
 */
public interface ProviderFactory<T> {
  /**
   * The provider's name in configuration, lower-case letters, digits and {@code -}: the {@code
   * acme-pay} in {@code switchboard.payments.providers=acme-pay}.
   */
  String name();

  /**
   * Builds the port. Read every setting through {@code context}, which records each bad value;
   * return an instance even then (it is discarded), so that every problem is found in one pass.
   */
  T create(ProviderContext context);

  /**
   * The provider's own keys, relative to {@code switchboard.<port>.<provider>.}, besides the ones
   * every provider has ({@link CoreKeys#provider(Port)}: {@code type} and the resilience keys).
   * Declared keys are the only ones the unknown-key check accepts under the provider's prefix, and
   * the only ones the factory may read. The default, {@link ConfigKeys#undeclared()}, leaves the
   * provider's keys unchecked.
   */
  default ConfigKeys keys() {
    return ConfigKeys.undeclared();
  }
}
