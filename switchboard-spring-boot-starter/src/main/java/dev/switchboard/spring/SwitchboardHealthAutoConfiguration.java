package dev.switchboard.spring;

import dev.switchboard.Switchboard;
import dev.switchboard.config.Port;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * A {@link PortHealthIndicator} per configured port, shown by Actuator as {@code
 * switchboardPayments}, {@code switchboardEmail} and {@code switchboardStorage}. Present when
 * Spring Boot's health module is on the class path and {@code
 * management.health.switchboard.enabled} is not {@code false}; an application replaces one by
 * defining a bean of the same name.
 */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@ConditionalOnClass({Switchboard.class, HealthIndicator.class})
@ConditionalOnBean(Switchboard.class)
@ConditionalOnEnabledHealthIndicator("switchboard")
public class SwitchboardHealthAutoConfiguration {
  /** Created by Spring. */
  public SwitchboardHealthAutoConfiguration() {}

  /** The payment gateway's health, as {@code switchboardPayments}. */
  @Bean
  @ConditionalOnMissingBean(name = "switchboardPaymentsHealthIndicator")
  @ConditionalOnSwitchboardPort(Port.PAYMENTS)
  public HealthIndicator switchboardPaymentsHealthIndicator(Switchboard switchboard) {
    return new PortHealthIndicator(switchboard, Port.PAYMENTS);
  }

  /** The email sender's health, as {@code switchboardEmail}. */
  @Bean
  @ConditionalOnMissingBean(name = "switchboardEmailHealthIndicator")
  @ConditionalOnSwitchboardPort(Port.EMAIL)
  public HealthIndicator switchboardEmailHealthIndicator(Switchboard switchboard) {
    return new PortHealthIndicator(switchboard, Port.EMAIL);
  }

  /** The blob store's health, as {@code switchboardStorage}. */
  @Bean
  @ConditionalOnMissingBean(name = "switchboardStorageHealthIndicator")
  @ConditionalOnSwitchboardPort(Port.STORAGE)
  public HealthIndicator switchboardStorageHealthIndicator(Switchboard switchboard) {
    return new PortHealthIndicator(switchboard, Port.STORAGE);
  }
}
