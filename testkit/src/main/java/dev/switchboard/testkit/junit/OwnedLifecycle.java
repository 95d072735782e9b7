package dev.switchboard.testkit.junit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle both extensions share: start a server before the first test of the class (a {@code
 * static} field) or of the test (an instance field), reset it before each test, and stop it when
 * the context that started it ends. A {@code @Nested} class inherits the extension; its {@code
 * afterAll} leaves the outer class's server running.
 */
abstract class OwnedLifecycle
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private String owner;

  /** Starts the server; called with this object's lock held. */
  abstract void open();

  /** Forgets every test's state; the server runs. */
  abstract void resetState();

  /** Stops the server; called with this object's lock held. */
  abstract void shut();

  @Override
  public final void beforeAll(ExtensionContext context) {
    start(context);
  }

  @Override
  public final void beforeEach(ExtensionContext context) {
    start(context);
    resetState();
  }

  @Override
  public final void afterEach(ExtensionContext context) {
    stopIfStartedBy(context);
  }

  @Override
  public final void afterAll(ExtensionContext context) {
    stopIfStartedBy(context);
  }

  private synchronized void start(ExtensionContext context) {
    if (owner == null) {
      open();
      owner = context.getUniqueId();
    }
  }

  private synchronized void stopIfStartedBy(ExtensionContext context) {
    if (context.getUniqueId().equals(owner)) {
      owner = null;
      shut();
    }
  }
}
