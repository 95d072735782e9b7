package dev.switchboard.payments.stripe.internal;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Pins the API version with {@code Stripe-Version} on every request (a request that already carries
 * it, such as one {@link StripePosts} built, is passed on unchanged), and hands the {@code
 * Request-Id} of every answer to the request's {@link RequestIdCapture} tag, so that a successful
 * result can quote it (errors get it from the shared HTTP layer).
 */
final class StripeHeaders implements Interceptor {
  static final String VERSION = "Stripe-Version";
  static final String REQUEST_ID = "Request-Id";

  private final String apiVersion;

  StripeHeaders(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Response response =
        chain.proceed(
            apiVersion.equals(request.header(VERSION))
                ? request
                : request.newBuilder().header(VERSION, apiVersion).build());
    RequestIdCapture capture = chain.request().tag(RequestIdCapture.class);
    if (capture != null) {
      capture.set(response.header(REQUEST_ID));
    }
    return response;
  }
}
