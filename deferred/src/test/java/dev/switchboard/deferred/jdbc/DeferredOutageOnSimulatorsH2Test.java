package dev.switchboard.deferred.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The outage on the simulators, with the ledger and the queue in one H2 file. */
class DeferredOutageOnSimulatorsH2Test extends DeferredOutageOnSimulatorsContract {
  @TempDir Path dir;

  @Override
  String url() {
    return "jdbc:h2:file:" + dir.resolve("shop");
  }

  @Override
  String username() {
    return null;
  }
}
