/**
 * MicroProfile Health checks: {@code /health/live} (the JVM can make progress) and {@code
 * /health/ready} (the module started and its database answers). Checks never call an inference
 * server on a request path; the provider adds its own cached readiness later.
 */
package io.cmsai.health;
