package dev.switchboard.examples;

import dev.switchboard.testkit.LocalS3Server;
import dev.switchboard.testkit.simulator.MailgunSimulator;
import dev.switchboard.testkit.simulator.PayPalSimulator;
import dev.switchboard.testkit.simulator.SendGridSimulator;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every vendor the example's configuration names, running on 127.0.0.1: the testkit's Stripe,
 * PayPal, SendGrid and Mailgun simulators (stateful, speaking each vendor's real wire format) and
 * an in-process S3 server (the testkit's {@link LocalS3Server}). {@link #overrides()} points the
 * configuration at them and {@link #environment()} holds their fake keys, which the configuration's
 * {@code ${env:...}} references read.
 */
final class LocalVendors implements AutoCloseable {
  static final String PAYPAL_CLIENT_ID = "switchboard-example";
  static final String PAYPAL_CLIENT_SECRET = "fake-paypal-client-secret";
  static final String BUCKET = "receipts";

  final StripeSimulator stripe;
  final PayPalSimulator paypal;
  final SendGridSimulator sendgrid;
  final MailgunSimulator mailgun;
  final LocalS3Server s3;

  private LocalVendors(Clock clock) {
    stripe = new StripeSimulator(clock);
    paypal = new PayPalSimulator(clock, PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET);
    sendgrid = new SendGridSimulator(SendGridSimulator.DEFAULT_API_KEY, clock);
    mailgun = new MailgunSimulator(clock);
    s3 = LocalS3Server.startWithBucket(BUCKET);
    stripe.start();
    paypal.start();
    sendgrid.start();
    mailgun.start();
  }

  /** Starts every stand-in; their simulated time is {@code clock}. */
  static LocalVendors start(Clock clock) {
    return new LocalVendors(clock);
  }

  /** The configuration keys that send each provider to its local stand-in. */
  Map<String, String> overrides() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("switchboard.payments.stripe.base-url", stripe.baseUrl().toString());
    keys.put("switchboard.payments.paypal.base-url", paypal.baseUrl().toString());
    keys.put("switchboard.email.sendgrid.base-url", sendgrid.baseUrl().toString());
    keys.put("switchboard.email.mailgun.base-url", mailgun.baseUrl().toString());
    keys.put("switchboard.storage.s3.endpoint", s3.endpoint().toString());
    keys.put("switchboard.storage.s3.access-key-id", LocalS3Server.ACCESS_KEY_ID);
    return keys;
  }

  /** The stand-ins' fake keys, under the names the configuration's secret references use. */
  Map<String, String> environment() {
    return Map.of(
        "STRIPE_API_KEY", StripeSimulator.TEST_API_KEY,
        "PAYPAL_CLIENT_SECRET", PAYPAL_CLIENT_SECRET,
        "SENDGRID_API_KEY", SendGridSimulator.DEFAULT_API_KEY,
        "MAILGUN_API_KEY", MailgunSimulator.DEFAULT_API_KEY,
        "S3_SECRET_ACCESS_KEY", LocalS3Server.SECRET_ACCESS_KEY);
  }

  @Override
  public void close() {
    stripe.close();
    paypal.close();
    sendgrid.close();
    mailgun.close();
    s3.close();
  }
}
