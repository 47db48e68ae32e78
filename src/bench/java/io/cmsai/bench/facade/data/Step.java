package io.cmsai.bench.facade.data;

/** One concurrency of the plan: {@code clients} clients, each running its streams in sequence. */
public record Step(int clients, int streamsPerClient) {}
