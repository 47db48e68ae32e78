package io.cmsai.search;

import io.cmsai.admin.internal.AdminWire;
import io.cmsai.embeddings.DimensionPendingException;
import io.cmsai.provider.AiProviderException;
import io.cmsai.vectorstore.VectorStoreException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Public search ({@code GET /api/ai/search}): {@code q} (required), {@code k} (1–50, default 10),
 * {@code mode} (auto, dense, keyword, hybrid), {@code lang}, {@code tag} and {@code type}
 * (repeatable). Unknown parameters are refused, so a misspelt filter never silently matches
 * everything. Anonymous callers see public content; signed-in callers also their groups'.
 */
@Path("search")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

  private static final Set<String> PARAMETERS = Set.of("q", "k", "mode", "lang", "tag", "type");

  private final SemanticSearch search;

  /** For CDI proxies only. */
  protected SearchResource() {
    this.search = null;
  }

  @Inject
  public SearchResource(SemanticSearch search) {
    this.search = search;
  }

  @GET
  public Response search(@Context UriInfo uri) {
    MultivaluedMap<String, String> parameters = uri.getQueryParameters();
    for (String name : parameters.keySet()) {
      if (!PARAMETERS.contains(name)) {
        return invalid("unknown parameter '" + name + "': use q, k, mode, lang, tag and type");
      }
    }
    SearchQuery query;
    try {
      query =
          new SearchQuery(
              parameters.getFirst("q"),
              limit(parameters.getFirst("k")),
              SearchMode.parse(parameters.getFirst("mode")),
              Optional.ofNullable(parameters.getFirst("lang")),
              values(parameters.get("tag")),
              values(parameters.get("type")));
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    }
    try {
      return Response.ok(search.search(query)).header("Cache-Control", "no-store").build();
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    } catch (DimensionPendingException | VectorStoreException | AiProviderException e) {
      return AdminWire.error(
          Response.Status.SERVICE_UNAVAILABLE,
          "search is unavailable: " + e.getMessage(),
          "unavailable",
          Map.of());
    }
  }

  private static int limit(String text) {
    if (text == null || text.isBlank()) {
      return 10;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("k must be a whole number 1.." + SearchQuery.MAX_LIMIT, e);
    }
  }

  private static Set<String> values(List<String> values) {
    Set<String> clean = new LinkedHashSet<>();
    if (values != null) {
      values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).forEach(clean::add);
    }
    return clean;
  }

  private static Response invalid(String message) {
    return AdminWire.error(Response.Status.BAD_REQUEST, message, "invalid_request", Map.of());
  }
}
