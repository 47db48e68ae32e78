package io.cmsai.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which addresses the outbound policy refuses: link-local and cloud metadata, in every notation.
 */
class AddressRulesTest {

  @Test
  void ipv4_link_local_and_metadata_addresses_are_refused() throws UnknownHostException {
    for (String address :
        List.of("169.254.169.254", "169.254.0.1", "169.254.255.255", "100.100.100.200")) {
      assertTrue(AddressRules.refusal(InetAddress.getByName(address)).isPresent(), address);
    }
    assertTrue(
        AddressRules.refusal(InetAddress.getByName("169.254.169.254")).get().contains("metadata"));
  }

  @Test
  void ordinary_ipv4_addresses_are_allowed() throws UnknownHostException {
    for (String address :
        List.of(
            "127.0.0.1",
            "10.0.0.5",
            "192.168.1.1",
            "8.8.8.8",
            "169.253.255.255",
            "169.255.0.1",
            "100.100.100.201",
            "172.17.0.1")) {
      assertEquals(Optional.empty(), AddressRules.refusal(InetAddress.getByName(address)), address);
    }
  }

  @Test
  void ipv6_link_local_and_the_aws_metadata_address_are_refused() throws UnknownHostException {
    for (String address : List.of("fe80::1", "fe80::a9fe:a9fe", "febf::1", "fd00:ec2::254")) {
      assertTrue(AddressRules.refusal(InetAddress.getByName(address)).isPresent(), address);
    }
    for (String address : List.of("::1", "fd00:ec2::253", "fec0::1", "2001:db8::1", "fc00::1")) {
      assertEquals(Optional.empty(), AddressRules.refusal(InetAddress.getByName(address)), address);
    }
  }

  @Test
  void ipv4_addresses_inside_ipv6_are_judged_by_their_ipv4_part() throws UnknownHostException {
    for (String address :
        List.of(
            "::ffff:169.254.169.254",
            "::ffff:a9fe:a9fe",
            "::169.254.169.254",
            "64:ff9b::169.254.169.254",
            "::ffff:100.100.100.200")) {
      assertTrue(AddressRules.refusal(InetAddress.getByName(address)).isPresent(), address);
    }
    assertEquals(Optional.empty(), AddressRules.refusal(InetAddress.getByName("::ffff:10.0.0.1")));
    // an IPv4-mapped address built byte by byte stays an Inet6Address in some JDK paths
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = (byte) 169;
    mapped[13] = (byte) 254;
    mapped[14] = (byte) 169;
    mapped[15] = (byte) 254;
    assertTrue(
        AddressRules.refusal(java.net.Inet6Address.getByAddress(null, mapped, -1)).isPresent());
  }

  @Test
  void literals_are_read_without_dns_and_names_are_not_literals() {
    assertEquals("169.254.169.254", AddressRules.literal("169.254.169.254").get().getHostAddress());
    assertEquals("169.254.169.254", AddressRules.literal("2852039166").get().getHostAddress());
    assertTrue(AddressRules.literal("fe80::1").isPresent());
    assertEquals(Optional.empty(), AddressRules.literal("metadata.google.internal"));
    assertEquals(Optional.empty(), AddressRules.literal("llm.example.com"));
  }

  @Test
  void the_google_metadata_name_is_refused_by_name() {
    assertTrue(AddressRules.nameRefusal("metadata.google.internal").isPresent());
    assertEquals(Optional.empty(), AddressRules.nameRefusal("metadata.example.com"));
  }
}
