package dev.switchboard.spring;

import dev.switchboard.config.Port;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition behind {@link ConditionalOnSwitchboardPort}. */
class OnSwitchboardPortCondition extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    Map<String, Object> attributes =
        metadata.getAnnotationAttributes(ConditionalOnSwitchboardPort.class.getName());
    Port port = (Port) attributes.get("value");
    return providersSet(context, port.prefix() + "providers");
  }

  static ConditionOutcome providersSet(ConditionContext context, String key) {
    List<String> providers =
        Binder.get(context.getEnvironment())
            .bind(key, Bindable.listOf(String.class))
            .orElse(List.of());
    return providers.stream().anyMatch(p -> !p.isBlank())
        ? ConditionOutcome.match(key + " is set")
        : ConditionOutcome.noMatch(key + " is not set");
  }
}
