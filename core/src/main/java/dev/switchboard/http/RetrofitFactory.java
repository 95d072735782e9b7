package dev.switchboard.http;

import com.squareup.moshi.Moshi;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;

/**
 * Builds the {@link Retrofit} an adapter creates its service interface from: the vendor's base URL,
 * the vendor's client from {@link HttpClients#forVendor}, and Moshi for JSON.
 *
 * <pre>{@code
 * AcmeService service = RetrofitFactory.create(config, SwitchboardMoshi.create())
 *     .create(AcmeService.class);
 *
 * interface AcmeService {
 *   @POST("charges")
 *   Call<ChargeDto> charge(@Body ChargeBody body, @Tag IdempotencyKey key);
 * }
 * }</pre>
 *
 * <p>Run the service's calls through an {@link HttpExecutor} built from the same config.
 */
public final class RetrofitFactory {
  private RetrofitFactory() {}

  /**
   * A Retrofit on the config's {@link VendorHttpConfig#httpClients() clients} ({@link
   * HttpClients#shared()} unless it names others).
   *
   * @throws NullPointerException if an argument is null
   */
  public static Retrofit create(VendorHttpConfig config, Moshi moshi) {
    if (config == null) {
      throw new NullPointerException("config == null");
    }
    return create(config.httpClients(), config, moshi);
  }

  /**
   * A Retrofit on the given clients' base.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Retrofit create(HttpClients clients, VendorHttpConfig config, Moshi moshi) {
    if (clients == null) {
      throw new NullPointerException("clients == null");
    }
    if (config == null) {
      throw new NullPointerException("config == null");
    }
    if (moshi == null) {
      throw new NullPointerException("moshi == null");
    }
    return new Retrofit.Builder()
        .baseUrl(config.baseUrl())
        .client(clients.forVendor(config))
        .addConverterFactory(MoshiConverterFactory.create(moshi))
        .build();
  }
}
