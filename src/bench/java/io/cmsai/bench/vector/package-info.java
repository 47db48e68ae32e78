/**
 * The vector store benchmark: ingest rate and search latency/recall of the pgvector adapter and the
 * embedded Lucene store against the cheapest way of doing the same by hand, run by {@code
 * bench/run-vector-bench.sh}. {@link io.cmsai.bench.vector.VectorBench} is the program; the ingest
 * and search rounds and the per-store runs live here, {@code contenders} holds the ways of writing
 * and searching, {@code data} the options, data sets and PostgreSQL fixture, {@code report} the
 * results, meters and markdown tables. Results: {@code docs/BENCHMARKS.md}.
 */
package io.cmsai.bench.vector;
