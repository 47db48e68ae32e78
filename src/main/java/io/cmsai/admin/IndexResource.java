package io.cmsai.admin;

import io.cmsai.admin.internal.IndexWire;
import io.cmsai.indexing.ContentIndex;
import io.cmsai.indexing.IndexBusyException;
import io.cmsai.indexing.IndexQueue;
import io.cmsai.security.Roles;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;

/**
 * The search index's API ({@code /api/ai/admin/index}, role {@code ai-admin}): {@code GET} the
 * status, {@code POST rebuild} starts a full re-index (409 while one runs), {@code POST cancel}
 * stops it after its current batch, {@code GET events} streams progress as server-sent events
 * ({@code progress}, data: the run).
 */
@Path("admin/index")
@RolesAllowed(Roles.ADMIN)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class IndexResource {

  private final ContentIndex index;
  private final IndexQueue queue;
  private final IndexEvents events;

  /** For CDI proxies only. */
  protected IndexResource() {
    this.index = null;
    this.queue = null;
    this.events = null;
  }

  @Inject
  public IndexResource(ContentIndex index, IndexQueue queue, IndexEvents events) {
    this.index = index;
    this.queue = queue;
    this.events = events;
  }

  @GET
  public IndexWire.Status status() {
    return IndexWire.Status.of(index.status(), queue.lastError(), Instant.now());
  }

  @POST
  @Path("rebuild")
  public Response rebuild() {
    try {
      return Response.accepted(IndexWire.Run.of(index.rebuild(), Instant.now())).build();
    } catch (IndexBusyException e) {
      throw ApiError.of(ErrorType.BUSY, e.getMessage()).exception(e);
    }
  }

  @POST
  @Path("cancel")
  public IndexWire.Run cancel() {
    return index
        .cancel()
        .map(run -> IndexWire.Run.of(run, Instant.now()))
        .orElseThrow(() -> ApiError.of(ErrorType.CONFLICT, "no re-index is running").exception());
  }

  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void events(@Context SseEventSink sink, @Context Sse sse) {
    events.register(sink, sse);
  }
}
