package dev.switchboard.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CPU one call costs, client and canned server together, at eight threads: the process's CPU
 * time over a measured window divided by the calls made in it, with the collector's pause time
 * beside it. On a small shared machine the throughput of a JMH run swings by a fifth between runs
 * while the CPU per call moves by a few percent, so this is the figure to compare two builds or two
 * clients with; the JMH benchmarks remain the figures the README reports.
 *
 * <p>Run one client per JVM, so that one client's JIT profile does not shape another's: {@code
 * ./mvnw -q -pl benchmarks -am package -DskipTests exec:exec -Dexec.args="-Xmx1g
 * -Dsun.net.httpserver.nodelay=true -cp %classpath dev.switchboard.benchmarks.CpuPerCallProgram
 * stripe switchboard 20 10"} (vendor {@code stripe} or {@code sendgrid}, a client of that
 * benchmark, warm-up seconds, measured seconds).
 */
public final class CpuPerCallProgram {
  private CpuPerCallProgram() {}

  /** One call of the client under test. */
  interface Call {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    String vendor = args[0];
    String client = args[1];
    int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int measureSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    AutoCloseable stop;
    Call call;
    switch (vendor) {
      case "stripe" -> {
        StripeChargeBenchmark b = new StripeChargeBenchmark();
        b.client = client;
        b.start();
        call = b::throughput;
        stop = b::stop;
      }
      case "sendgrid" -> {
        SendGridSendBenchmark b = new SendGridSendBenchmark();
        b.client = client;
        b.start();
        call = b::throughput;
        stop = b::stop;
      }
      default -> throw new IllegalArgumentException("vendor is stripe or sendgrid: " + vendor);
    }
    LongAdder calls = new LongAdder();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    call.run();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  calls.increment();
                }
              },
              "caller-" + i);
      t.start();
      workers.add(t);
    }
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Thread.sleep(warmupSeconds * 1000L);
    long calls0 = calls.sum();
    long cpu0 = os.getProcessCpuTime();
    long gc0 = gcMillis();
    long switches0 = contextSwitches();
    long wall0 = System.nanoTime();
    Thread.sleep(measureSeconds * 1000L);
    long switches = contextSwitches() - switches0;
    long n = calls.sum() - calls0;
    long cpu = os.getProcessCpuTime() - cpu0;
    long gc = gcMillis() - gc0;
    long wall = System.nanoTime() - wall0;
    running.set(false);
    for (Thread t : workers) {
      t.join();
    }
    System.out.printf(
        "%s %s: %,d calls in %.1f s = %,.0f calls/s; CPU %.1f µs/call (%.2f cores); GC %d ms;"
            + " %.2f context switches/call%n",
        vendor,
        client,
        n,
        wall / 1e9,
        n / (wall / 1e9),
        cpu / 1e3 / n,
        cpu / (double) wall,
        gc,
        switches / (double) n);
    stop.close();
  }

  /** Context switches of every thread of this process so far (Linux), or 0 where not known. */
  private static long contextSwitches() {
    long sum = 0;
    try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
      for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) tasks::iterator) {
        try {
          for (String line : java.nio.file.Files.readAllLines(task.resolve("status"))) {
            if (line.contains("ctxt_switches:")) {
              sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (java.io.IOException ended) {
          // The thread ended while being read.
        }
      }
    } catch (java.io.IOException notLinux) {
      return 0;
    }
    return sum;
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }
}
