package io.cmsai.admin;

import io.cmsai.admin.internal.IndexWire;
import io.cmsai.indexing.IndexProgress;
import io.cmsai.web.JsonBinding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;

/**
 * Relays {@link IndexProgress} to the admin pages listening on {@code /api/ai/admin/index/events}
 * (one broadcaster; closed sinks are dropped by it). Observers run on the indexing thread; a
 * broadcast only queues the event. Thread-safe.
 */
@ApplicationScoped
public class IndexEvents {

  private Sse sse;
  private SseBroadcaster broadcaster;

  /** Adds a listener; it first gets a comment so proxies flush the headers. */
  public synchronized void register(SseEventSink sink, Sse context) {
    if (broadcaster == null) {
      sse = context;
      broadcaster = context.newBroadcaster();
    }
    broadcaster.register(sink);
    var unused = sink.send(sse.newEventBuilder().comment("listening").build());
  }

  void onProgress(@Observes IndexProgress progress) {
    OutboundSseEvent event;
    SseBroadcaster target;
    synchronized (this) {
      if (broadcaster == null) {
        return;
      }
      target = broadcaster;
      event =
          sse.newEventBuilder()
              .name("progress")
              .id(Long.toString(progress.run().id()))
              .data(JsonBinding.jsonb().toJson(IndexWire.Run.of(progress.run(), Instant.now())))
              .build();
    }
    var unused = target.broadcast(event);
  }
}
