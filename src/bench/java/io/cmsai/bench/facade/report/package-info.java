/**
 * What the facade benchmark measures and prints: per-round results, TTFT percentiles, tokens/s, CPU
 * of every process from {@code /proc}, the facade JVM's heap from {@code jstat} and {@code jcmd},
 * and the markdown tables comparing the paths.
 */
package io.cmsai.bench.facade.report;
