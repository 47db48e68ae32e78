package io.cmsai.provider.internal;

import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.StreamDelta;
import io.cmsai.provider.StreamInterruptedException;
import io.cmsai.provider.StreamListener;
import io.cmsai.streaming.SseEvent;
import io.cmsai.streaming.SseListener;
import io.cmsai.streaming.SseParser;
import io.cmsai.streaming.SseProtocolException;
import jakarta.json.JsonException;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a streamed chat completion into listener callbacks: bytes go through the {@link SseParser}
 * into a {@link ChatStreamAssembler}; each text piece goes to {@link StreamListener#onDelta} and
 * each chunk's JSON to {@link StreamListener#onRawChunk}. A server that ignores {@code stream:
 * true} and answers one JSON completion is accepted too (its text arrives as one delta). A stream
 * that ends without {@code [DONE]} fails with {@link StreamInterruptedException}, keeping the
 * partial text. Called under the exchange's lock.
 */
final class StreamSink implements Exchange.Sink<StreamSink.Outcome> {

  /** What the stream produced. */
  record Outcome(ChatStreamAssembler assembler, OpenAiJson.Chat whole) {}

  private final StreamListener listener;
  private final CallTimer timer;
  private final ChatStreamAssembler assembler;
  private final SseParser parser;
  private ByteArrayOutputStream json; // non-null when the server answered JSON instead of SSE
  private boolean reachedCaller;
  private boolean passedOn; // something went to the listener since the last onReadEnd
  private boolean stopped;
  private boolean assembling; // deltas are held back until the event's raw chunk was passed on
  private final List<StreamDelta> held = new ArrayList<>();

  StreamSink(StreamListener listener, CallTimer timer, Redactor redactor) {
    this.listener = listener;
    this.timer = timer;
    this.assembler = new ChatStreamAssembler(this::delta, redactor);
    this.parser = new SseParser(new Relay());
  }

  @Override
  public void onHeaders(HttpResponse.ResponseInfo info) {
    if (!Exchange.isEventStream(info.headers())
        && info.headers()
            .firstValue("content-type")
            .filter(type -> type.contains("json"))
            .isPresent()) {
      json = new ByteArrayOutputStream();
    }
  }

  @Override
  public void onData(ByteBuffer data) {
    if (stopped) {
      data.position(data.limit());
      return;
    }
    byte[] bytes;
    int offset;
    int length = data.remaining();
    if (data.hasArray()) {
      bytes = data.array();
      offset = data.arrayOffset() + data.position();
    } else {
      bytes = new byte[length];
      data.duplicate().get(bytes);
      offset = 0;
    }
    data.position(data.limit());
    if (json != null) {
      json.write(bytes, offset, length);
      return;
    }
    try {
      parser.feed(bytes, offset, length);
    } catch (SseProtocolException e) {
      throw interrupted("the event stream is malformed: " + e.getMessage(), e);
    }
  }

  @Override
  public Outcome onEnd() {
    if (json != null) {
      OpenAiJson.Chat whole;
      try {
        whole = OpenAiJson.parseChat(json.toString(StandardCharsets.UTF_8));
      } catch (JsonException e) {
        throw new BadResponseException(
            "unexpected answer from the server: " + e.getMessage(), 200, "bad_response");
      }
      if (!whole.choices().isEmpty() && !whole.choices().get(0).content().isEmpty()) {
        delta(new StreamDelta(0, whole.choices().get(0).content(), ""));
      }
      return new Outcome(assembler, whole);
    }
    boolean truncated = parser.finish();
    if (!assembler.isDone()) {
      throw interrupted(
          truncated
              ? "the stream was cut in the middle of an event"
              : "the stream ended without its final [DONE] event",
          null);
    }
    return new Outcome(assembler, null);
  }

  @Override
  public void onReadEnd() {
    if (passedOn && !stopped) {
      passedOn = false;
      listener.onReadEnd();
    }
  }

  @Override
  public boolean reachedCaller() {
    return reachedCaller;
  }

  @Override
  public StreamInterruptedException interrupted(String message, Throwable cause) {
    return new StreamInterruptedException(message, null, assembler.partialText(), cause);
  }

  @Override
  public String partialText() {
    return assembler.partialText();
  }

  @Override
  public void stop() {
    stopped = true;
  }

  private void delta(StreamDelta delta) {
    if (stopped) {
      return;
    }
    if (assembling) {
      held.add(delta);
      return;
    }
    reachedCaller = true;
    passedOn = true;
    timer.firstToken();
    listener.onDelta(delta);
  }

  private final class Relay implements SseListener {
    @Override
    public void onEvent(SseEvent event) {
      if (stopped) {
        return;
      }
      boolean wasDone = assembler.isDone();
      List<StreamDelta> deltas;
      assembling = true;
      try {
        assembler.onEvent(event); // throws StreamInterruptedException for errors in the stream
      } finally {
        assembling = false;
        deltas = List.copyOf(held);
        held.clear();
      }
      if (!wasDone && !assembler.isDone()) {
        reachedCaller = true;
        passedOn = true;
        listener.onRawChunk(event.data()); // before its deltas, as StreamListener promises
      }
      deltas.forEach(StreamSink.this::delta);
    }

    @Override
    public void onUnknownField(String name, String value) {
      assembler.onUnknownField(name, value);
    }
  }
}
