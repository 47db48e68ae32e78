/**
 * What the vector benchmark measures and prints: per-round ingest results, per-query search
 * latencies and recall, CPU of this JVM and of the PostgreSQL backend from {@code /proc}, the
 * markdown tables, the targets judged and the recall sweep, and the progress log on standard error.
 */
package io.cmsai.bench.vector.report;
