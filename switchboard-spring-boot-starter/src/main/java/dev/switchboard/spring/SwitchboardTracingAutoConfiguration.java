package dev.switchboard.spring;

import dev.switchboard.Switchboard;
import dev.switchboard.telemetry.SwitchboardTracing;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Traces Switchboard with the application's {@link OpenTelemetry} bean, when it has one (as the
 * OpenTelemetry Spring Boot starter or Micrometer's OpenTelemetry bridge provide): a span per port
 * call, a span per HTTP attempt and {@code traceparent} sent to the vendors (see {@link
 * SwitchboardTracing}). Present when OpenTelemetry's API is on the class path; without an {@code
 * OpenTelemetry} bean it changes nothing.
 */
@AutoConfiguration(before = SwitchboardAutoConfiguration.class)
@ConditionalOnClass({Switchboard.class, OpenTelemetry.class})
public class SwitchboardTracingAutoConfiguration {
  /** Created by Spring. */
  public SwitchboardTracingAutoConfiguration() {}

  /** Turns tracing on in the builder when an {@link OpenTelemetry} bean exists. */
  @Bean
  public SwitchboardCustomizer switchboardTracingCustomizer(ObjectProvider<OpenTelemetry> otel) {
    return builder ->
        otel.ifAvailable(
            openTelemetry -> builder.tracing(SwitchboardTracing.create(openTelemetry)));
  }
}
