package dev.switchboard.endtoend;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J binding of core's tests, found through {@code META-INF/services}. It logs nothing and
 * reports every level disabled, as core's tests saw it before there was a binding, except while a
 * {@link LogCapture} is open: then every level of every logger is enabled and each line, formatted
 * as {@code [thread] LEVEL logger - message} with any throwable's full stack trace, goes to the
 * capture.
 *
 * <p>A real binding such as slf4j-simple would fix each logger's level when the logger is first
 * created, so a test could not turn DEBUG on for itself without changing what every other test in
 * the JVM sees; this one decides per call.
 */
public final class CapturingLogProvider implements SLF4JServiceProvider {
  private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory =
      name -> loggers.computeIfAbsent(name, CapturingLogger::new);
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    // Nothing to set up: the loggers are made on demand and hold no resources.
  }

  private static final class CapturingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    CapturingLogger(String name) {
      this.name = name;
    }

    @Override
    public boolean isTraceEnabled() {
      return LogCapture.capturing();
    }

    @Override
    public boolean isDebugEnabled() {
      return LogCapture.capturing();
    }

    @Override
    public boolean isInfoEnabled() {
      return LogCapture.capturing();
    }

    @Override
    public boolean isWarnEnabled() {
      return LogCapture.capturing();
    }

    @Override
    public boolean isErrorEnabled() {
      return LogCapture.capturing();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
      StringWriter line = new StringWriter();
      PrintWriter out = new PrintWriter(line);
      out.println(
          "["
              + Thread.currentThread().getName()
              + "] "
              + level
              + " "
              + name
              + " - "
              + MessageFormatter.basicArrayFormat(pattern, arguments));
      if (throwable != null) {
        throwable.printStackTrace(out);
      }
      out.flush();
      LogCapture.record(line.toString());
    }
  }
}
