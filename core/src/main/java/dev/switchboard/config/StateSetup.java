package dev.switchboard.config;

import dev.switchboard.Redaction;
import dev.switchboard.SwitchboardException;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.StateStoreFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads {@code switchboard.state.*} and builds the state store: the one the application handed in,
 * {@code memory} (the default), or one a {@link StateStoreFactory} registers.
 */
final class StateSetup {
  static final String STORE = StateStoreContext.PREFIX + "store";
  static final String LEDGER_RETENTION = StateStoreContext.PREFIX + "ledger.retention";
  static final String REPLAY_RETENTION = StateStoreContext.PREFIX + "replay.retention";
  static final String EMAIL_FAIL_CLOSED = StateStoreContext.PREFIX + "email-fail-closed";
  static final String SETTLE_IN_BACKGROUND =
      StateStoreContext.PREFIX + "ledger.settle-in-background";
  static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
  static final String MEMORY = "memory";

  private StateSetup() {}

  /**
   * The state configuration; problems go to {@code settings}, and the memory store stands in when
   * the chosen one cannot be built.
   */
  static StateConfiguration configure(
      Settings settings, Map<String, StateStoreFactory> factories, StateStore given) {
    Duration ledger = retention(settings, LEDGER_RETENTION);
    Duration replay = retention(settings, REPLAY_RETENTION);
    boolean emailFailClosed = settings.bool(EMAIL_FAIL_CLOSED, false);
    boolean background = settings.bool(SETTLE_IN_BACKGROUND, false);
    if (given != null) {
      return new StateConfiguration(given, false, ledger, replay, emailFailClosed, background);
    }
    String name = settings.optionalString(STORE).orElse(MEMORY);
    StateStore store = null;
    if (!name.equals(MEMORY)) {
      StateStoreFactory factory = factories.get(name);
      if (factory == null) {
        TreeSet<String> known = new TreeSet<>(factories.keySet());
        known.add(MEMORY);
        settings.problem(
            STORE,
            "unknown state store "
                + Redaction.describe(name)
                + "; known stores: "
                + String.join(", ", known)
                + " (jdbc and redis need the state-jdbc or state-redis module)");
      } else {
        store = create(settings, factory, new StateStoreContext(name, settings, ledger, replay));
      }
    }
    if (store == null) {
      store = StateStore.inMemory(settings.config().clock(), ledger, replay);
    }
    return new StateConfiguration(store, true, ledger, replay, emailFailClosed, background);
  }

  private static Duration retention(Settings settings, String key) {
    Duration value = settings.duration(key, DEFAULT_RETENTION);
    if (value.isZero()) {
      settings.problem(key, "must be positive");
      return DEFAULT_RETENTION;
    }
    return value;
  }

  private static StateStore create(
      Settings settings, StateStoreFactory factory, StateStoreContext context) {
    String where = StateStoreContext.PREFIX + context.store();
    int before = settings.problems().size();
    try {
      StateStore store = factory.create(context);
      if (store == null && settings.problems().size() == before) {
        settings.problem(where, factory.getClass().getName() + " built nothing (null)");
      }
      if (store != null && settings.problems().size() > before) {
        store.close();
        return null;
      }
      return store;
    } catch (ConfigurationException e) {
      e.problems().forEach(p -> settings.problem(p.key(), p.message()));
    } catch (SwitchboardException e) {
      settings.problem(where, e.reason());
    } catch (RuntimeException e) {
      // A driver's message may quote a connection string with its password: only the type is shown.
      settings.problem(
          where, factory.getClass().getName() + " failed with " + e.getClass().getName());
    }
    return null;
  }
}
