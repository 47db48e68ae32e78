package io.cmsai.provider;

/**
 * Health of the configured inference server. {@link #status()} never makes a network call, so it is
 * safe on any request path; probing happens in the background or on {@link #check()}. Thread-safe.
 */
public interface ProviderHealth {

  /**
   * The last known status (UNKNOWN before the first probe). When it is older than the refresh
   * interval, a background probe is started; the call itself returns at once.
   */
  HealthStatus status();

  /**
   * Probes the server now and waits for the result (bounded by the connect and first-byte limits).
   */
  HealthStatus check();
}
