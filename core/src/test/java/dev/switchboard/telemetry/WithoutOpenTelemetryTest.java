package dev.switchboard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Core works with OpenTelemetry's API jar absent: a facade is built, a vendor client is made, and
 * nothing asks for an OpenTelemetry class until tracing is turned on.
 */
class WithoutOpenTelemetryTest {
  @Test
  void theFacadeAndTheHttpLayerNeedNoOpenTelemetryClass() throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    try (URLClassLoader loader = classPathWithoutOpenTelemetry()) {
      thread.setContextClassLoader(loader); // what ServiceLoader looks in
      assertThatThrownBy(() -> loader.loadClass("io.opentelemetry.api.OpenTelemetry"))
          .as("the jar is really absent")
          .isInstanceOf(ClassNotFoundException.class);

      Class<?> configType = loader.loadClass("dev.switchboard.config.SwitchboardConfig");
      Object config = configType.getMethod("fromMap", Map.class).invoke(null, Map.of());
      Class<?> facade = loader.loadClass("dev.switchboard.Switchboard");
      Object builder = facade.getMethod("builder", configType).invoke(null, config);
      Class<?> registryType = loader.loadClass("dev.switchboard.config.ProviderRegistry");
      Object registry = registryType.getMethod("builder").invoke(null);
      registry = registry.getClass().getMethod("build").invoke(registry);
      builder.getClass().getMethod("registry", registryType).invoke(builder, registry);
      Object switchboard = builder.getClass().getMethod("build").invoke(builder);
      ((AutoCloseable) switchboard).close();

      Class<?> http = loader.loadClass("dev.switchboard.http.VendorHttpConfig");
      Object httpBuilder = http.getMethod("builder").invoke(null);
      Method provider = httpBuilder.getClass().getMethod("provider", String.class);
      provider.invoke(httpBuilder, "acme");
      httpBuilder
          .getClass()
          .getMethod("baseUrl", String.class)
          .invoke(httpBuilder, "https://a.test/");
      Object httpConfig = httpBuilder.getClass().getMethod("build").invoke(httpBuilder);
      Class<?> clients = loader.loadClass("dev.switchboard.http.HttpClients");
      Object shared = clients.getMethod("shared").invoke(null);
      assertThat(clients.getMethod("forVendor", http).invoke(shared, httpConfig)).isNotNull();

      Class<?> tracing = loader.loadClass("dev.switchboard.telemetry.SwitchboardTracing");
      assertThatThrownBy(tracing::getMethods)
          .as("turning tracing on is what needs the jar")
          .isInstanceOf(NoClassDefFoundError.class);
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  /** This test's class path minus OpenTelemetry's jars, with no parent but the platform's. */
  private static URLClassLoader classPathWithoutOpenTelemetry() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("opentelemetry")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }
}
