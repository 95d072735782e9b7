package dev.switchboard.config;

/**
 * Where a configuration value came from, so that an error can say which file, variable or property
 * to fix. {@link #toString()} gives the form used in messages: {@code file
 * /etc/app/switchboard.properties}, {@code classpath switchboard.properties}, {@code env
 * SWITCHBOARD_PAYMENTS_PROVIDERS}, {@code sysprop switchboard.payments.providers} or {@code
 * programmatic} (or {@code default in code}).
 *
 * @param kind the kind of source
 * @param location the file path, resource name, variable or property name; empty for {@link
 *     Kind#PROGRAMMATIC} and {@link Kind#DEFAULT}
 */
public record ValueOrigin(Kind kind, String location) {
  /**
   * The kinds of source, from the lowest precedence to the highest; classpath resources and files
   * rank among themselves in the order they were added to the builder.
   */
  public enum Kind {
    /** A default set in code, through the builder's {@code putDefault}. */
    DEFAULT,
    /** A properties resource on the classpath. */
    CLASSPATH,
    /** A properties file. */
    FILE,
    /** An environment variable. */
    ENV,
    /** A system property. */
    SYSPROP,
    /** Set in code, through {@link SwitchboardConfig#fromMap} or the builder's {@code put}. */
    PROGRAMMATIC
  }

  public ValueOrigin {
    if (kind == null) {
      throw new NullPointerException("kind == null");
    }
    if (location == null) {
      throw new NullPointerException("location == null");
    }
  }

  /**
   * Whether the value sits in a file that is likely to be committed or baked into an image, where a
   * literal secret must not be.
   */
  public boolean isFile() {
    return kind == Kind.FILE || kind == Kind.CLASSPATH;
  }

  @Override
  public String toString() {
    String name =
        switch (kind) {
          case DEFAULT -> "default in code";
          case PROGRAMMATIC -> "programmatic";
          case CLASSPATH -> "classpath";
          case FILE -> "file";
          case ENV -> "env";
          case SYSPROP -> "sysprop";
        };
    return location.isEmpty() ? name : name + " " + location;
  }
}
