package io.cmsai.bench.facade.data;

import io.cmsai.bench.Options;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the benchmark runs: content tokens per stream, the plan (concurrencies), the upstream
 * pacings in ms between tokens (the first is the main figure), rounds per path and the warm-up
 * size. {@code planText} and {@code delaysText} are the options as given, for the report.
 */
public record Workload(
    int tokens,
    int rounds,
    int warmup,
    String planText,
    String delaysText,
    List<Step> plan,
    List<Double> delays) {

  /** The text of every content token the fake upstream sends. */
  public static final String TOKEN_TEXT = "tok ";

  static final String DEFAULT_PLAN = "1x100,50x6,200x4";
  static final String DEFAULT_DELAYS = "10,0";
  static final int DEFAULT_WARMUP = 3000;
  static final int DEFAULT_TOKENS = 50;

  public Workload {
    plan = List.copyOf(plan);
    delays = List.copyOf(delays);
  }

  /**
   * The whole workload from the options ({@code --tokens --rounds --warmup --plan --delays}).
   *
   * @throws NumberFormatException on a malformed number, plan step or pacing
   */
  public static Workload of(Options o) {
    String plan = o.get("plan", DEFAULT_PLAN);
    String delays = o.get("delays", DEFAULT_DELAYS);
    return new Workload(
        o.getInt("tokens", DEFAULT_TOKENS),
        o.getInt("rounds", 2),
        o.getInt("warmup", DEFAULT_WARMUP),
        plan,
        delays,
        parsePlan(plan),
        parseDelays(delays));
  }

  /** Upstream time for one whole stream at a pacing, in ns: the spread of client starts. */
  public long streamNanos(double delayMs) {
    return (long) (tokens * delayMs * 1_000_000L);
  }

  static List<Step> parsePlan(String plan) {
    List<Step> steps = new ArrayList<>();
    for (String step : plan.split(",")) {
      String[] cm = step.trim().split("x");
      steps.add(new Step(Integer.parseInt(cm[0]), Integer.parseInt(cm[1])));
    }
    return steps;
  }

  static List<Double> parseDelays(String delays) {
    List<Double> list = new ArrayList<>();
    for (String d : delays.split(",")) {
      list.add(Double.parseDouble(d.trim()));
    }
    return Collections.unmodifiableList(list);
  }
}
