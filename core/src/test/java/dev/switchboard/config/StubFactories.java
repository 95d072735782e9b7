package dev.switchboard.config;

import dev.switchboard.email.EmailSender;
import dev.switchboard.payments.PaymentGateway;
import dev.switchboard.storage.BlobStore;
import java.lang.reflect.Proxy;
import java.util.function.Function;

/** Factories whose ports are proxies that only answer {@code toString}. */
final class StubFactories {
  private StubFactories() {}

  static <T> T stub(Class<T> port, String name) {
    return port.cast(
        Proxy.newProxyInstance(
            port.getClassLoader(),
            new Class<?>[] {port},
            (proxy, method, args) -> {
              if (method.getName().equals("toString")) {
                return "stub:" + name;
              }
              throw new UnsupportedOperationException(method.getName());
            }));
  }

  static PaymentGatewayFactory payments(String name) {
    return payments(name, context -> stub(PaymentGateway.class, name));
  }

  static PaymentGatewayFactory payments(
      String name, Function<ProviderContext, PaymentGateway> create) {
    return new PaymentGatewayFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public PaymentGateway create(ProviderContext context) {
        return create.apply(context);
      }
    };
  }

  static EmailSenderFactory email(String name) {
    return new EmailSenderFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public EmailSender create(ProviderContext context) {
        return stub(EmailSender.class, name);
      }
    };
  }

  static BlobStoreFactory storage(String name) {
    return new BlobStoreFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public BlobStore create(ProviderContext context) {
        return stub(BlobStore.class, name);
      }
    };
  }
}
