/**
 * Configuration, secrets and provider discovery: how an application names its vendors in {@code
 * switchboard.properties}, environment variables or system properties, and how each vendor's
 * adapter is found with {@link java.util.ServiceLoader} and built from its settings.
 *
 * <p>{@link dev.switchboard.config.SwitchboardConfig} holds the merged properties; {@link
 * dev.switchboard.config.ProviderRegistry} finds the provider factories and turns a configuration
 * into ready ports; {@link dev.switchboard.config.Secret} is a rotatable credential that never
 * prints its value. Every problem found is collected, so one {@link
 * dev.switchboard.config.ConfigurationException} lists them all.
 *
 * <pre>{@code
 * ConfiguredPorts ports = ProviderRegistry.discover().configure(SwitchboardConfig.load());
 * PaymentsConfiguration payments = ports.payments().orElseThrow();
 * }</pre>
 */
package dev.switchboard.config;
