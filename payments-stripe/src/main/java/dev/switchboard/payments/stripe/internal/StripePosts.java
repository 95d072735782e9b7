package dev.switchboard.payments.stripe.internal;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.http.CallMode;
import dev.switchboard.http.HttpExecutor;
import dev.switchboard.http.VendorHttpConfig;
import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Converter;
import retrofit2.Retrofit;

/**
 * Stripe's state-changing calls ({@code POST}s with a form and an {@code Idempotency-Key}), built
 * directly on the vendor's OkHttp client and run through the shared {@link HttpExecutor}, which
 * classifies every outcome exactly as for a Retrofit call.
 *
 * <p>Not Retrofit, because a charge is the hot path: Retrofit resolves the relative URL, and
 * canonicalizes every form field through OkHttp's URL encoder, for each call, which took about a
 * sixth of the client's CPU per charge. Here the URL of a charge is resolved once, and {@link
 * StripeForm} writes the body's bytes in one pass. Each call runs in the given {@link CallMode}: on
 * the caller's thread, or enqueued with OkHttp. The idempotency key travels as a request tag, as it
 * does through Retrofit's {@code @Tag}; the shared HTTP layer sends it, with {@code Stripe-Version}
 * and the other headers, and hands the answer's {@code Request-Id} to the mapping.
 */
public final class StripePosts {
  private static final Annotation[] NONE = new Annotation[0];

  private final Call.Factory calls;
  private final HttpUrl base;
  private final HttpUrl paymentIntents;
  private final HttpExecutor executor;
  private final Converter<ResponseBody, StripeJson.PaymentIntent> intents;
  private final Converter<ResponseBody, StripeJson.Refund> refunds;

  /** On the vendor's Retrofit: its OkHttp client, and its converters to read the answers. */
  StripePosts(Retrofit retrofit, VendorHttpConfig http, HttpExecutor executor) {
    this.calls = retrofit.callFactory();
    this.intents = retrofit.responseBodyConverter(StripeJson.PaymentIntent.class, NONE);
    this.refunds = retrofit.responseBodyConverter(StripeJson.Refund.class, NONE);
    this.base = http.baseUrl();
    this.paymentIntents = base.resolve("v1/payment_intents");
    this.executor = executor;
  }

  /**
   * {@code POST /v1/payment_intents}: creates (and, with {@code confirm=true}, confirms) a
   * PaymentIntent; {@code mapping} gets it with the answer's {@code Request-Id}.
   */
  public <R> CompletableFuture<R> createPaymentIntent(
      CallMode mode,
      StripeForm form,
      IdempotencyKey key,
      BiFunction<StripeJson.PaymentIntent, String, R> mapping) {
    return post(mode, "charge", paymentIntents, form.body(), key, intents, mapping);
  }

  /**
   * {@code POST /v1/payment_intents/{id}/{action}}, such as {@code capture} or {@code cancel}, as
   * operation {@code action}; the id is one encoded path segment.
   */
  public <R> CompletableFuture<R> onPaymentIntent(
      CallMode mode,
      String action,
      String id,
      Map<String, String> form,
      IdempotencyKey key,
      BiFunction<StripeJson.PaymentIntent, String, R> mapping) {
    HttpUrl url =
        base.newBuilder()
            .addPathSegment("v1")
            .addPathSegment("payment_intents")
            .addPathSegment(id)
            .addPathSegment(action)
            .build();
    return post(mode, action, url, StripeForm.encode(form), key, intents, mapping);
  }

  /** {@code POST /v1/refunds}: creates a Refund, as operation {@code refund}. */
  public <R> CompletableFuture<R> createRefund(
      CallMode mode,
      Map<String, String> form,
      IdempotencyKey key,
      BiFunction<StripeJson.Refund, String, R> mapping) {
    return post(
        mode, "refund", base.resolve("v1/refunds"), StripeForm.encode(form), key, refunds, mapping);
  }

  private <T, R> CompletableFuture<R> post(
      CallMode mode,
      String operation,
      HttpUrl url,
      RequestBody form,
      IdempotencyKey key,
      Converter<ResponseBody, T> converter,
      BiFunction<T, String, R> mapping) {
    Request request =
        new Request.Builder().url(url).post(form).tag(IdempotencyKey.class, key).build();
    return executor.executeWithVendorRequestId(
        mode, operation, calls.newCall(request), converter, mapping);
  }
}
