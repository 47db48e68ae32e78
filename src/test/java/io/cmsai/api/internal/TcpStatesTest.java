package io.cmsai.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Reading a connection's state from the kernel's table, in the format Linux writes it. */
class TcpStatesTest {

  private static final String TCP =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid\n"
          + "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0\n"
          + "   1: 0100007F:1F90 0100007F:D3A2 01 00000000:00000000 00:00000000 00000000     0\n"
          + "   2: 0100007F:1F90 0100007F:D3A4 08 00000000:00000001 00:00000000 00000000     0\n"
          + "   3: 0100007F:D3A6 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0\n";

  private static final String TCP6 =
      "  sl  local_address                         remote_address                        st\n"
          + "   0: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:D3A8 06"
          + " 00000000:00000000\n";

  @Test
  void an_established_connection_is_open_and_one_in_close_wait_is_closed() throws Exception {
    assertEquals(TcpStates.State.OPEN, find(TCP, 8080, 0xD3A2));
    assertEquals(TcpStates.State.CLOSED, find(TCP, 8080, 0xD3A4));
  }

  @Test
  void only_the_connection_with_both_ports_matches() throws Exception {
    // 0xD3A6 -> 8080 is the other direction (this host as the client): not ours.
    assertEquals(TcpStates.State.UNKNOWN, find(TCP, 8080, 0xD3A6));
    assertEquals(TcpStates.State.UNKNOWN, find(TCP, 8081, 0xD3A2));
  }

  @Test
  void ipv6_rows_with_mapped_addresses_are_read_too() throws Exception {
    assertEquals(TcpStates.State.CLOSED, find(TCP6, 8080, 0xD3A8));
  }

  private static TcpStates.State find(String table, int local, int remote) throws Exception {
    return TcpStates.find(
        new BufferedReader(new StringReader(table)), new TcpStates.Endpoints(local, remote));
  }
}
