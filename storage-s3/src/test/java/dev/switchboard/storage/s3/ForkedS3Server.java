package dev.switchboard.storage.s3;

import dev.switchboard.testkit.LocalS3Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LocalS3Server} over a directory, running in a JVM of its own, so that a test measuring
 * the client's memory in a small heap does not share that heap with the server (s3proxy buffers
 * whole parts and runs out of memory in a 64 MiB heap).
 *
 * <p>The child prints {@code READY <port>} when it listens. It then answers each {@code uploads}
 * line on its standard input with the number of open multipart uploads, and stops at end of input.
 */
final class ForkedS3Server implements AutoCloseable {
  private static final String READY = "READY ";
  private static final String UPLOADS = "uploads";

  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final int port;

  private ForkedS3Server(Process process, BufferedReader out, Writer in, int port) {
    this.process = process;
    this.out = out;
    this.in = in;
    this.port = port;
  }

  /** Starts the child JVM with {@code -Xmx<heapMib>m}, keeping blobs below {@code directory}. */
  static ForkedS3Server start(Path directory, int heapMib) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null) {
      classpath = System.getProperty("java.class.path");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heapMib + "m");
    command.add("-cp");
    command.add(classpath);
    command.add(ForkedS3Server.class.getName());
    command.add(directory.toString());
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
    for (String line = out.readLine(); ; line = out.readLine()) {
      if (line == null) {
        process.destroyForcibly();
        throw new IOException("the forked S3 server exited before it was ready");
      }
      if (line.startsWith(READY)) {
        return new ForkedS3Server(
            process, out, in, Integer.parseInt(line.substring(READY.length()).trim()));
      }
    }
  }

  /** {@code http://127.0.0.1:<port>}, path-style. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** How many multipart uploads were started and neither completed nor aborted. */
  int openMultipartUploads() throws IOException {
    in.write(UPLOADS + "\n");
    in.flush();
    String line = out.readLine();
    if (line == null) {
      throw new IOException("the forked S3 server exited");
    }
    return Integer.parseInt(line.trim());
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** The child: serves until its standard input ends. */
  public static void main(String[] args) throws IOException {
    PrintStream stdout = System.out;
    // s3proxy's own logging goes to stderr, never into the protocol on stdout.
    System.setOut(System.err);
    try (LocalS3Server server = LocalS3Server.start(Path.of(args[0]))) {
      stdout.println(READY + server.endpoint().getPort());
      stdout.flush();
      BufferedReader commands =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
      for (String line = commands.readLine(); line != null; line = commands.readLine()) {
        if (UPLOADS.equals(line.trim())) {
          stdout.println(server.openMultipartUploads());
          stdout.flush();
        }
      }
    }
    System.exit(0);
  }
}
