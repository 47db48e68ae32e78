package io.cmsai.vectorstore.milvus;

import io.cmsai.vectorstore.DimensionMismatchException;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.StoreDescription;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.milvus.internal.MilvusSchema;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.service.collection.request.CreateCollectionReq;
import io.milvus.v2.service.collection.request.CreateCollectionReq.CollectionSchema;
import io.milvus.v2.service.collection.request.DescribeCollectionReq;
import io.milvus.v2.service.collection.request.HasCollectionReq;
import io.milvus.v2.service.collection.response.DescribeCollectionResp;
import io.milvus.v2.service.index.request.CreateIndexReq;
import io.milvus.v2.service.index.request.DescribeIndexReq;
import io.milvus.v2.service.index.response.DescribeIndexResp.IndexDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Creates the collection a store uses, or checks that an existing one fits its settings: the four
 * fields, the dimension, the index metric and the recorded embedding fingerprint must agree, or
 * opening fails (vectors of two models or metrics are never mixed). An existing collection's index
 * is kept even when the settings ask for another, and reported in the notes.
 */
final class MilvusCollection {

  private final MilvusSettings settings;
  private final MilvusClientV2 client;
  private final MilvusCalls calls;
  private final String name;

  MilvusCollection(MilvusSettings settings, MilvusClientV2 client, MilvusCalls calls) {
    this.settings = settings;
    this.client = client;
    this.calls = calls;
    this.name = "collection " + settings.collection();
  }

  /** Creates the collection unless it exists, then describes it. */
  StoreDescription open() {
    boolean exists =
        calls.call(
            "check whether " + name + " exists",
            () ->
                client.hasCollection(
                    HasCollectionReq.builder().collectionName(settings.collection()).build()));
    return exists ? existing() : create();
  }

  /**
   * The collection as it is, without creating or changing anything, and its row count; empty when
   * it does not exist.
   *
   * @throws VectorStoreException when it exists without the layout of a cms-ai store
   */
  Optional<StoreDescription> inspect() {
    boolean exists =
        calls.call(
            "check whether " + name + " exists",
            () ->
                client.hasCollection(
                    HasCollectionReq.builder().collectionName(settings.collection()).build()));
    if (!exists) {
      return Optional.empty();
    }
    DescribeCollectionResp collection =
        calls.call(
            "describe " + name,
            () ->
                client.describeCollection(
                    DescribeCollectionReq.builder().collectionName(settings.collection()).build()));
    List<String> problems = MilvusSchema.problems(collection.getCollectionSchema());
    if (!problems.isEmpty()) {
      throw new VectorStoreException(
          "Milvus " + name + " does not have the layout of a cms-ai store: " + problems);
    }
    Optional<IndexDesc> index = vectorIndex();
    DistanceMetric metric =
        index.flatMap(i -> MilvusSchema.metric(i.getMetricType())).orElse(settings.metric());
    List<String> notes = new ArrayList<>();
    if (index.isEmpty()) {
      notes.add("no vector index yet");
    }
    String qualified = settings.database().map(db -> db + ".").orElse("") + settings.collection();
    notes.add("consistency " + settings.consistency().name().toLowerCase(Locale.ROOT));
    return Optional.of(
        new StoreDescription(
            "milvus",
            qualified,
            MilvusSchema.dimension(collection.getCollectionSchema()),
            metric,
            index.map(MilvusSchema::indexSpec).orElse(io.cmsai.vectorstore.IndexSpec.none()),
            MilvusSchema.fingerprint(collection.getDescription()),
            String.join("; ", notes)));
  }

  /** The Milvus consistency level for {@code level}. */
  static ConsistencyLevel level(MilvusConsistency level) {
    return ConsistencyLevel.valueOf(level.name());
  }

  private StoreDescription create() {
    CreateCollectionReq request =
        CreateCollectionReq.builder()
            .collectionName(settings.collection())
            .description(MilvusSchema.description(settings.fingerprint()))
            .collectionSchema(MilvusSchema.schema(settings.dimension()))
            .indexParams(List.of(MilvusSchema.vectorIndex(settings.index(), settings.metric())))
            .consistencyLevel(level(settings.consistency()))
            .build();
    calls.run("create " + name, () -> client.createCollection(request));
    return description(settings.index(), settings.fingerprint(), List.of("created by cms-ai"));
  }

