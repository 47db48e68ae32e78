package io.cmsai.content;

import io.cmsai.content.internal.ContentJson;
import io.cmsai.security.Roles;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import io.cmsai.web.RequestBodies;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
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
import org.eclipse.microprofile.config.Config;

/**
 * The push API for a CMS that runs elsewhere ({@code /api/ai/content/{id}}, role {@code ai-admin}):
 * {@code PUT} stores the item (JSON: {@code title, body, url, language, tags, type, published,
 * accessGroups, modified}) and queues it for indexing; {@code DELETE} removes it and its vectors;
 * {@code GET} returns what was pushed. Answers 202 once the change is durably queued.
 *
 * <p>The change reaches the index through the {@link ContentSaved}/{@link ContentDeleted} events a
 * host CMS fires too. The request runs without a transaction, so the index queue observes the event
 * at once, on this thread: when it cannot queue the change, its exception answers the request (500)
 * instead of the 202.
 */
@Path("content/{id}")
@RolesAllowed(Roles.ADMIN)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ContentResource {

  /** The queue's result for a change. */
  public record Queued(String source, String id, String status) {}

  private final PushedContent pushed;
  private final Event<ContentSaved> saved;
  private final Event<ContentDeleted> deleted;
  private final long maxBytes;

  /** For CDI proxies only. */
  protected ContentResource() {
    this.pushed = null;
    this.saved = null;
    this.deleted = null;
    this.maxBytes = 0;
  }

  @Inject
  public ContentResource(
      PushedContent pushed,
      Event<ContentSaved> saved,
      Event<ContentDeleted> deleted,
      Config config) {
    this.pushed = pushed;
    this.saved = saved;
    this.deleted = deleted;
    this.maxBytes = ContentSettings.MAX_REQUEST_BYTES.read(config);
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(
      @PathParam("id") String id,
      @HeaderParam("Content-Type") String type,
      @HeaderParam("Content-Length") Long length,
      InputStream body)
      throws IOException {
    ContentItem item =
        ContentJson.read(
            id,
            RequestBodies.jsonObject(
                body,
                type,
                length == null ? -1 : length,
                maxBytes,
                "cms.ai.content.max-request-bytes"));
    pushed.save(item);
    saved.fire(new ContentSaved(PushedContent.SOURCE, item));
    return Response.accepted(new Queued(PushedContent.SOURCE, item.id(), "queued")).build();
  }

  @DELETE
  public Response delete(@PathParam("id") String id) {
    if (id.length() > ContentItem.MAX_ID_LENGTH) {
      throw ApiError.invalid("content id must be 1.." + ContentItem.MAX_ID_LENGTH + " characters")
          .exception();
    }
    if (!pushed.delete(id)) {
      throw notPushed(id);
    }
    deleted.fire(new ContentDeleted(PushedContent.SOURCE, id));
    return Response.accepted(new Queued(PushedContent.SOURCE, id, "queued")).build();
  }

  @GET
  public String get(@PathParam("id") String id) {
    return pushed
        .find(id)
        .map(item -> ContentJson.write(item).toString())
        .orElseThrow(() -> notPushed(id));
  }

  private static RuntimeException notPushed(String id) {
    return ApiError.of(ErrorType.NOT_FOUND, "no content '" + id + "' was pushed").exception();
  }
}
