package io.cmsai.vectorstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.VectorStoreSettings.Kind;
import io.cmsai.vectorstore.milvus.MilvusConsistency;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Vector store settings: defaults, kinds, names per kind, field-level problems. */
class VectorStoreConfigurationTest {

  private final Map<String, String> saved = new HashMap<>();
  private final Map<String, String> configured = new HashMap<>();
  private final VectorStoreConfiguration configuration =
      new VectorStoreConfiguration(
          k -> Optional.ofNullable(configured.get(k)),
          () -> Map.copyOf(saved),
          (values, removed) -> {
            saved.putAll(values);
            removed.forEach(saved::remove);
          });

  @Test
  void the_default_is_the_embedded_store_with_cosine_hnsw() {
    VectorStoreSettings settings = configuration.current();

    assertEquals(Kind.EMBEDDED, settings.kind());
    assertEquals("cms_ai_content", settings.name());
    assertEquals(DistanceMetric.COSINE, settings.metric());
    assertEquals(IndexSpec.hnsw(16, 64), settings.index());
    assertEquals(MilvusConsistency.STRONG, settings.milvus().consistency());
  }

  @Test
  void saved_values_override_configured_ones_and_read_back_as_text() {
    configured.put("cms.ai.vector.kind", "pgvector");
    configured.put("cms.ai.vector.pg-url", "jdbc:postgresql://db:5432/portal");

    VectorStoreSettings settings =
        configuration.save(
            Map.of(
                "cms.ai.vector.index", "ivfflat",
                "cms.ai.vector.ivfflat-lists", "200",
                "cms.ai.vector.pg-password-ref", "portal.db-password"));

    assertEquals(Kind.PGVECTOR, settings.kind());
    assertEquals(IndexSpec.ivfFlat(200), settings.index());
    assertEquals("portal.db-password", settings.postgres().passwordRef());
    Map<String, String> texts = configuration.texts();
    Map<String, String> full = new HashMap<>();
    texts.forEach((k, v) -> full.put(VectorStoreConfiguration.PREFIX + k, v));
    assertEquals(
        settings,
        new VectorStoreConfiguration(k -> Optional.ofNullable(full.get(k)), Map::of, (a, b) -> {})
            .current());
  }

  @Test
  void names_follow_the_rules_of_the_chosen_kind_and_every_bad_field_is_named() {
    assertTrue(
        configuration
            .problems(Map.of("cms.ai.vector.kind", "milvus", "cms.ai.vector.name", "SiteContent"))
            .isEmpty(),
        "a Milvus collection may use capitals");

    Map<String, String> problems =
        configuration.problems(
            Map.of(
                "cms.ai.vector.kind", "pgvector",
                "cms.ai.vector.name", "docs\"; DROP TABLE x; --",
                "cms.ai.vector.metric", "hamming",
                "cms.ai.vector.pg-url", "mysql://x",
                "cms.ai.vector.milvus-consistency", "sometimes",
                "cms.ai.vector.pg-password-ref", "s3cret value!"));

    assertEquals(
        java.util.Set.of(
            "cms.ai.vector.name",
            "cms.ai.vector.metric",
            "cms.ai.vector.pg-url",
            "cms.ai.vector.milvus-consistency",
            "cms.ai.vector.pg-password-ref"),
        problems.keySet());
    assertTrue(problems.get("cms.ai.vector.name").contains("lower-case"), problems.toString());
    assertTrue(problems.get("cms.ai.vector.metric").contains("cosine, l2 or inner-product"));
    assertTrue(saved.isEmpty());
  }

  @Test
  void text_search_configuration_user_and_milvus_database_are_checked_before_saving() {
    Map<String, String> problems =
        configuration.problems(
            Map.of(
                "cms.ai.vector.text-search-config", "english'; DROP",
                "cms.ai.vector.pg-user", "a\r\nb",
                "cms.ai.vector.milvus-database", "a\" or 1==1 or \""));

    assertEquals(
        java.util.Set.of(
            "cms.ai.vector.text-search-config",
            "cms.ai.vector.pg-user",
            "cms.ai.vector.milvus-database"),
        problems.keySet());
    assertTrue(problems.get("cms.ai.vector.text-search-config").contains("simple"));
    assertTrue(saved.isEmpty());
    assertEquals(
        Map.of(),
        configuration.problems(
            Map.of(
                "cms.ai.vector.text-search-config", "german",
                "cms.ai.vector.pg-user", "portal",
                "cms.ai.vector.milvus-database", "site_search")));
    assertTrue(
        configuration
            .problems(Map.of("cms.ai.vector.pg-user", "u".repeat(64)))
            .containsKey("cms.ai.vector.pg-user"));
  }

  @Test
  void an_overlong_value_is_refused_by_save_too() {
    assertThrows(
        IllegalArgumentException.class,
        () -> configuration.save(Map.of("cms.ai.vector.name", "n".repeat(8001))));
    assertTrue(saved.isEmpty());
  }
}
