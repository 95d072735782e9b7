/**
 * OkHttp, Retrofit and Moshi plumbing shared by the vendor adapters. <b>Not for application
 * code</b>: applications program against the ports ({@code PaymentGateway}, {@code EmailSender},
 * {@code BlobStore}); only adapter modules build clients from this package.
 *
 * <p>An adapter describes its vendor once in a {@link dev.switchboard.http.VendorHttpConfig}, gets
 * a client from {@link dev.switchboard.http.HttpClients#forVendor} (which shares connections and
 * threads with every other vendor), builds its Retrofit service with {@link
 * dev.switchboard.http.RetrofitFactory}, and runs every call through an {@link
 * dev.switchboard.http.HttpExecutor}, which turns each failure into exactly one exception of the
 * taxonomy. Adapters never retry themselves: the single retry layer is {@code ResiliencePolicy},
 * and OkHttp's own silent retries are switched off here.
 *
 * <pre>{@code
 * VendorHttpConfig http = VendorHttpConfig.builder()
 *     .provider("acme-pay").module("payments-acme")
 *     .baseUrl("https://api.acme.test/")
 *     .authorization(() -> Authorization.bearer(apiKey.get()))
 *     .onUnauthorized(apiKey::refresh)
 *     .quota(policy.quota())
 *     .build();
 * AcmeService service = RetrofitFactory.create(http, SwitchboardMoshi.create()).create(AcmeService.class);
 * HttpExecutor executor = HttpExecutor.create(http, new AcmeErrorMapper(DefaultErrorMapper.create(http)));
 * ChargeDto dto = policy.execute("charge", key, () -> executor.execute("charge", service.charge(body, key)));
 * }</pre>
 */
package dev.switchboard.http;
