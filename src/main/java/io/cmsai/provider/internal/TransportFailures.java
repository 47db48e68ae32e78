package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.ProviderSettings;
import io.cmsai.provider.ProviderTimeoutException;
import io.cmsai.provider.ProviderTimeoutException.Phase;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/** Names the failures the HTTP client reports before any response: the server was not reached. */
final class TransportFailures {

  private TransportFailures() {}

  /**
   * The typed failure for a connect timeout, refusal, unknown host or TLS problem, if it is one.
   */
  static Optional<AiProviderException> beforeResponse(Throwable error, Connection connection) {
    ProviderSettings settings = connection.settings();
    String where = where(settings);
    if (error instanceof HttpConnectTimeoutException) {
      return Optional.of(
          new ProviderTimeoutException(
              "timed out after "
                  + settings.timeouts().connect().toMillis()
                  + " ms connecting to "
                  + where
                  + " (connect timeout)",
              Phase.CONNECT,
              settings.timeouts().connect(),
              error));
    }
    // Before the refusal: the JDK client reports a name that does not resolve as a ConnectException
    // caused by an UnresolvedAddressException, which is a DNS failure, not a refusal.
    if (is(error, UnresolvedAddressException.class) || is(error, UnknownHostException.class)) {
      return Optional.of(
          new ProviderConnectionException(
              "unknown host " + settings.baseUrl().getHost() + ": check the base URL", error));
    }
    if (is(error, ConnectException.class)) {
      return Optional.of(
          new ProviderConnectionException(
              "connection refused by "
                  + where
                  + ": is the server running? (vLLM only listens once its model is loaded)",
              error));
    }
    if (is(error, SSLException.class)) {
      return Optional.of(
          new ProviderConnectionException(
              "TLS problem with " + where + ": " + error.getMessage(), error));
    }
    return Optional.empty();
  }

  /** {@code host:port} of the server. */
  static String where(ProviderSettings settings) {
    int port = settings.baseUrl().getPort();
    if (port <= 0) {
      port = "https".equals(settings.baseUrl().getScheme()) ? 443 : 80;
    }
    return settings.baseUrl().getHost() + ":" + port;
  }

  /** Whether {@code error} or any of its causes is a {@code type}. */
  private static boolean is(Throwable error, Class<? extends Throwable> type) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (type.isInstance(e)) {
        return true;
      }
    }
    return false;
  }
}