  private StoreDescription existing() {
    DescribeCollectionResp collection =
        calls.call(
            "describe " + name,
            () ->
                client.describeCollection(
                    DescribeCollectionReq.builder().collectionName(settings.collection()).build()));
    CollectionSchema schema = collection.getCollectionSchema();
    List<String> problems = MilvusSchema.problems(schema);
    if (!problems.isEmpty()) {
      throw new VectorStoreException(
          "Milvus "
              + name
              + " does not have the layout of a cms-ai store: "
              + String.join("; ", problems)
              + ". Use another collection name, or drop this one if it is not needed");
    }
    int dimension = MilvusSchema.dimension(schema);
    if (dimension != settings.dimension()) {
      throw new DimensionMismatchException(
          "Milvus " + name, dimension, settings.dimension(), "the configured embedding model");
    }
    List<String> notes = new ArrayList<>();
    IndexSpec index = index(notes);
    Optional<EmbeddingFingerprint> fingerprint = fingerprint(collection.getDescription(), notes);
    return description(index, fingerprint, notes);
  }

  private IndexSpec index(List<String> notes) {
    Optional<IndexDesc> found = vectorIndex();
    if (found.isEmpty()) {
      IndexSpec wanted = settings.index();
      calls.run(
          "create the vector index of " + name,
          () ->
              client.createIndex(
                  CreateIndexReq.builder()
                      .collectionName(settings.collection())
                      .indexParams(List.of(MilvusSchema.vectorIndex(wanted, settings.metric())))
                      .sync(false)
                      .build()));
      notes.add("the collection had no vector index; created " + describe(wanted));
      return wanted;
    }
    IndexDesc index = found.get();
    DistanceMetric metric =
        MilvusSchema.metric(index.getMetricType())
            .orElseThrow(
                () ->
                    new VectorStoreException(
                        "Milvus "
                            + name
                            + " uses the metric "
                            + index.getMetricType()
                            + ", which cms-ai does not support: use a new collection"));
    if (metric != settings.metric()) {
      throw new VectorStoreException(
          "Milvus "
              + name
              + " compares vectors by "
              + metric.id()
              + " but the settings say "
              + settings.metric().id()
              + ": set the metric to "
              + metric.id()
              + ", or re-index into a new collection");
    }
    IndexSpec spec = MilvusSchema.indexSpec(index);
    if (!spec.equals(settings.index())) {
      notes.add(
          "kept the collection's index "
              + describe(spec)
              + " ("
              + index.getIndexType()
              + "); the settings ask for "
              + describe(settings.index()));
    }
    return spec;
  }

  private Optional<IndexDesc> vectorIndex() {
    try {
      return calls
          .call(
              "describe the vector index of " + name,
              () ->
                  client.describeIndex(
                      DescribeIndexReq.builder()
                          .collectionName(settings.collection())
                          .fieldName(MilvusSchema.VECTOR)
                          .build()))
          .getIndexDescriptions()
          .stream()
          .findFirst();
    } catch (VectorStoreException e) {
      if (e.getMessage().toLowerCase(Locale.ROOT).contains("index not found")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Optional<EmbeddingFingerprint> fingerprint(String description, List<String> notes) {
    Optional<EmbeddingFingerprint> recorded = MilvusSchema.fingerprint(description);
    if (recorded.isPresent() && settings.fingerprint().isPresent()) {
      String difference = recorded.get().difference(settings.fingerprint().get());
      if (!difference.isEmpty()) {
        throw new VectorStoreException(
            "Milvus "
                + name
                + " was built with another embedding model ("
                + difference
                + "): re-index into a new collection, or use the model it was built with");
      }
    }
    if (recorded.isEmpty()) {
      notes.add("no embedding fingerprint is recorded in the collection");
    }
    return recorded;
  }

  private StoreDescription description(
      IndexSpec index, Optional<EmbeddingFingerprint> fingerprint, List<String> notes) {
    List<String> all = new ArrayList<>(notes);
    all.add("consistency " + settings.consistency().name().toLowerCase(Locale.ROOT));
    String qualified = settings.database().map(db -> db + ".").orElse("") + settings.collection();
    return new StoreDescription(
        "milvus",
        qualified,
        settings.dimension(),
        settings.metric(),
        index,
        fingerprint,
        String.join("; ", all));
  }

  private static String describe(IndexSpec spec) {
    return spec.parameters().isEmpty()
        ? spec.type().name()
        : spec.type().name() + " " + spec.parameters();
  }
}
