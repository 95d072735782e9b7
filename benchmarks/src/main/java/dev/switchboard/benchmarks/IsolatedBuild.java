package dev.switchboard.benchmarks;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark client loaded from another build of this project, for {@link CpuPerCallProgram}'s
 * {@code label=checkout:client} form: its modules' {@code target/classes} of that checkout, and
 * this run's libraries, in a class loader of its own. Two builds (a {@code git worktree} of the
 * commit before a change, say, and the working tree) then alternate windows in one JVM, which puts
 * them under the same drift of the machine; on a small shared machine that drift is larger than
 * most single changes. Give every client of such a run a loader of its own (the working tree too,
 * as {@code new=..:switchboard}): clients that share OkHttp's classes share its profile, which
 * moved one of them by several microseconds per call.
 */
final class IsolatedBuild implements AutoCloseable {
  private final URLClassLoader loader;
  private final Object benchmark;
  private final Method throughput;
  private final Method stop;

  private IsolatedBuild(URLClassLoader loader, Object benchmark) throws NoSuchMethodException {
    this.loader = loader;
    this.benchmark = benchmark;
    this.throughput = benchmark.getClass().getMethod("throughput");
    this.stop = benchmark.getClass().getMethod("stop");
  }

  /**
   * Starts {@code client} of the benchmark, as that class is in the build at {@code checkout} (the
   * root of a clone or worktree of this project, built with {@code ./mvnw -pl benchmarks -am
   * compile}).
   */
  static IsolatedBuild start(Class<?> benchmark, String checkout, String client) throws Exception {
    URLClassLoader loader =
        new URLClassLoader(path(checkout), ClassLoader.getPlatformClassLoader());
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Class<?> type = Class.forName(benchmark.getName(), true, loader);
      Object instance = type.getDeclaredConstructor().newInstance();
      type.getField("client").set(instance, client);
      type.getMethod("start").invoke(instance);
      return new IsolatedBuild(loader, instance);
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  /** One call of the client, on the caller's thread. */
  Object call() throws Exception {
    try {
      return throughput.invoke(benchmark);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      stop.invoke(benchmark);
    } finally {
      loader.close();
    }
  }

  /**
   * Every module's {@code target/classes} under the checkout, then the libraries of this run's
   * class path (every entry that is not a build output of some module).
   */
  private static URL[] path(String checkout) throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    File[] modules = new File(checkout).listFiles();
    if (modules == null) {
      throw new IllegalArgumentException("no such checkout: " + checkout);
    }
    for (File module : modules) {
      File classes = new File(module, "target/classes");
      if (classes.isDirectory()) {
        urls.add(classes.toURI().toURL());
      }
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("nothing built under " + checkout + "/*/target/classes");
    }
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.replace(File.separatorChar, '/').contains("/target/")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return urls.toArray(new URL[0]);
  }
}
