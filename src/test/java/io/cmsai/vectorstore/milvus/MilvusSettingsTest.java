package io.cmsai.vectorstore.milvus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MilvusSettingsTest {

  @Test
  void defaults_are_cosine_hnsw_strong_consistency_and_no_token() {
    MilvusSettings settings = MilvusSettings.builder("http://milvus:19530", "docs", 384).build();

    assertEquals(DistanceMetric.COSINE, settings.metric());
    assertEquals(IndexSpec.hnsw(), settings.index());
    assertEquals(MilvusConsistency.STRONG, settings.consistency());
    assertEquals(Optional.empty(), settings.tokenReference());
    assertEquals(Optional.empty(), settings.database());
    assertEquals(MilvusSettings.DEFAULT_REQUEST_TIMEOUT, settings.requestTimeout());
    assertEquals("milvus:19530", settings.address());
  }

  @Test
  void the_port_defaults_to_19530_and_https_is_kept() {
    assertEquals(
        "zilliz.example:19530",
        MilvusSettings.builder("https://zilliz.example/", "docs", 8).build().address());
    assertEquals(
        "https://zilliz.example",
        MilvusSettings.builder("https://zilliz.example/", "docs", 8).build().uri());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1docs",
        "docs-2024",
        "docs.v2",
        "docs; drop collection x",
        "docs\" or 1==1 or \"",
        "döcs",
        "docs ",
        "docs\n"
      })
  void invalid_collection_names_are_refused(String name) {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> MilvusSettings.builder("http://localhost:19530", name, 8).build());

    assertTrue(
        refused.getMessage().startsWith("invalid Milvus collection name"), refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"), "control characters are not echoed");
  }

  @Test
  void names_follow_milvus_rules_up_to_255_characters() {
    String longest = "_" + "a".repeat(254);
    assertEquals(longest, MilvusSettings.builder("http://h:1", longest, 8).build().collection());
    assertEquals(
        "Docs_2024", MilvusSettings.builder("http://h:1", "Docs_2024", 8).build().collection());
    assertThrows(
        IllegalArgumentException.class,
        () -> MilvusSettings.builder("http://h:1", longest + "a", 8).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> MilvusSettings.builder("http://h:1", "docs", 8).database("my-db").build());
  }

  @Test
  void a_uri_with_credentials_is_refused_without_echoing_them() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> MilvusSettings.builder("http://root:s3cret@milvus:19530", "docs", 8).build());

    assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    assertTrue(refused.getMessage().contains("credentials"), refused.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "milvus:19530",
        "tcp://milvus:19530",
        "http://milvus:19530/db",
        "http://:19530",
        "http://milvus:19530?x=1"
      })
  void uris_other_than_http_or_https_host_port_are_refused(String uri) {
    assertThrows(
        IllegalArgumentException.class, () -> MilvusSettings.builder(uri, "docs", 8).build());
  }

  @Test
  void index_parameters_must_belong_to_the_index_type_and_fit_milvus_ranges() {
    assertThrows(
        IllegalArgumentException.class,
        () -> settings().index(IndexSpec.of(IndexType.HNSW, Map.of("lists", 10))).build());
    assertThrows(
        IllegalArgumentException.class, () -> settings().index(IndexSpec.hnsw(1, 64)).build());
    assertThrows(
        IllegalArgumentException.class, () -> settings().index(IndexSpec.ivfFlat(70_000)).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> settings().index(IndexSpec.of(IndexType.NONE, Map.of("m", 4))).build());
    assertEquals(
        IndexSpec.ivfFlat(1024), settings().index(IndexSpec.ivfFlat(1024)).build().index());
  }

  @Test
  void the_fingerprint_must_agree_with_dimension_and_metric() {
    EmbeddingFingerprint other = new EmbeddingFingerprint("m", 16, DistanceMetric.COSINE, true);

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> settings().fingerprint(other).build());

    assertTrue(refused.getMessage().contains("16 dimensions"), refused.getMessage());
  }

  @Test
  void timeouts_must_be_positive_and_token_references_valid() {
    assertThrows(
        IllegalArgumentException.class, () -> settings().requestTimeout(Duration.ZERO).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> settings().loadTimeout(Duration.ofSeconds(-1)).build());
    assertThrows(
        IllegalArgumentException.class, () -> settings().tokenReference("bad name!").build());
    assertEquals(
        Optional.of("milvus.token"),
        settings().tokenReference("milvus.token").build().tokenReference());
    assertEquals(Optional.empty(), settings().tokenReference(" ").build().tokenReference());
  }

  @Test
  void consistency_levels_parse_in_any_case() {
    assertEquals(MilvusConsistency.BOUNDED, MilvusConsistency.parse(" Bounded "));
    assertEquals(MilvusConsistency.EVENTUALLY, MilvusConsistency.parse("eventually"));
    assertThrows(IllegalArgumentException.class, () -> MilvusConsistency.parse("customized"));
  }

  @Test
  void with_collection_keeps_everything_else() {
    MilvusSettings settings = settings().tokenReference("t").database("cms").build();

    MilvusSettings other = settings.withCollection("other");

    assertEquals("other", other.collection());
    assertEquals(settings.tokenReference(), other.tokenReference());
    assertEquals(settings.database(), other.database());
    assertThrows(IllegalArgumentException.class, () -> settings.withCollection("bad-name"));
  }

  private static MilvusSettings.Builder settings() {
    return MilvusSettings.builder("http://localhost:19530", "docs", 8);
  }
}
