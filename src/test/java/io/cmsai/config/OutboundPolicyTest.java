package io.cmsai.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The outbound address policy: at save time as written, at connect time after DNS. */
class OutboundPolicyTest {

  /** A fake DNS: these names and nothing else. */
  private static final Map<String, String> DNS =
      Map.of(
          "rebind.example", "169.254.169.254",
          "llm.example", "10.0.0.7",
          "v6.example", "fe80::5",
          "gpu-box.lan", "169.254.10.5");

  private final OutboundPolicy policy = new OutboundPolicy(List.of(), OutboundPolicyTest::resolve);

  @Test
  void metadata_and_link_local_hosts_are_refused_as_written_with_the_way_to_allow_them() {
    for (String host :
        List.of(
            "169.254.169.254",
            "[fe80::1]",
            "fd00:ec2::254",
            "100.100.100.200",
            "metadata.google.internal",
            "METADATA.google.internal.",
            "[::ffff:169.254.169.254]")) {
      Optional<String> problem = policy.problem(host);
      assertTrue(problem.isPresent(), host);
      assertTrue(problem.get().contains(OutboundPolicy.ALLOWED_HOSTS_KEY), problem.get());
    }
    assertEquals(Optional.empty(), policy.problem("llm.example"));
    assertEquals(Optional.empty(), policy.problem("127.0.0.1"));
  }

  @Test
  void a_name_that_resolves_to_a_refused_address_is_refused_at_connect_time() {
    DestinationRefusedException refused =
        assertThrows(
            DestinationRefusedException.class,
            () -> policy.check(new Destination("rebind.example", 80)));
    assertTrue(refused.getMessage().contains("rebind.example (169.254.169.254)"));
    assertThrows(
        DestinationRefusedException.class, () -> policy.check(new Destination("v6.example", 80)));
    assertDoesNotThrow(() -> policy.check(new Destination("llm.example", 80)));
    assertDoesNotThrow(() -> policy.check(new Destination("unknown.example", 80)));
  }

  @Test
  void hosts_listed_as_allowed_are_exempt_by_name_or_address() {
    OutboundPolicy allowing =
        new OutboundPolicy(
            List.of(" gpu-box.lan", "169.254.169.254 ", ""), OutboundPolicyTest::resolve);

    assertEquals(Optional.empty(), allowing.problem("169.254.169.254"));
    assertDoesNotThrow(() -> allowing.check(new Destination("gpu-box.lan", 8000)));
    assertDoesNotThrow(() -> allowing.check(new Destination("rebind.example", 80)));
    assertTrue(allowing.problem("169.254.10.5").isPresent());
    assertThrows(
        DestinationRefusedException.class, () -> allowing.check(new Destination("v6.example", 80)));
  }

  private static InetAddress[] resolve(String host) throws UnknownHostException {
    String address = DNS.get(host);
    if (address == null) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {
      InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress())
    };
  }
}
