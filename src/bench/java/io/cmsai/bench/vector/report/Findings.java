package io.cmsai.bench.vector.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What one run has found so far: the markdown report, the targets judged, the recall sweep, and
 * what is being measured now (data set and dimension, then the store). Not thread-safe: the
 * benchmark measures one thing at a time.
 */
public final class Findings {
  private final StringBuilder report = new StringBuilder();
  private final List<TargetResult> targets = new ArrayList<>();
  private final List<SweepPoint> sweep = new ArrayList<>();
  private String scope = "";
  private String store = "";

  /** The markdown report, appended to as the run goes. */
  public StringBuilder report() {
    return report;
  }

  public List<TargetResult> targets() {
    return targets;
  }

  public List<SweepPoint> sweep() {
    return sweep;
  }

  /** The data set and dimension measured now, e.g. "uniform 384-d". */
  public String scope() {
    return scope;
  }

  public void scope(String scope) {
    this.scope = scope;
  }

  /** The store measured now: "pgvector" or "embedded". */
  public String store() {
    return store;
  }

  public void store(String store) {
    this.store = store;
  }

  public boolean embedded() {
    return store.equals("embedded");
  }

  /** The store's name in headings. */
  public String storeName() {
    return embedded() ? "Embedded (Lucene)" : "pgvector";
  }
}
