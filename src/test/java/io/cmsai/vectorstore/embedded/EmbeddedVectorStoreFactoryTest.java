package io.cmsai.vectorstore.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.platform.DataDirectory;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStoreConfiguration;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.VectorStoreFactory.Inspection;
import io.cmsai.vectorstore.VectorStoreFactory.OpenedStore;
import io.cmsai.vectorstore.VectorStoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dropping an embedded index (the start of a re-index for another model). */
class EmbeddedVectorStoreFactoryTest {

  @TempDir Path temp;

  private static final EmbeddingFingerprint SMALL =
      new EmbeddingFingerprint("all-minilm-l6-v2", 4, DistanceMetric.COSINE, true);
  private static final EmbeddingFingerprint LARGE =
      new EmbeddingFingerprint("bge-base-en-v1.5", 8, DistanceMetric.COSINE, true);

  private static VectorStoreSettings settings(String name) {
    VectorStoreSettings defaults =
        new VectorStoreConfiguration(k -> Optional.empty(), Map::of, (values, removed) -> {})
            .current();
    return new VectorStoreSettings(
        VectorStoreSettings.Kind.EMBEDDED,
        name,
        defaults.metric(),
        defaults.index(),
        defaults.postgres(),
        defaults.milvus());
  }

  private EmbeddedVectorStoreFactory factory() {
    return new EmbeddedVectorStoreFactory(new DataDirectory(temp.toString()));
  }

  private static void fill(
      EmbeddedVectorStoreFactory factory, VectorStoreSettings settings, EmbeddingFingerprint model)
      throws Exception {
    OpenedStore opened = factory.open(settings, model.dimension(), Optional.of(model));
    try {
      float[] vector = new float[model.dimension()];
      vector[0] = 1;
      opened.store().upsert(List.of(new VectorRecord("a", vector), new VectorRecord("b", vector)));
    } finally {
      opened.resources().close();
    }
  }

  @Test
  void a_dropped_index_is_gone_and_reopens_empty_with_another_dimension() throws Exception {
    EmbeddedVectorStoreFactory factory = factory();
    VectorStoreSettings settings = settings("content");
    fill(factory, settings, SMALL);
    Path folder = EmbeddedVectorStoreFactory.directoryOf(temp, "content");
    assertTrue(Files.isDirectory(folder));
    assertThrows(
        VectorStoreException.class,
        () -> factory.open(settings, LARGE.dimension(), Optional.of(LARGE)),
        "without a drop the old dimension is kept");

    factory.drop(settings);

    assertFalse(Files.exists(folder));
    Inspection gone = factory.inspect(settings);
    assertEquals(Optional.empty(), gone.description());
    assertEquals(0, gone.count());
    OpenedStore reopened = factory.open(settings, LARGE.dimension(), Optional.of(LARGE));
    try {
      assertEquals(8, reopened.store().describe().dimension());
      assertEquals(Optional.of(LARGE), reopened.store().describe().fingerprint());
      assertEquals(0, reopened.store().count());
    } finally {
      reopened.resources().close();
    }
  }

  @Test
  void dropping_an_index_that_does_not_exist_does_nothing() {
    EmbeddedVectorStoreFactory factory = factory();

    factory.drop(settings("never_made"));

    assertFalse(Files.exists(EmbeddedVectorStoreFactory.directoryOf(temp, "never_made")));
  }

  @Test
  void dropping_one_index_leaves_the_others() throws Exception {
    EmbeddedVectorStoreFactory factory = factory();
    fill(factory, settings("first"), SMALL);
    fill(factory, settings("second"), SMALL);

    factory.drop(settings("first"));

    assertEquals(Optional.empty(), factory.inspect(settings("first")).description());
    Inspection second = factory.inspect(settings("second"));
    assertEquals(4, second.description().orElseThrow().dimension());
    assertEquals(2, second.count());
  }
}
