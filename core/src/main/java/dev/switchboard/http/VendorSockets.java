package dev.switchboard.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The sockets of every vendor client: plain sockets with {@code TCP_NODELAY} on (OkHttp leaves
 * Nagle's algorithm on, and a request written in two parts then waits for the peer's delayed ACK),
 * whose input is read from the kernel in chunks of up to {@link #BUFFER} bytes.
 *
 * <p>okio reads a socket one segment, at most 8 KiB, per {@code read} call, so a 1 MiB object costs
 * at least 128 system calls (and, when the reader outruns the sender, as many waits for data).
 * Behind a {@link BufferedInputStream} one call takes whatever the kernel holds, up to 64 KiB, and
 * the 8 KiB reads are served from memory. TLS is layered on these sockets by OkHttp as usual, and
 * reads its records through the same buffer. The socket's {@code SO_TIMEOUT} applies to each read
 * from the kernel as before. The buffer costs 64 KiB per open connection, allocated when the
 * connection is first read.
 */
final class VendorSockets extends SocketFactory {
  /** The most bytes one read from the kernel takes. */
  static final int BUFFER = 64 * 1024;

  @Override
  public Socket createSocket() throws IOException {
    Socket socket = new BufferedReadSocket();
    socket.setTcpNoDelay(true);
    return socket;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress local, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(host, port), new InetSocketAddress(local, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(host, port), new InetSocketAddress(local, localPort));
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket socket = createSocket();
    try {
      if (local != null) {
        socket.bind(local);
      }
      socket.connect(remote);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** A socket whose input stream is one buffered stream over the plain one. */
  private static final class BufferedReadSocket extends Socket {
    private InputStream input;

    /** The plain stream's checks (closed, not connected, input shut down) apply on every call. */
    @Override
    public synchronized InputStream getInputStream() throws IOException {
      InputStream plain = super.getInputStream();
      if (input == null) {
        input = new BufferedInputStream(plain, BUFFER);
      }
      return input;
    }
  }
}
