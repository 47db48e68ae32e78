package io.cmsai.bench.vector;

import io.cmsai.bench.vector.contenders.IngestContender;
import io.cmsai.bench.vector.contenders.OursLucene;
import io.cmsai.bench.vector.contenders.OursLuceneSearch;
import io.cmsai.bench.vector.contenders.PlainLucene;
import io.cmsai.bench.vector.contenders.RawLucene;
import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.bench.vector.data.RunOptions;
import io.cmsai.bench.vector.report.Findings;
import io.cmsai.testing.WorkDirs;
import java.util.List;
import java.util.Locale;

/**
 * Every embedded-store measurement for one data set: LuceneVectorStore.upsert against a plain
 * IndexWriter (HNSW only), then LuceneVectorStore.search against a plain KnnFloatVectorQuery on the
 * same index. The indexes live under --work-dir and are deleted at the end unless --keep.
 */
final class EmbeddedRun {
  private final RunOptions opts;
  private final Findings findings;
  private final StringBuilder report;
  private final IngestRounds ingest;
  private final SearchRounds search;

  EmbeddedRun(RunOptions opts, Findings findings) {
    this.opts = opts;
    this.findings = findings;
    this.report = findings.report();
    this.ingest = new IngestRounds(opts, findings);
    this.search = new SearchRounds(opts, findings);
  }

  /**
   * Every embedded-store measurement for one data set: HNSW only (the store builds the graph for
   * every index type; "none" only changes how it searches).
   */
  void run(Dataset data, int[][] exact) throws Exception {
    findings.store("embedded");
    OursLucene candidate = new OursLucene(opts.workDir().resolve("store"));
    RawLucene baseline = new RawLucene(opts.workDir().resolve("raw"));
    List<IngestContender> contenders = List.of(baseline, candidate);
    try {
      ingest.warmUp(contenders, data);
      String keepOurs = RunOptions.table("ours", data.dims(), true);
      String keepRaw = RunOptions.table("raw", data.dims(), true);
      ingest.run(
          contenders, data, true, opts.options().getInt("embedded-rounds", 1), keepOurs, keepRaw);
      if (opts.efs().isEmpty()) {
        return;
      }
      candidate.reopen();
      try (PlainLucene plain =
              new PlainLucene(
                  candidate.path(), "plain KnnFloatVectorQuery" + " on the same index");
          PlainLucene oneCommit =
              new PlainLucene(
                  baseline.path(),
                  "diagnostic: plain" + " KnnFloatVectorQuery on the one-commit index")) {
        report.append(
            String.format(
                Locale.ROOT,
                "%n#### Embedded (Lucene): search, top %d, %d" + " queries (index %s)%n%n",
                opts.topK(),
                data.queries().length,
                keepOurs));
        report.append(
            String.format(
                Locale.ROOT,
                "Baseline: `new IndexSearcher(DirectoryReader"
                    + ".open(FSDirectory.open(<the store's folder>)))`, `searcher.search(new"
                    + " KnnFloatVectorQuery(\"vector\", q, n), n)` with n = max(top k, candidates), then"
                    + " the stored fields of the top %d. The store's index has %s; the one-commit index"
                    + " %s.%n%n",
                opts.topK(),
                plain.shape(),
                oneCommit.shape()));
        search.run(plain, new OursLuceneSearch(candidate.store()), List.of(oneCommit), data, exact);
      }
    } finally {
      for (IngestContender c : contenders) {
        c.close();
      }
      if (!opts.keep()) {
        WorkDirs.deleteTree(opts.workDir().resolve("store"));
        WorkDirs.deleteTree(opts.workDir().resolve("raw"));
      }
    }
  }
}
