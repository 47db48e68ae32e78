/**
 * What the vector benchmark runs on: its options, the data sets (uniform and clustered random unit
 * vectors, real MiniLM embeddings of passages found on this machine, cached), their exact
 * neighbours by brute force, the PostgreSQL server from the environment (bench_* tables only) and
 * the working directories.
 */
package io.cmsai.bench.vector.data;
