package io.cmsai.config;

import io.cmsai.config.internal.AddressRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Where the module may connect to on an administrator's behalf (inference server base URL,
 * PostgreSQL of pgvector, Milvus): anywhere except link-local and cloud metadata addresses
 * (169.254.0.0/16 with 169.254.169.254, fe80::/10, fd00:ec2::254, 100.100.100.200, {@code
 * metadata.google.internal}), which could hand out the server's cloud credentials. Hosts listed in
 * {@value #ALLOWED_HOSTS_KEY} (comma-separated names or IP addresses, read at start-up) are exempt.
 *
 * <p>Checked twice: {@link #problem} when settings are saved or tested (the host as written, no
 * DNS), and {@link #check} right before connecting (after DNS: a name that resolves to a refused
 * address is refused too; the JVM's DNS cache makes the client use the addresses checked here).
 * Thread-safe.
 */
@ApplicationScoped
public class OutboundPolicy {

  /** Configuration key of the hosts exempt from the policy. */
  public static final String ALLOWED_HOSTS_KEY = "cms.ai.outbound.allowed-hosts";

  /** Resolves a host name to its addresses (DNS, or a fake in tests). */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final Set<String> allowedHosts;
  private final Set<InetAddress> allowedAddresses;
  private final Resolver dns;

  /** For CDI proxies only. */
  protected OutboundPolicy() {
    this.allowedHosts = null;
    this.allowedAddresses = null;
    this.dns = null;
  }

  @Inject
  public OutboundPolicy(Config config) {
    this(
        ModuleSettings.ALLOWED_HOSTS
            .find(config)
            .map(v -> Arrays.asList(v.split(",")))
            .orElse(java.util.List.of()),
        InetAddress::getAllByName);
  }

  /**
   * A policy exempting {@code allowedHosts} (names or IP literals), resolving names with {@code
   * dns}.
   */
  public OutboundPolicy(Collection<String> allowedHosts, Resolver dns) {
    this.allowedHosts =
        allowedHosts.stream()
            .map(Destination::normalise)
            .filter(h -> !h.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    this.allowedAddresses =
        this.allowedHosts.stream()
            .map(AddressRules::literal)
            .flatMap(Optional::stream)
            .collect(Collectors.toUnmodifiableSet());
    this.dns = dns;
  }

  /**
   * Why a connection to {@code host} (as written in a URL) would be refused, judged without DNS, or
   * empty when it is allowed so far ({@link #check} still applies at connect time).
   */
  public Optional<String> problem(String host) {
    String h = Destination.normalise(host);
    if (allowedHosts.contains(h)) {
      return Optional.empty();
    }
    Optional<String> why =
        AddressRules.nameRefusal(h).or(() -> AddressRules.literal(h).flatMap(this::refusal));
    return why.map(w -> refusedMessage(h, w));
  }

  /**
   * Checks {@code destination} right before connecting: its written host, then every address it
   * resolves to.
   *
   * @throws DestinationRefusedException when the host or one of its addresses is refused; a name
   *     that does not resolve is left to the connection to report
   */
  public void check(Destination destination) {
    String host = destination.host();
    Optional<String> written = problem(host);
    if (written.isPresent()) {
      throw new DestinationRefusedException(written.get());
    }
    if (allowedHosts.contains(host)) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = dns.resolve(host);
    } catch (UnknownHostException e) {
      return;
    }
    for (InetAddress address : addresses) {
      Optional<String> why = refusal(address);
      if (why.isPresent()) {
        throw new DestinationRefusedException(
            refusedMessage(host + " (" + address.getHostAddress() + ")", why.get()));
      }
    }
  }

  private Optional<String> refusal(InetAddress address) {
    return allowedAddresses.contains(address) ? Optional.empty() : AddressRules.refusal(address);
  }

  private static String refusedMessage(String host, String why) {
    return host
        + " is "
        + why
        + ", which the module does not connect to by default (it could hand out the server's"
        + " cloud credentials); if it must, add the host to "
        + ALLOWED_HOSTS_KEY;
  }
}
