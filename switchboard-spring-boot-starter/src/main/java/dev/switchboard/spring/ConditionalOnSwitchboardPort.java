package dev.switchboard.spring;

import dev.switchboard.config.Port;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code switchboard.<port>.providers} names at least one provider, in any form Spring
 * binds: a comma list, a YAML list, an environment variable such as {@code
 * SWITCHBOARD_PAYMENTS_PROVIDERS}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnSwitchboardPortCondition.class)
public @interface ConditionalOnSwitchboardPort {
  /** The port whose providers must be set. */
  Port value();
}
