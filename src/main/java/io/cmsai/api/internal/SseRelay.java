package io.cmsai.api.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.CallCancelledException;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.StreamHandle;
import io.cmsai.provider.StreamListener;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Relays an upstream chat stream to a browser or OpenAI client as server-sent events, with
 * non-blocking servlet I/O: frames are queued and written only when the connection can take them
 * ({@link WriteListener}), so no thread waits on a slow client and none waits for tokens.
 *
 * <p>What the upstream sent in one read leaves in one write ({@link #onReadEnd}), however many
 * events it held. Each upstream chunk is passed on as one event, {@code data: <json>}, each of its
 * lines with its own {@code data: } prefix (an upstream may spread one JSON value over several
 * {@code data:} lines, which the parser joins with line feeds), so the client's parser gets the
 * same data back; the server's usage-only chunk only when the client asked for usage (and a
 * synthetic one, marked {@code estimated}, when the server reported none); then {@code data:
 * [DONE]}. Errors before anything was sent are a normal JSON error response with its status; after
 * that, an {@code error} event and {@code [DONE]}. Nothing is sent before the upstream's first
 * chunk for {@code first-heartbeat} (30 s), so that an error the upstream answers first (a 429 with
 * its {@code Retry-After}, a 404, a timeout) keeps its HTTP status; after that, and once the stream
 * runs, a {@code : keep-alive} comment goes out whenever nothing was written for the heartbeat
 * interval. A client that disconnects (failed write, container error or timeout) cancels the
 * upstream stream, which closes the upstream connection.
 *
 * <p>Thread-safe: listener callbacks (HTTP client threads), {@link #onWritePossible} (container
 * threads) and the heartbeat (timer thread) synchronise on this object.
 */
public final class SseRelay implements StreamListener, WriteListener, AsyncListener {

  private static final Logger LOG = Logger.getLogger(SseRelay.class.getName());
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

  private final AsyncContext async;
  private final HttpServletResponse response;
  private final ServletOutputStream out;
  private final boolean includeUsage;
  private final long heartbeatNanos;
  private final long openedAt = System.nanoTime();
  private long firstHeartbeatNanos;
  private final ScheduledExecutorService timer;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private StreamHandle upstream;
  private ClientDisconnects.Registration disconnects = () -> {};
  private ScheduledFuture<?> heartbeat;
  private boolean started;
  private boolean completeWhenDrained;
  private boolean closed;
  private long lastWrite = System.nanoTime();

  /**
   * Takes over {@code async}'s response; call {@link #attach} once the upstream stream exists.
   *
   * @throws IOException when the response cannot be opened
   */
  public SseRelay(
      AsyncContext async,
      boolean includeUsage,
      Duration heartbeatInterval,
      Duration firstHeartbeat,
      ScheduledExecutorService timer)
      throws IOException {
    this.async = async;
    this.response = (HttpServletResponse) async.getResponse();
    this.includeUsage = includeUsage;
    this.heartbeatNanos = heartbeatInterval.toNanos();
    this.firstHeartbeatNanos = Math.max(firstHeartbeat.toNanos(), heartbeatNanos);
    this.timer = timer;
    this.out = response.getOutputStream();
    async.addListener(this);
    out.setWriteListener(this);
    this.heartbeat =
        timer.scheduleAtFixedRate(
            this::beat,
            heartbeatInterval.toMillis(),
            Math.max(50, heartbeatInterval.toMillis() / 4),
            TimeUnit.MILLISECONDS);
  }

  /**
   * The container's notice of the client's connection closing ({@link ClientDisconnects}), removed
   * when the answer ends.
   */
  public synchronized void watch(ClientDisconnects.Registration registration) {
    this.disconnects = registration;
    if (!registration.watching()) {
      // A gone client is noticed only by a failed write: keep the heartbeat from the start.
      firstHeartbeatNanos = heartbeatNanos;
    }
    if (closed) {
      registration.remove();
    }
  }

  /**
   * The client's connection closed: cancels the upstream stream at once, whatever it is doing (a
   * silent upstream would otherwise be noticed only at the next heartbeat's failed write). Called
   * on a container I/O thread; returns at once.
   */
  public void clientClosed() {
    clientGone(new IOException("the client closed the connection"));
  }

  /** The upstream stream to cancel when the client goes away. */
  public synchronized void attach(StreamHandle handle) {
    this.upstream = handle;
    if (closed) {
      cancelUpstream(handle);
    }
  }

  @Override
  public void onRawChunk(String json) {
    if (!includeUsage && ChatWire.isUsageOnly(json)) {
      return;
    }
    hold(frame(json));
  }

  /** Never blocks: writes are non-blocking (queued until the connection is ready). */
  @Override
  public boolean nonBlocking() {
    return true;
  }

  /** Writes out what arrived in one read of the upstream, as one write. */
  @Override
  public synchronized void onReadEnd() {
    if (!closed) {
      drain();
    }
  }

  /**
   * One server-sent event carrying {@code data}: a {@code data: } line per line of {@code data}
   * (split at line feeds, carriage returns and CRLF, as a parser would split them), then a blank
   * line.
   */
  static byte[] frame(String data) {
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    int breaks = 0;
    for (byte b : bytes) {
      if (b == '\n' || b == '\r') {
        breaks++;
      }
    }
    byte[] frame = new byte[bytes.length + (breaks + 1) * DATA.length + 2];
    System.arraycopy(DATA, 0, frame, 0, DATA.length);
    int at = DATA.length;
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '\r' || b == '\n') {
        if (b == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
          i++;
        }
        frame[at++] = '\n';
        System.arraycopy(DATA, 0, frame, at, DATA.length);
        at += DATA.length;
      } else {
        frame[at++] = b;
      }
    }
    frame[at++] = '\n';
    frame[at++] = '\n';
    return at == frame.length ? frame : java.util.Arrays.copyOf(frame, at);
  }

  @Override
  public void onComplete(ChatResponse result) {
    if (includeUsage && result.usage().estimated()) {
      onRawChunk(ChatWire.usageChunk(result).toString());
    }
    send(DONE, true);
  }

  @Override
  public void onError(AiProviderException error) {
    if (error instanceof CallCancelledException) {
      close();
      return;
    }
    OpenAiError openAi = OpenAiError.from(error);
    synchronized (this) {
      if (!started && !closed) {
        stopHeartbeat();
        writeJsonError(openAi);
        return;
      }
    }
    send(frame(openAi.toJson().toString()), false);
    send(DONE, true);
  }

  private void writeJsonError(OpenAiError error) {
    try {
      response.setStatus(error.status());
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      error.retryAfterHeader().ifPresent(v -> response.setHeader("Retry-After", v));
      queue.add(error.toJson().toString().getBytes(StandardCharsets.UTF_8));
      started = true;
      completeWhenDrained = true;
      drain();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not send an error to the client", e);
      async.complete();
    }
  }

  private synchronized void send(byte[] frame, boolean last) {
    if (closed) {
      return;
    }
    hold(frame);
    if (last) {
      completeWhenDrained = true;
      stopHeartbeat();
    }
    drain();
  }

  /** Queues {@code frame} for the next {@link #drain}, starting the event stream if need be. */
  private synchronized void hold(byte[] frame) {
    if (closed) {
      return;
    }
    if (!started) {
      started = true;
      response.setStatus(200);
      response.setContentType("text/event-stream");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-cache");
      response.setHeader("X-Accel-Buffering", "no");
    }
    queue.add(frame);
  }

  @Override
  public synchronized void onWritePossible() {
    drain();
  }

  private void drain() {
    try {
      boolean wrote = false;
      while (out.isReady()) {
        byte[] next = queue.poll();
        if (next == null) {
          if (wrote) {
            out.flush();
            if (!out.isReady()) {
              return;
            }
          }
          if (completeWhenDrained && !closed) {
            closed = true;
            stopHeartbeat();
            async.complete();
          }
          return;
        }
        out.write(next);
        wrote = true;
        lastWrite = System.nanoTime();
      }
    } catch (IOException | IllegalStateException e) {
      clientGone(e);
    }
  }

  private void beat() {
    synchronized (this) {
      long now = System.nanoTime();
      if (closed
          || completeWhenDrained
          || now - lastWrite < heartbeatNanos
          || (!started && now - openedAt < firstHeartbeatNanos)) {
        return;
      }
    }
    send(HEARTBEAT, false);
  }

  @Override
  public void onError(Throwable error) {
    clientGone(error);
  }

  @Override
  public void onComplete(AsyncEvent event) {
    close();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    clientGone(event.getThrowable());
    async.complete();
  }

  @Override
  public void onError(AsyncEvent event) {
    clientGone(event.getThrowable());
  }

  @Override
  public void onStartAsync(AsyncEvent event) {}

  private void clientGone(Throwable cause) {
    LOG.log(Level.FINE, "the client went away; cancelling the upstream stream", cause);
    StreamHandle handle;
    synchronized (this) {
      if (closed && completeWhenDrained) {
        return;
      }
      closed = true;
      queue.clear();
      stopHeartbeat();
      handle = upstream;
    }
    if (handle != null) {
      cancelUpstream(handle);
    }
    try {
      async.complete();
    } catch (IllegalStateException e) {
      LOG.log(Level.FINEST, "async context already completed", e);
    }
  }

  private synchronized void close() {
    if (!closed) {
      closed = true;
      stopHeartbeat();
      if (upstream != null) {
        cancelUpstream(upstream);
      }
    }
  }

  /**
   * Cancels on the timer thread: this object's lock may be held here, and the stream's callbacks
   * hold the exchange's lock while they wait for this one, so cancelling inline could deadlock.
   */
  private void cancelUpstream(StreamHandle handle) {
    timer.execute(handle::cancel);
  }

  private void stopHeartbeat() {
    disconnects.remove();
    if (heartbeat != null) {
      heartbeat.cancel(false);
      heartbeat = null;
    }
  }
}
