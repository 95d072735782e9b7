package dev.switchboard.payments.stripe.internal;

import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.VendorHttpConfig;

/**
 * The adapter's wired parts: the HTTP settings, the Retrofit service for reads, the direct POSTs,
 * the mapper and the executor that runs every call through the shared HTTP layer.
 *
 * @param http the vendor's HTTP settings
 * @param api Stripe's reads
 * @param posts Stripe's state-changing calls
 * @param mapper Stripe's vocabulary to the SDK's
 * @param executor runs calls and classifies every failure
 */
public record StripeClient(
    VendorHttpConfig http,
    StripeApi api,
    StripePosts posts,
    StripeMapper mapper,
    HttpExecutor executor) {

  /** Wires the parts for these settings. */
  public static StripeClient create(StripeSettings settings) {
    return DaggerStripeComponent.factory().create(settings).client();
  }
}
