package dev.switchboard.spring;

import dev.switchboard.Switchboard;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.webhooks.http.WebhookEndpoint;
import dev.switchboard.webhooks.inbox.WebhookInbox;
import dev.switchboard.webhooks.inbox.WebhookInboxFactory;
import dev.switchboard.webhooks.servlet.WebhookServlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The webhook receiver, when the {@code webhooks} module is on the class path, the application is a
 * servlet web application and {@code switchboard.webhooks.providers} is set: the {@link
 * WebhookInbox} from {@code switchboard.webhooks.*} (with every {@link WebhookInboxCustomizer}
 * applied, and closed with the context), its {@link WebhookEndpoint}, and a {@link WebhookServlet}
 * registered at {@code switchboard.webhooks.path-prefix} (default {@code /webhooks}) followed by
 * {@code /*}.
 */
@AutoConfiguration(after = SwitchboardAutoConfiguration.class)
@ConditionalOnClass({WebhookServlet.class, ServletRegistrationBean.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(Switchboard.class)
@Conditional(SwitchboardWebhooksAutoConfiguration.OnWebhookProviders.class)
public class SwitchboardWebhooksAutoConfiguration {
  /** Created by Spring. */
  public SwitchboardWebhooksAutoConfiguration() {}

  /** The inbox, closed when the context closes. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public WebhookInbox switchboardWebhookInbox(
      Switchboard switchboard,
      SwitchboardConfig config,
      ObjectProvider<WebhookInboxCustomizer> customizers) {
    WebhookInbox.Builder builder = WebhookInboxFactory.configure(switchboard, config);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /** The endpoint over the inbox, from {@code path-prefix} and {@code max-body-bytes}. */
  @Bean
  @ConditionalOnMissingBean
  public WebhookEndpoint switchboardWebhookEndpoint(WebhookInbox inbox, SwitchboardConfig config) {
    return WebhookEndpoint.configure(inbox, config).build();
  }

  /** The servlet, at the endpoint's path prefix. */
  @Bean
  @ConditionalOnMissingBean(name = "switchboardWebhookServlet")
  public ServletRegistrationBean<WebhookServlet> switchboardWebhookServlet(
      WebhookEndpoint endpoint) {
    ServletRegistrationBean<WebhookServlet> registration =
        new ServletRegistrationBean<>(new WebhookServlet(endpoint), endpoint.pathPrefix() + "/*");
    registration.setName("switchboardWebhookServlet");
    return registration;
  }

  /** Matches when {@code switchboard.webhooks.providers} names a provider. */
  static final class OnWebhookProviders extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return OnSwitchboardPortCondition.providersSet(context, "switchboard.webhooks.providers");
    }
  }
}
