package io.cmsai.config.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which addresses the outbound policy refuses, and why: link-local addresses (IPv4 {@code
 * 169.254.0.0/16}, IPv6 {@code fe80::/10}) and the cloud metadata services (AWS, Azure, GCP, Oracle
 * {@code 169.254.169.254}; AWS IPv6 {@code fd00:ec2::254}; Alibaba Cloud {@code 100.100.100.200};
 * the name {@code metadata.google.internal}). IPv4 addresses embedded in IPv6 (mapped {@code
 * ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}) are judged by
 * their IPv4 part. Pure functions; thread-safe.
 */
public final class AddressRules {

  private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal");
  private static final byte[] AWS_V6_METADATA = v6("fd00:ec2::254");
  private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b};
  private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");

  private AddressRules() {}

  /** Why {@code address} is refused ("a link-local address", ...), or empty when it is not. */
  public static Optional<String> refusal(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return refusal4(v4.getAddress());
    }
    byte[] b = address.getAddress();
    if (Arrays.equals(b, AWS_V6_METADATA)) {
      return Optional.of("the AWS metadata service (IPv6)");
    }
    if (address instanceof Inet6Address v6 && v6.isLinkLocalAddress()) {
      return Optional.of("a link-local address (fe80::/10)");
    }
    return embeddedIpv4(b).flatMap(AddressRules::refusal4);
  }

  /** Why a host name is refused whatever it resolves to, or empty. */
  public static Optional<String> nameRefusal(String host) {
    return METADATA_NAMES.contains(host)
        ? Optional.of("the Google Cloud metadata service")
        : Optional.empty();
  }

  /**
   * The address a host written as an IP literal stands for ({@code 169.254.169.254}, {@code
   * fe80::1}, also the short numeric forms Java accepts such as {@code 2852039166}), or empty for a
   * host name. Never asks DNS for a name.
   */
  public static Optional<InetAddress> literal(String host) {
    if (!host.contains(":") && !NUMERIC.matcher(host).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(host));
    } catch (UnknownHostException | SecurityException e) {
      return Optional.empty(); // not a valid literal: the connection will fail on its own
    }
  }

  private static Optional<String> refusal4(byte[] a) {
    int first = a[0] & 0xff;
    int second = a[1] & 0xff;
    if (first == 169 && second == 254) {
      return Optional.of(
          (a[2] & 0xff) == 169 && (a[3] & 0xff) == 254
              ? "the cloud metadata service (169.254.169.254)"
              : "a link-local address (169.254.0.0/16)");
    }
    if (first == 100 && second == 100 && (a[2] & 0xff) == 100 && (a[3] & 0xff) == 200) {
      return Optional.of("the Alibaba Cloud metadata service (100.100.100.200)");
    }
    return Optional.empty();
  }

  /** The IPv4 address inside a mapped, compatible or NAT64 IPv6 address. */
  private static Optional<byte[]> embeddedIpv4(byte[] b) {
    if (b.length != 16) {
      return Optional.empty();
    }
    boolean zeroTen = allZero(b, 0, 10);
    boolean mapped = zeroTen && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeroTen && b[10] == 0 && b[11] == 0 && !allZero(b, 12, 16);
    boolean nat64 = Arrays.equals(Arrays.copyOf(b, 4), NAT64_PREFIX) && allZero(b, 4, 12);
    return mapped || compatible || nat64
        ? Optional.of(Arrays.copyOfRange(b, 12, 16))
        : Optional.empty();
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] v6(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
