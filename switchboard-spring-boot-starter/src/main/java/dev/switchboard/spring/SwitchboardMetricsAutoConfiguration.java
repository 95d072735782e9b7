package dev.switchboard.spring;

import dev.switchboard.Switchboard;
import dev.switchboard.telemetry.SwitchboardMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Switchboard's Micrometer meters: core's {@link SwitchboardMetrics}, a {@code MeterBinder} that
 * Spring Boot binds to the application's {@code MeterRegistry} when it has one (every provider's
 * policy, the failover composites and the state store). Present when Micrometer is on the class
 * path.
 */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@ConditionalOnClass({Switchboard.class, MeterBinder.class})
@ConditionalOnBean(Switchboard.class)
public class SwitchboardMetricsAutoConfiguration {
  /** Created by Spring. */
  public SwitchboardMetricsAutoConfiguration() {}

  /** The binder of Switchboard's meters. */
  @Bean
  @ConditionalOnMissingBean
  public SwitchboardMetrics switchboardMetrics(Switchboard switchboard) {
    return new SwitchboardMetrics(switchboard);
  }
}
