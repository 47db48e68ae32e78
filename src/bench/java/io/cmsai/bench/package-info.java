/**
 * The module's benchmarks, compiled in the build ({@code -Pbench}) and run by the scripts in {@code
 * bench/}: {@code facade} (the OpenAI-compatible facade's streaming overhead) and {@code vector}
 * (the vector stores' ingest and search). This package holds what both share.
 */
package io.cmsai.bench;
