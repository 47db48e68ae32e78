package io.cmsai.provider;

import java.time.Duration;

/**
 * How a call went, measured by the module.
 *
 * @param latency from the start of the call (including retries) to its end
 * @param timeToFirstToken from the start of the call to the first answer text of a stream, or to
 *     the first response byte of a call that is not streamed
 * @param attempts requests sent (1 when the first attempt succeeded)
 */
public record CallMetrics(Duration latency, Duration timeToFirstToken, int attempts) {}
