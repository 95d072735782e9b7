package dev.switchboard.state.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on an embedded H2 file, which every store of the class opens in this JVM. */
class H2StateStoreContractTest extends JdbcStateStoreContract {
  @TempDir static Path directory;

  @Override
  String url() {
    return "jdbc:h2:file:" + directory.resolve("switchboard").toAbsolutePath();
  }

  @Override
  String username() {
    return "sa";
  }
}
