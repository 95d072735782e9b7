package dev.switchboard.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Clients side by side in one JVM, in alternating windows: eight threads call one client for a few
 * seconds, then the next client, round after round, each against its own copy of the same canned
 * server. For each client it reports calls per second, the process's CPU per call (client and
 * server together) and the calling threads' own CPU per call (the client's cost without the
 * server's or the collector's), summed over its windows, and the p50 and p99 latency of its calls,
 * each with its ratio to the first client. With one thread, the percentiles are the single-caller
 * latency that JMH's sample mode reports, taken under the same drift for every client.
 *
 * <p>Why not only JMH: JMH runs one client per fork, one after the other, and on a small shared
 * machine the speed of the whole machine drifts by a third over minutes (the canned server's own
 * cost per answer moved that much between two forks). Alternating windows of a few seconds put both
 * clients under the same drift, so their ratio holds where the JMH ratio does not. The JMH
 * benchmarks remain the figures for latency percentiles and bytes per call.
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec -Dexec.args="-Xmx1g
 * -Dsun.net.httpserver.nodelay=true -cp %classpath dev.switchboard.benchmarks.CpuPerCallProgram
 * stripe okhttp,switchboard 30 10 3"} (vendor {@code stripe} or {@code sendgrid}; clients of that
 * benchmark, the first is the reference; warm-up seconds per client; rounds; seconds per window;
 * optionally the number of threads, 8 by default).
 *
 * <p>A client written {@code label=checkout:client}, such as {@code old=/tmp/before:switchboard},
 * is that client of another build of this project, in a class loader of its own ({@link
 * IsolatedBuild}): to see what a change does, run the commit before it (a {@code git worktree},
 * built with {@code ./mvnw -pl benchmarks -am compile}) against the working tree ({@code
 * new=..:switchboard}; a relative checkout is from the {@code benchmarks} module, where {@code
 * exec:exec} runs) in the same run.
 */
public final class CpuPerCallProgram {
  private CpuPerCallProgram() {}

  /** One call of a client under test. */
  interface Call {
    Object run() throws Exception;
  }

  /** What one client did over its windows. */
  private static final class Tally {
    long calls;
    long cpuNanos;

    /** CPU of the calling threads alone: the client's own cost, without the canned server's. */
    final AtomicLong callerCpuNanos = new AtomicLong();

    long wallNanos;
    long gcMillis;
    final Latencies latencies = new Latencies();
  }

  /** Every call's latency in nanoseconds, for the percentiles; one list per window thread. */
  private static final class Latencies {
    private final List<long[]> chunks = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();

    synchronized void add(long[] chunk, int size) {
      chunks.add(chunk);
      sizes.add(size);
    }

    /** The {@code q} quantile (0 to 1) in microseconds. */
    synchronized double quantileMicros(double q) {
      int total = sizes.stream().mapToInt(Integer::intValue).sum();
      long[] all = new long[total];
      int at = 0;
      for (int i = 0; i < chunks.size(); i++) {
        System.arraycopy(chunks.get(i), 0, all, at, sizes.get(i));
        at += sizes.get(i);
      }
      java.util.Arrays.sort(all);
      return total == 0 ? 0 : all[Math.min(total - 1, (int) (q * total))] / 1e3;
    }
  }

