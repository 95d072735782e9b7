package dev.switchboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VendorSocketsTest {
  private final VendorSockets sockets = new VendorSockets();
  private ServerSocket server;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  @Test
  void anUnconnectedSocketHasNoDelayAndOneBufferedInputOnceConnected() throws IOException {
    try (Socket socket = sockets.createSocket()) {
      assertThat(socket.getTcpNoDelay()).isTrue();
      assertThatThrownBy(socket::getInputStream).isInstanceOf(SocketException.class);
      socket.connect(server.getLocalSocketAddress());
      try (Socket peer = server.accept()) {
        InputStream input = socket.getInputStream();
        assertThat(input).isInstanceOf(BufferedInputStream.class);
        assertThat(socket.getInputStream()).isSameAs(input);
      }
    }
  }

  @Test
  void bytesArriveWholeAndInOrderThroughSmallReads() throws IOException {
    byte[] sent = new byte[1 << 20];
    new Random(3).nextBytes(sent);
    try (Socket socket =
            sockets.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        Socket peer = server.accept()) {
      Thread writer =
          new Thread(
              () -> {
                try (OutputStream out = peer.getOutputStream()) {
                  out.write(sent);
                } catch (IOException e) {
                  throw new AssertionError(e);
                }
              });
      writer.start();
      byte[] received = new byte[sent.length];
      InputStream in = socket.getInputStream();
      int at = 0;
      while (at < received.length) {
        // Never asks for more than is left: a short read earlier leaves less than 8 KiB at the end.
        int n = in.read(received, at, Math.min(8192, received.length - at));
        if (n < 0) {
          break;
        }
        at += n;
      }
      assertThat(at).isEqualTo(sent.length);
      assertThat(Arrays.equals(received, sent)).isTrue();
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void theSocketsReadTimeoutStillEndsAReadThatWaits() throws IOException {
    try (Socket socket = sockets.createSocket()) {
      socket.connect(new InetSocketAddress(server.getInetAddress(), server.getLocalPort()));
      try (Socket peer = server.accept()) {
        socket.setSoTimeout(200);
        assertThatThrownBy(() -> socket.getInputStream().read(new byte[8192]))
            .isInstanceOf(SocketTimeoutException.class);
      }
    }
  }

  @Test
  void aClosedSocketGivesNoInput() throws IOException {
    Socket socket = sockets.createSocket();
    socket.connect(server.getLocalSocketAddress());
    try (Socket peer = server.accept()) {
      socket.getInputStream();
      socket.close();
      assertThatThrownBy(socket::getInputStream).isInstanceOf(SocketException.class);
    }
  }
}
