package io.cmsai.embeddings;

import io.cmsai.config.SettingsRepository;
import io.cmsai.embeddings.Dimension.Source;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The vector length of a model served by the provider, without failing when the server is down.
 * Looked up in this order:
 *
 * <ol>
 *   <li>the table of {@link EmbeddingModels} (a {@code dimensions} request is honoured for models
 *       that accept it);
 *   <li>an earlier probe's result, kept in the module database under {@code
 *       cms.ai.embeddings.dimension.<model>} ({@code ...<model>@<dimensions>} for a reduced
 *       request);
 *   <li>a probe: one real embedding of {@code "dimension probe"} through the {@link
 *       EmbeddingService}; the result is kept in memory and in the database.
 * </ol>
 *
 * When the probe fails (server down, model missing, key refused) the answer is {@link
 * Dimension.Pending} with the reason; a later lookup probes again, but not sooner than {@link
 * #RETRY_INTERVAL} after the failed one for the same model.
 *
 * <p>Thread-safe. Lookups of the same model wait for a probe in progress; lookups of other models
 * do not.
 */
@ApplicationScoped
public class EmbeddingDimensions {

  /** Prefix of the database keys of probed dimensions. */
  public static final String KEY_PREFIX = "cms.ai.embeddings.dimension.";

  /** The least time between two probes of the same model after a failure. */
  public static final Duration RETRY_INTERVAL = Duration.ofSeconds(30);

  static final String PROBE_TEXT = "dimension probe";

  private static final int MAX_KEY_LENGTH = 200;
  private static final Logger LOG = Logger.getLogger(EmbeddingDimensions.class.getName());

  private final EmbeddingService service;
  private final SettingsRepository settings;
  private final Clock clock;
  private final Map<String, Probe> probes = new ConcurrentHashMap<>();

  /** For CDI proxies only. */
  protected EmbeddingDimensions() {
    this.service = null;
    this.settings = null;
    this.clock = null;
  }

  @Inject
  public EmbeddingDimensions(EmbeddingService service, SettingsRepository settings) {
    this(service, settings, Clock.systemUTC());
  }

  /** With an explicit clock (tests). */
  public EmbeddingDimensions(EmbeddingService service, SettingsRepository settings, Clock clock) {
    this.service = service;
    this.settings = settings;
    this.clock = clock;
  }

  /** The native dimension of {@code model}; see {@link #dimension(String, Integer)}. */
  public Dimension dimension(String model) {
    return dimension(model, null);
  }

  /**
   * The dimension of the vectors {@code model} returns for a request of {@code requested}
   * dimensions. May embed a probe text; never throws because the server is unreachable.
   *
   * @param model the model id as the server knows it
   * @param requested the {@code dimensions} request, or {@code null} for the native length
   * @throws IllegalArgumentException when {@code model} is blank, or it is a listed model that
   *     cannot produce {@code requested} dimensions
   */
  public Dimension dimension(String model, Integer requested) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("the embedding model id is required");
    }
    if (requested != null && requested < 1) {
      throw new IllegalArgumentException("dimensions must be at least 1, got " + requested);
    }
    String id = model.strip();
    Optional<EmbeddingModels.Known> known = EmbeddingModels.find(id);
    if (known.isPresent()) {
      return Dimension.known(known.get().dimension(requested), Source.REGISTRY);
    }
    return probes.computeIfAbsent(key(id, requested), key -> new Probe(id, requested)).dimension();
  }

  /**
   * Forgets the probed dimension of {@code model} (memory and database), so the next lookup probes
   * again: for a model id that now names a different model.
   */
  public void forget(String model, Integer requested) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("the embedding model id is required");
    }
    String key = key(model.strip(), requested);
    probes.remove(key);
    settings.saveAll(Map.of(), Set.of(key));
  }

  /** The database key of a probed dimension; model ids too long for a key are hashed. */
  static String key(String model, Integer requested) {
    String name = requested == null ? model : model + "@" + requested;
    String key = KEY_PREFIX + name;
    return key.length() <= MAX_KEY_LENGTH ? key : KEY_PREFIX + "sha256-" + sha256(name);
  }

  /** What is known about one model (and requested length); one probe at a time. */
  private final class Probe {

    private final String model;
    private final Integer requested;
    private Dimension.Known known;
    private Instant failedAt;
    private String failure;

    Probe(String model, Integer requested) {
      this.model = model;
      this.requested = requested;
    }

    synchronized Dimension dimension() {
      if (known == null) {
        saved().ifPresent(value -> known = Dimension.known(value, Source.PROBE));
      }
      if (known != null) {
        return known;
      }
      Instant now = clock.instant();
      if (failedAt != null && now.isBefore(failedAt.plus(RETRY_INTERVAL))) {
        return pending(failedAt.plus(RETRY_INTERVAL));
      }
      int value;
      try {
        value = probe();
      } catch (AiProviderException e) {
        return failed(now, e.getMessage());
      }
      if (value < 1) {
        return failed(now, "the server returned no vector");
      }
      known = Dimension.known(value, Source.PROBE);
      failedAt = null;
      save(value);
      return known;
    }

    /** The length of the probe text's vector, 0 when the server returned none. */
    private int probe() {
      List<float[]> vectors =
          service
              .embed(new EmbeddingRequest(model, List.of(PROBE_TEXT), null, requested, Map.of()))
              .vectors();
      return vectors.isEmpty() ? 0 : vectors.get(0).length;
    }

    private Dimension failed(Instant now, String why) {
      failedAt = now;
      failure = why;
      LOG.info(() -> "Dimension probe of embedding model " + model + " failed: " + why);
      return pending(now.plus(RETRY_INTERVAL));
    }

    private Dimension pending(Instant nextTry) {
      return Dimension.pending(
          "the dimension of embedding model "
              + model
              + " is not known yet: the probe failed ("
              + failure
              + "); it is tried again on the next lookup after "
              + nextTry);
    }

    private Optional<Integer> saved() {
      String key = key(model, requested);
      try {
        return settings.find(key).map(value -> Integer.valueOf(value.strip())).filter(v -> v > 0);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Cannot read the saved dimension " + key + "; probing instead", e);
        return Optional.empty();
      }
    }

    private void save(int value) {
      String key = key(model, requested);
      try {
        settings.put(key, Integer.toString(value));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Cannot save the probed dimension " + key + "; kept in memory", e);
      }
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
