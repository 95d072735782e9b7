package dev.switchboard.deferred.jdbc;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;

/** The queue on H2 in an embedded file, the one-node default. */
class DeferredH2Test extends DeferredCallsContract {
  private static final AtomicInteger databases = new AtomicInteger();

  @TempDir Path dir;
  private String url;

  @Override
  String url() {
    if (url == null) {
      url = "jdbc:h2:file:" + dir.resolve("queue-" + databases.incrementAndGet());
    }
    return url;
  }

  @Override
  String username() {
    return "sa";
  }

  @Override
  DataSource plainDataSource() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url());
    ds.setUser("sa");
    return ds;
  }
}
