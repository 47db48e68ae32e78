package io.cmsai.api.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The state of a TCP connection as the Linux kernel lists it ({@code /proc/net/tcp} and {@code
 * /proc/net/tcp6}): whether the peer has closed it, without reading from it. Used only when a
 * watched connection became readable, which is rare (a close, or a pipelining client). Elsewhere
 * than on Linux nothing is listed and every connection is {@link State#UNKNOWN}.
 */
final class TcpStates {

  /** What the kernel says of a connection. */
  enum State {
    /** Established: the peer sent bytes but did not close. */
    OPEN,
    /** The peer closed (close-wait and later), or the connection is gone. */
    CLOSED,
    /** Not found in any table, or no table to look in. */
    UNKNOWN
  }

  /** A connection by its two ports (this server's and the client's). */
  record Endpoints(int localPort, int remotePort) {}

  private static final List<Path> TABLES =
      List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  /** The kernel's TCP_ESTABLISHED (1); states 2-7 are the local side closing, 8+ the peer. */
  private static final int ESTABLISHED = 1;

  private TcpStates() {}

  /** Whether the kernel's table exists here: checked once, not on every request. */
  private static final boolean AVAILABLE = Files.isReadable(TABLES.get(0));

  /** Whether the kernel can be asked here. */
  static boolean available() {
    return AVAILABLE;
  }

  /** The state of the connection between {@code endpoints}. */
  static State state(Endpoints endpoints) {
    boolean anyTable = false;
    for (Path table : TABLES) {
      if (!Files.isReadable(table)) {
        continue;
      }
      anyTable = true;
      try (BufferedReader lines = Files.newBufferedReader(table, StandardCharsets.US_ASCII)) {
        State found = find(lines, endpoints);
        if (found != State.UNKNOWN) {
          return found;
        }
      } catch (IOException e) {
        return State.UNKNOWN;
      }
    }
    // Listed nowhere while the channel is still open in this process: reset and already gone.
    return anyTable ? State.CLOSED : State.UNKNOWN;
  }

  /** Looks through one table (its header line first). */
  static State find(BufferedReader lines, Endpoints endpoints) throws IOException {
    String local = ":" + hexPort(endpoints.localPort()) + " ";
    String remote = ":" + hexPort(endpoints.remotePort()) + " ";
    lines.readLine(); // the header
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      // "  sl  local_address rem_address   st ...": "  3: 0100007F:1F90 0100007F:D3A2 01 ..."
      String[] fields = line.trim().split("\\s+", 5);
      if (fields.length < 4
          || !(fields[1] + " ").endsWith(local)
          || !(fields[2] + " ").endsWith(remote)) {
        continue;
      }
      int state = Integer.parseInt(fields[3], 16);
      return state == ESTABLISHED ? State.OPEN : State.CLOSED;
    }
    return State.UNKNOWN;
  }

  private static String hexPort(int port) {
    return String.format(Locale.ROOT, "%04X", port);
  }
}
