package io.cmsai.bench.vector.data;

import java.util.List;
import java.util.Locale;

/** Words per passage: min / mean / max, for the report. */
public record IntSummaryStatisticsHolder(int min, double mean, int max) {
  public static IntSummaryStatisticsHolder of(List<String> texts) {
    var stats = texts.stream().mapToInt(t -> t.split(" ").length).summaryStatistics();
    return new IntSummaryStatisticsHolder(stats.getMin(), stats.getAverage(), stats.getMax());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d–%d words, mean %.0f", min, max, mean);
  }
}
