/**
 * The provider's machinery behind the public services: the OpenAI-compatible HTTP client and its
 * connections ({@code OpenAiCompatibleClient}, {@code Connection}), one call with its retries,
 * permits and deadlines ({@code Exchange}), the circuit breaker and bulkhead, stream parsing and
 * assembly, the tolerant error decoder, the outbound gate, secret redaction ({@code Redactor},
 * public as {@link io.cmsai.provider.Redaction}), the connection test ({@code ConnectionTester},
 * public as {@link io.cmsai.provider.ConnectionDiagnostics}) and the CDI beans that implement the
 * services ({@code Default*}). Not for use outside {@code io.cmsai.provider}.
 */
package io.cmsai.provider.internal;
