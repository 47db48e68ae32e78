package io.cmsai.content;

import io.cmsai.admin.internal.AdminWire;
import io.cmsai.api.internal.RequestBodies;
import io.cmsai.content.internal.ContentJson;
import io.cmsai.indexing.IndexQueue;
import io.cmsai.platform.Jsons;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The push API for a CMS that runs elsewhere ({@code /api/ai/content/{id}}, role {@code ai-admin}):
 * {@code PUT} stores the item (JSON: {@code title, body, url, language, tags, type, published,
 * accessGroups, modified}) and queues it for indexing; {@code DELETE} removes it and its vectors;
 * {@code GET} returns what was pushed. Answers 202 once the change is durably queued.
 */
@Path("content/{id}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ContentResource {

  /** The queue's result for a change. */
  public record Queued(String source, String id, String status) {}

  private final PushedContent pushed;
  private final IndexQueue queue;
  private final long maxBytes;

  /** For CDI proxies only. */
  protected ContentResource() {
    this.pushed = null;
    this.queue = null;
    this.maxBytes = 0;
  }

  @Inject
  public ContentResource(
      PushedContent pushed,
      IndexQueue queue,
      @ConfigProperty(name = "cms.ai.content.max-request-bytes", defaultValue = "8388608")
          long maxBytes) {
    this.pushed = pushed;
    this.queue = queue;
    this.maxBytes = maxBytes;
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(
      @PathParam("id") String id, @HeaderParam("Content-Length") Long length, InputStream body)
      throws IOException {
    Optional<byte[]> read = RequestBodies.readAtMost(body, length == null ? -1 : length, maxBytes);
    if (read.isEmpty()) {
      return tooLarge(length != null && length > maxBytes ? length : -1);
    }
    byte[] bytes = read.get();
    ContentItem item;
    try {
      JsonValue value = Jsons.readValue(bytes);
      if (!(value instanceof JsonObject object)) {
        return invalid("the body must be a JSON object");
      }
      item = ContentJson.read(id, object);
    } catch (JsonException e) {
      return invalid("the body is not valid JSON: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    }
    pushed.save(item);
    queue.save(PushedContent.SOURCE, item);
    return Response.accepted(new Queued(PushedContent.SOURCE, item.id(), "queued")).build();
  }

  @DELETE
  public Response delete(@PathParam("id") String id) {
    if (id.length() > ContentItem.MAX_ID_LENGTH) {
      return invalid("content id must be 1.." + ContentItem.MAX_ID_LENGTH + " characters");
    }
    if (!pushed.delete(id)) {
      return AdminWire.error(
          Response.Status.NOT_FOUND, "no content '" + id + "' was pushed", "not_found", Map.of());
    }
    queue.delete(PushedContent.SOURCE, id);
    return Response.accepted(new Queued(PushedContent.SOURCE, id, "queued")).build();
  }

  @GET
  public Response get(@PathParam("id") String id) {
    return pushed
        .find(id)
        .map(item -> Response.ok(ContentJson.write(item).toString()).build())
        .orElseGet(
            () ->
                AdminWire.error(
                    Response.Status.NOT_FOUND,
                    "no content '" + id + "' was pushed",
                    "not_found",
                    Map.of()));
  }

  private Response tooLarge(long length) {
    return AdminWire.error(
        Response.Status.REQUEST_ENTITY_TOO_LARGE,
        "the body"
            + (length > 0 ? " (" + length + " bytes)" : "")
            + " is larger than "
            + maxBytes
            + " bytes (cms.ai.content.max-request-bytes)",
        "too_large",
        Map.of());
  }

  private static Response invalid(String message) {
    return AdminWire.error(Response.Status.BAD_REQUEST, message, "invalid_request", Map.of());
  }
}
