package io.cmsai.bench.vector.report;

import io.cmsai.bench.vector.data.Dataset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Latencies and answers of one search path over all rounds. */
public final class SearchRun {
  private final List<Long> nanos = new ArrayList<>();
  private final Map<Integer, List<String>> answers = new LinkedHashMap<>();
  private long cpuQueries;
  private long clientCpuNanos;
  private long serverCpuNanos;
  private boolean serverUnknown;

  public void addCpu(int queries, long client, long server) {
    cpuQueries += queries;
    clientCpuNanos += client;
    serverCpuNanos += Math.max(0, server);
    serverUnknown |= server < 0;
  }

  public void add(long latency, int query, List<String> ids) {
    nanos.add(latency);
    answers.putIfAbsent(query, ids);
  }

  public double p(double quantile) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  public double mean() {
    return nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
  }

  public double recall(int[][] exact) {
    double sum = 0;
    for (Map.Entry<Integer, List<String>> e : answers.entrySet()) {
      Set<Integer> truth = new HashSet<>();
      for (int i : exact[e.getKey()]) {
        truth.add(i);
      }
      long hits = e.getValue().stream().map(Dataset::row).filter(truth::contains).count();
      sum += (double) hits / exact[e.getKey()].length;
    }
    return sum / answers.size();
  }

  public int sameAnswers(SearchRun other) {
    int same = 0;
    for (Map.Entry<Integer, List<String>> e : answers.entrySet()) {
      if (e.getValue().equals(other.answers.get(e.getKey()))) {
        same++;
      }
    }
    return same;
  }

  public String row(String ef, String path, double recall, SearchRun baseline) {
    return String.format(
        Locale.ROOT,
        "| %s | %s | %.2f | %.2f | %.2f | %.3f | %s | %s | %.3f | %s" + " |%n",
        ef,
        path,
        p(0.5),
        p(0.99),
        mean(),
        recall,
        baseline == null ? "" : String.format(Locale.ROOT, "**%.2f**", p(0.5) / baseline.p(0.5)),
        baseline == null ? "" : String.format(Locale.ROOT, "%.2f", p(0.99) / baseline.p(0.99)),
        clientCpuNanos / 1e6 / Math.max(1, cpuQueries),
        serverUnknown
            ? "n/a"
            : String.format(Locale.ROOT, "%.3f", serverCpuNanos / 1e6 / Math.max(1, cpuQueries)));
  }
}
