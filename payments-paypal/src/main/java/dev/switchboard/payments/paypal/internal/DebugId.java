package dev.switchboard.payments.paypal.internal;

import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Receives the {@code Paypal-Debug-Id} of one call's answer. A success body does not carry it, and
 * Retrofit hands back only the body, so each call is tagged with a fresh holder that {@link
 * #capture()} fills from the response header.
 */
final class DebugId {
  private volatile String value;

  String value() {
    return value;
  }

  /** Fills each request's holder from its response. */
  static Interceptor capture() {
    return chain -> {
      Response response = chain.proceed(chain.request());
      DebugId holder = chain.request().tag(DebugId.class);
      if (holder != null) {
        holder.value = response.header(PayPalJson.DEBUG_ID_HEADER);
      }
      return response;
    };
  }
}
