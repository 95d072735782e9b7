package dev.switchboard.benchmarks;

import okhttp3.OkHttpClient;

/**
 * Ends what a benchmark trial opened, in the order given; nulls (clients not in use) are skipped.
 */
final class Teardown {
  private Teardown() {}

  /**
   * Closes each resource: an {@link OkHttpClient} has its threads stopped and its pooled
   * connections closed, anything else is {@link AutoCloseable#close() closed}.
   */
  static void closeAll(Object... resources) throws Exception {
    for (Object resource : resources) {
      if (resource instanceof OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
      } else if (resource instanceof AutoCloseable closeable) {
        closeable.close();
      } else if (resource != null) {
        throw new IllegalArgumentException("cannot close a " + resource.getClass().getName());
      }
    }
  }
}
