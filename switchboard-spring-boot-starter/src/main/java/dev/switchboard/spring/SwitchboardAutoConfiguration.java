package dev.switchboard.spring;

import dev.switchboard.Switchboard;
import dev.switchboard.config.Port;
import dev.switchboard.config.SecretSource;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.AsyncPaymentGateway;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.storage.AsyncBlobStore;
import dev.switchboard.storage.BlobStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Builds {@link Switchboard} from Spring's environment (see {@link SpringEnvironmentConfig}) and
 * exposes the configured ports as beans. Every bean backs off when the application defines its own.
 *
 * <ul>
 *   <li>{@link SwitchboardConfig}: the {@code switchboard.*} keys, with every {@link SecretSource}
 *       bean as an extra secret scheme;
 *   <li>{@link Switchboard}, closed with the context, built after every {@link
 *       SwitchboardCustomizer} bean has changed its builder;
 *   <li>{@link PaymentGateway}, {@link EmailSender}, {@link BlobStore}: each only when its port's
 *       {@code switchboard.<port>.providers} is set.
 * </ul>
 *
 * <p>A bad key fails the context's start with Switchboard's {@link
 * dev.switchboard.config.ConfigurationException}, which names every wrong key and where its value
 * came from.
 */
@AutoConfiguration
@ConditionalOnClass(Switchboard.class)
public class SwitchboardAutoConfiguration {
  /** Created by Spring. */
  public SwitchboardAutoConfiguration() {}

  /** The {@code switchboard.*} keys of the environment, with the application's secret sources. */
  @Bean
  @ConditionalOnMissingBean
  public SwitchboardConfig switchboardConfig(
      ConfigurableEnvironment environment, ObjectProvider<SecretSource> secretSources) {
    return SpringEnvironmentConfig.builder(environment, secretSources.orderedStream().toList())
        .build();
  }

  /**
   * The facade, closed when the context closes, after every {@link SwitchboardCustomizer} bean has
   * changed its builder.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Switchboard switchboard(
      SwitchboardConfig config, ObjectProvider<SwitchboardCustomizer> customizers) {
    Switchboard.Builder builder = Switchboard.builder(config);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /** The payment gateway, when {@code switchboard.payments.providers} is set. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSwitchboardPort(Port.PAYMENTS)
  public PaymentGateway switchboardPaymentGateway(Switchboard switchboard) {
    return switchboard.payments();
  }

  /** The email sender, when {@code switchboard.email.providers} is set. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSwitchboardPort(Port.EMAIL)
  public EmailSender switchboardEmailSender(Switchboard switchboard) {
    return switchboard.email();
  }

  /** The blob store, when {@code switchboard.storage.providers} is set. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSwitchboardPort(Port.STORAGE)
  public BlobStore switchboardBlobStore(Switchboard switchboard) {
    return switchboard.storage();
  }

  /**
   * The payment gateway's non-blocking form, when {@code switchboard.payments.providers} is set.
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSwitchboardPort(Port.PAYMENTS)
  public AsyncPaymentGateway switchboardAsyncPaymentGateway(Switchboard switchboard) {
    return switchboard.async().payments();
  }

  /** The email sender's non-blocking form, when {@code switchboard.email.providers} is set. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSwitchboardPort(Port.EMAIL)
  public AsyncEmailSender switchboardAsyncEmailSender(Switchboard switchboard) {
    return switchboard.async().email();
  }

  /** The blob store's non-blocking form, when {@code switchboard.storage.providers} is set. */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnSwitchboardPort(Port.STORAGE)
  public AsyncBlobStore switchboardAsyncBlobStore(Switchboard switchboard) {
    return switchboard.async().storage();
  }
}
