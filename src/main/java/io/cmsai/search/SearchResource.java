package io.cmsai.search;

import io.cmsai.embeddings.DimensionPendingException;
import io.cmsai.provider.AiProviderException;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import io.cmsai.web.RequestBodies;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Public search ({@code GET /api/ai/search}, or {@code POST} with the same parameters as a JSON
 * object): {@code q} (required), {@code k} (1–50, default 10), {@code mode} (auto, dense, keyword,
 * hybrid), {@code lang}, {@code tag} and {@code type} (repeatable). Unknown parameters are refused,
 * so a misspelt filter never silently matches everything. Anonymous callers see public content;
 * callers signed in with a session also their groups'. This is a public path, so an HTTP Basic
 * header is ignored here, not checked (no password hashing for anonymous requests; see {@code
 * ModuleAuthenticationMechanism}).
 */
@Path("search")
@PermitAll
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

  /** The largest JSON body of a POST search. */
  static final int MAX_BODY_BYTES = 64 * 1024;

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
    return search(uri.getQueryParameters());
  }

  /**
   * The same search with its parameters as a JSON object ({@code {"q": "...", "k": 5, "tag": ["a",
   * "b"]}}), for queries too long for a URL; the body is at most {@value #MAX_BODY_BYTES} bytes.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response search(
      @HeaderParam("Content-Type") String type,
      @HeaderParam("Content-Length") Long length,
      InputStream body)
      throws IOException {
    JsonObject object =
        RequestBodies.jsonObject(body, type, length == null ? -1 : length, MAX_BODY_BYTES, "");
    MultivaluedMap<String, String> parameters = new MultivaluedHashMap<>();
    for (Map.Entry<String, JsonValue> field : object.entrySet()) {
      for (JsonValue item :
          field.getValue() instanceof JsonArray array ? array : List.of(field.getValue())) {
        parameters.add(field.getKey(), text(field.getKey(), item));
      }
    }
    return search(parameters);
  }

  private Response search(MultivaluedMap<String, String> parameters) {
    for (String name : parameters.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw ApiError.invalidParameter(
                name, "unknown parameter '" + name + "': use q, k, mode, lang, tag and type")
            .exception();
      }
    }
    // A bad value throws IllegalArgumentException: the web edge answers 400 with its message.
    SearchQuery query =
        new SearchQuery(
            parameters.getFirst("q"),
            limit(parameters.getFirst("k")),
            SearchMode.parse(parameters.getFirst("mode")),
            Optional.ofNullable(parameters.getFirst("lang")),
            values(parameters.get("tag")),
            values(parameters.get("type")));
    try {
      return Response.ok(search.search(query)).header("Cache-Control", "no-store").build();
    } catch (DimensionPendingException | VectorStoreException | AiProviderException e) {
      throw ApiError.of(ErrorType.UNAVAILABLE, "search is unavailable: " + e.getMessage())
          .exception();
    }
  }

  private static String text(String field, JsonValue value) {
    if (value instanceof JsonString string) {
      return string.getString();
    }
    if (value instanceof JsonNumber number) {
      return number.toString();
    }
    throw ApiError.invalidParameter(
            field, "'" + field + "' must be a string, a number or a list of them")
        .exception();
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
}
