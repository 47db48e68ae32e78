package io.cmsai.testing;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.StreamDelta;
import io.cmsai.provider.StreamListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Records the callbacks of one stream, checking the {@link StreamListener} contract as they come:
 * exactly one terminal call, nothing after it, never two callbacks at once, never on the thread
 * that created the recorder (the test thread that starts the stream). {@link #violations()} lists
 * every breach; thread-safe.
 */
public final class StreamRecorder implements StreamListener {

  private final Thread caller = Thread.currentThread();
  private final List<String> pieces = new ArrayList<>();
  private final List<String> rawChunks = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
  private final Consumer<StreamDelta> onEachDelta;
  private int terminalCalls;
  private int inCallback;
  private Thread callbackThread;
  private int reentrantCalls;
  private long terminalAtNanos;
  private boolean nonBlocking;
  private final List<String> chunkThreads = new ArrayList<>();
  private String terminalThread;

  public StreamRecorder() {
    this(delta -> {});
  }

  /** A recorder that also runs {@code onEachDelta} (e.g. to cancel) after recording a delta. */
  public StreamRecorder(Consumer<StreamDelta> onEachDelta) {
    this.onEachDelta = onEachDelta;
  }

  @Override
  public void onDelta(StreamDelta delta) {
    enter("onDelta");
    try {
      synchronized (this) {
        pieces.add(delta.content());
        calls.add("onDelta " + delta.content());
      }
      onEachDelta.accept(delta);
    } finally {
      exit();
    }
  }

  /** Declares this recorder {@link StreamListener#nonBlocking()} (it never blocks). */
  public StreamRecorder nonBlockingListener() {
    this.nonBlocking = true;
    return this;
  }

  @Override
  public boolean nonBlocking() {
    return nonBlocking;
  }

  /** The threads that made the chunk calls, in order. */
  public synchronized List<String> chunkThreads() {
    return List.copyOf(chunkThreads);
  }

  /** The thread that made the terminal call. */
  public synchronized String terminalThread() {
    return terminalThread;
  }

  @Override
  public void onRawChunk(String json) {
    enter("onRawChunk");
    try {
      synchronized (this) {
        chunkThreads.add(Thread.currentThread().getName());
        rawChunks.add(json);
        calls.add("onRawChunk");
      }
    } finally {
      exit();
    }
  }

  @Override
  public void onReadEnd() {
    enter("onReadEnd");
    try {
      synchronized (this) {
        if (calls.isEmpty() || calls.get(calls.size() - 1).equals("onReadEnd")) {
          violations.add("onReadEnd without a chunk or delta before it");
        }
        calls.add("onReadEnd");
      }
    } finally {
      exit();
    }
  }

  /** How many times the client said a read's chunks were all passed on. */
  public synchronized int readEnds() {
    return (int) calls.stream().filter("onReadEnd"::equals).count();
  }

  @Override
  public void onComplete(ChatResponse response) {
    terminal("onComplete");
    done.complete(response);
  }

  @Override
  public void onError(AiProviderException error) {
    terminal("onError");
    done.completeExceptionally(error);
  }

  /** The response, or the {@link AiProviderException} the stream ended with. */
  public ChatResponse await(Duration within) {
    try {
      return done.get(within.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AiProviderException failure) {
        throw failure;
      }
      throw new AssertionError("unexpected failure type", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the stream got no terminal call within " + within, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The failure the stream ended with; fails when it completed instead. */
  public AiProviderException awaitError(Duration within) {
    try {
      ChatResponse response = await(within);
      throw new AssertionError("the stream completed: " + response.text());
    } catch (AiProviderException e) {
      return e;
    }
  }

  /** Completes when the terminal call arrives. */
  public CompletableFuture<ChatResponse> done() {
    return done;
  }

  public synchronized List<String> pieces() {
    return List.copyOf(pieces);
  }

  public synchronized String text() {
    return String.join("", pieces);
  }

  public synchronized List<String> rawChunks() {
    return List.copyOf(rawChunks);
  }

  /** The non-terminal callbacks in order: {@code "onRawChunk"} and {@code "onDelta <content>"}. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized int terminalCalls() {
    return terminalCalls;
  }

  /** {@link System#nanoTime()} of the terminal call (0 before it). */
  public synchronized long terminalAtNanos() {
    return terminalAtNanos;
  }

  /** Callbacks made from inside another callback on the same thread (e.g. cancel in onDelta). */
  public synchronized int reentrantCalls() {
    return reentrantCalls;
  }

  /** Every breach of the listener contract seen so far. */
  public synchronized List<String> violations() {
    List<String> all = new ArrayList<>(violations);
    if (terminalCalls != 1) {
      all.add(terminalCalls + " terminal calls");
    }
    return all;
  }

  private synchronized void terminal(String name) {
    enter(name);
    terminalThread = Thread.currentThread().getName();
    terminalCalls++;
    if (terminalCalls == 1) {
      terminalAtNanos = System.nanoTime();
    }
    exit();
  }

  private synchronized void enter(String name) {
    if (terminalCalls > 0) {
      violations.add(name + " after the terminal call");
    }
    if (inCallback > 0 && callbackThread != Thread.currentThread()) {
      violations.add(name + " while another callback was running on another thread");
    } else if (inCallback > 0) {
      reentrantCalls++;
    }
    if (Thread.currentThread() == caller) {
      violations.add(name + " on the thread that started the stream");
    }
    inCallback++;
    callbackThread = Thread.currentThread();
  }

  private synchronized void exit() {
    inCallback--;
  }
}
