/**
 * What the facade benchmark sends and expects: its options, the workload (tokens, plan, pacings),
 * the fake OpenAI-compatible upstream with its control endpoints, and the check every stream passes
 * (HTTP 200, exactly N content chunks, one usage chunk, {@code [DONE]} last).
 */
package io.cmsai.bench.facade.data;
