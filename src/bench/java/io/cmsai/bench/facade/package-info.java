/**
 * The facade streaming benchmark: the OpenAI-compatible facade against the same fake upstream
 * called directly and behind nginx, run by {@code bench/run-facade-bench.sh}. {@link
 * io.cmsai.bench.facade.FacadeBench} is the program; {@code contenders} holds the paths it drives
 * and its HTTP client, {@code data} the workload, the fake upstream and the stream checks, {@code
 * report} the statistics, meters and markdown tables. Results: {@code docs/BENCHMARKS.md}.
 */
package io.cmsai.bench.facade;