  public static void main(String[] args) throws Exception {
    String vendor = args[0];
    String[] clients = args[1].split(",");
    int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int windowSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    int threads = args.length > 5 ? Integer.parseInt(args[5]) : 8;
    Map<String, Call> calls = new LinkedHashMap<>();
    List<AutoCloseable> stops = new ArrayList<>();
    Class<?> benchmark =
        switch (vendor) {
          case "stripe" -> StripeChargeBenchmark.class;
          case "sendgrid" -> SendGridSendBenchmark.class;
          default -> throw new IllegalArgumentException("vendor is stripe or sendgrid: " + vendor);
        };
    for (String client : clients) {
      int label = client.indexOf('=');
      if (label > 0) {
        String build = client.substring(label + 1);
        int at = build.lastIndexOf(':');
        IsolatedBuild isolated =
            IsolatedBuild.start(benchmark, build.substring(0, at), build.substring(at + 1));
        calls.put(client.substring(0, label), isolated::call);
        stops.add(isolated);
        continue;
      }
      if (benchmark == StripeChargeBenchmark.class) {
        StripeChargeBenchmark b = new StripeChargeBenchmark();
        b.client = client;
        b.start();
        calls.put(client, b::throughput);
        stops.add(b::stop);
      } else {
        SendGridSendBenchmark b = new SendGridSendBenchmark();
        b.client = client;
        b.start();
        calls.put(client, b::throughput);
        stops.add(b::stop);
      }
    }
    // Warm-up in alternating windows too, so that no client is compiled in a quieter moment.
    for (int s = 0; s < warmupSeconds; s += windowSeconds) {
      for (Call call : calls.values()) {
        window(call, threads, windowSeconds, null);
      }
    }
    Map<String, Tally> tallies = new LinkedHashMap<>();
    calls.keySet().forEach(client -> tallies.put(client, new Tally()));
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, Call> client : calls.entrySet()) {
        window(client.getValue(), threads, windowSeconds, tallies.get(client.getKey()));
      }
    }
    Tally reference = tallies.values().iterator().next();
    for (Map.Entry<String, Tally> entry : tallies.entrySet()) {
      Tally t = entry.getValue();
      double perSecond = t.calls / (t.wallNanos / 1e9);
      double cpuPerCall = t.cpuNanos / 1e3 / t.calls;
      double callerCpuPerCall = t.callerCpuNanos.get() / 1e3 / t.calls;
      double p50 = t.latencies.quantileMicros(0.5);
      double p99 = t.latencies.quantileMicros(0.99);
      System.out.printf(
          "%s %-28s %,9d calls  %,8.0f calls/s (%.2f×)  CPU %6.1f µs/call (%.2f×)"
              + "  callers %5.1f µs/call (%.2f×)  GC %d ms  p50 %.0f µs (%.2f×)  p99 %.0f µs"
              + " (%.2f×)%n",
          vendor,
          entry.getKey(),
          t.calls,
          perSecond,
          perSecond / (reference.calls / (reference.wallNanos / 1e9)),
          cpuPerCall,
          cpuPerCall / (reference.cpuNanos / 1e3 / reference.calls),
          callerCpuPerCall,
          callerCpuPerCall / (reference.callerCpuNanos.get() / 1e3 / reference.calls),
          t.gcMillis,
          p50,
          p50 / reference.latencies.quantileMicros(0.5),
          p99,
          p99 / reference.latencies.quantileMicros(0.99));
    }
    for (AutoCloseable stop : stops) {
      stop.close();
    }
  }

  /** Calls {@code call} from {@code threads} threads for a window, adding to {@code tally}. */
  private static void window(Call call, int threads, int seconds, Tally tally) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    LongAdder done = new LongAdder();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> workers = new ArrayList<>();
    long cpu0 = os.getProcessCpuTime();
    long gc0 = gcMillis();
    long wall0 = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (running.get()) {
                  long start = System.nanoTime();
                  try {
                    call.run();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  if (n == latencies.length) {
                    latencies = java.util.Arrays.copyOf(latencies, n * 2);
                  }
                  latencies[n++] = System.nanoTime() - start;
                  done.increment();
                }
                if (tally != null) {
                  tally.latencies.add(latencies, n);
                  // A thread of this window only: all its CPU went to this window's calls.
                  tally.callerCpuNanos.addAndGet(
                      ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                }
              },
              "caller-" + i);
      t.start();
      workers.add(t);
    }
    Thread.sleep(seconds * 1000L);
    running.set(false);
    for (Thread t : workers) {
      t.join();
    }
    if (tally != null) {
      tally.calls += done.sum();
      tally.cpuNanos += os.getProcessCpuTime() - cpu0;
      tally.wallNanos += System.nanoTime() - wall0;
      tally.gcMillis += gcMillis() - gc0;
    }
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }
}
