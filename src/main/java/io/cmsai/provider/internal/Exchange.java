package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.CallCancelledException;
import io.cmsai.provider.CircuitOpenException;
import io.cmsai.provider.InvalidRequestException;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.ProviderTimeoutException;
import io.cmsai.provider.ProviderTimeoutException.Phase;
import io.cmsai.provider.RateLimitedException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One logical call to the server: attempts, retries, timeouts, cancellation. Response bodies are
 * consumed as they arrive through a non-blocking {@link Flow.Subscriber}, so no thread waits for
 * the server; {@link Sink}s turn the bytes into a result.
 *
 * <p>Timeouts: connect (by the HTTP client), first byte (from sending to the first body byte), idle
 * (the longest gap between body chunks) and total (the whole call, retries included), enforced by
 * one timer task per call that re-arms itself. An expired timeout, or {@link #cancel()}, cancels
 * the body subscription and the HTTP exchange, which closes the upstream connection (HTTP/1.1) or
 * resets the stream (HTTP/2), so the server stops generating.
 *
 * <p>Retries follow the connection's {@link RetryPolicy}: only while nothing reached the caller. A
 * request the server rejects for one named reason (e.g. {@code stream_options}) can be re-sent once
 * in a degraded form without counting as a retry.
 *
 * <p>Thread-safe. Sink callbacks and the completion of {@link #result()} never run concurrently:
 * body processing, timeouts and cancellation take the exchange's lock, and the result is completed
 * after the last sink callback. Sink callbacks run on the HTTP client's executor, or for an
 * <em>inline</em> exchange on its I/O thread (the sink must never block); the result of an inline
 * exchange is completed on the connection's executor, so dependent stages may block.
 */
public final class Exchange<T> {

  /** Consumes one attempt's successful (2xx) response. Called under the exchange's lock. */
  public interface Sink<T> {

    /** The response status and headers arrived. May throw to reject the response. */
    default void onHeaders(HttpResponse.ResponseInfo info) {}

    /** A piece of the body. May throw {@link AiProviderException} to fail the call. */
    void onData(ByteBuffer data);

    /** The body ended normally; returns the result or throws. */
    T onEnd();

    /** Whether content already reached the caller (no retry is possible after that). */
    boolean reachedCaller();

    /** The failure to report when the body is cut by {@code cause} after it started. */
    AiProviderException interrupted(String message, Throwable cause);

    /** Everything of one read was passed to {@link #onData}. May throw like it. */
    default void onReadEnd() {}

    /** Answer text received so far (for cancellation reports). */
    default String partialText() {
      return "";
    }

    /** The attempt was aborted (cancelled, timed out): pass nothing more on to the caller. */
    default void stop() {}
  }

  /** Creates each attempt's sink. */
  public interface Sinks<T> {
    /**
     * @param degraded whether the degraded request was sent
     * @param timer the call's timer (to mark the first token)
     * @param redactor masks the call's key in messages
     */
    Sink<T> create(boolean degraded, CallTimer timer, Redactor redactor);
  }

  /** Creates the request of each attempt. */
  public interface Requests {

    /** The request; {@code degraded} after the server rejected the full form once. */
    HttpRequest request(boolean degraded, String apiKey);

    /** The request body as text, for debug logging ({@code null} for GET). */
    String bodyForLog(boolean degraded);
  }

  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final Connection connection;
  private final Requests requests;
  private final Predicate<AiProviderException> degradeOn;
  private final Sinks<T> sinks;
  private final boolean inline;
  private final CallTimer timer = new CallTimer();
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private final long totalNanos;
  private Redactor redactor = Redactor.of();
  private String apiKey = "";
  private int attemptCount;
  private boolean degraded;
  private boolean holdsPermit;
  private boolean finished;
  private boolean cancelled;
  private Attempt current;
  private CompletableFuture<Void> permitTicket;
  private Future<?> pendingRetry;
  private Future<?> watchdog;

  /**
   * @param requests builds each attempt's request
   * @param degradeOn failures after which the degraded request is sent once (without a retry)
   * @param sinks a fresh sink per attempt; the argument says whether the request was degraded
   */
  public Exchange(
      Connection connection,
      Requests requests,
      Predicate<AiProviderException> degradeOn,
      Sinks<T> sinks) {
    this(connection, requests, degradeOn, sinks, false);
  }

  /**
   * @param inline whether the response is read and handed to the sink on the HTTP client's I/O
   *     thread (the sinks and whatever they call must never block); the result is completed on the
   *     connection's executor either way
   */
  public Exchange(
      Connection connection,
      Requests requests,
      Predicate<AiProviderException> degradeOn,
      Sinks<T> sinks,
      boolean inline) {
    this.inline = inline;
    this.connection = connection;
    this.requests = requests;
    this.degradeOn = degradeOn;
    this.sinks = sinks;
    this.totalNanos = connection.settings().timeouts().total().toNanos();
  }

  /** Starts the call; returns {@link #result()}. Call once. */
  public CompletableFuture<T> start() {
    try {
      apiKey = connection.apiKey();
      redactor = Redactor.of(apiKey);
    } catch (AiProviderException e) {
      finishLater(e); // not on the caller's thread: a stream listener is never called there
      return result;
    }
    synchronized (this) {
      armWatchdog(totalNanos);
      permitTicket = connection.bulkhead().acquire();
    }
    var unused =
        permitTicket.whenComplete(
            (ok, error) -> {
              if (error != null) {
                synchronized (this) {
                  if (cancelled) {
                    return; // the ticket was cancelled by cancel(), which reports it
                  }
                }
                finishLater(
                    AiProviderException.of(error)); // the refusal comes on the caller's thread
                return;
              }
              synchronized (this) {
                holdsPermit = true;
                if (finished) {
                  releasePermit();
                  return;
                }
              }
              startAttempt();
            });
    return result;
  }

  /** Completes with the result, or exceptionally with an {@link AiProviderException}. */
  public CompletableFuture<T> result() {
    return result;
  }

  /** Times of this call (first token is marked by the sink's owner). */
  public CallTimer timer() {
    return timer;
  }

  /** Requests sent so far. */
  public synchronized int attemptCount() {
    return attemptCount;
  }

  /** Whether the degraded form of the request was used. */
  public synchronized boolean degraded() {
    return degraded;
  }

  /** The redactor of this call (masks the resolved key). */
  public Redactor redactor() {
    return redactor;
  }

  /**
   * Cancels the call: closes the upstream connection, stops any retry, and completes the result
   * with a {@link CallCancelledException} carrying {@code message} and the partial text. The result
   * is completed on the timer thread, never on the calling thread (which may be inside a stream
   * callback, or the thread that started the stream). No-op when already finished or cancelled.
   */
  public void cancel(String message) {
    Attempt attempt;
    CallCancelledException cancellation;
    synchronized (this) {
      if (finished || cancelled) {
        return;
      }
      cancelled = true;
      attempt = current;
      cancellation =
          new CallCancelledException(message, attempt == null ? "" : attempt.sink.partialText());
      if (pendingRetry != null) {
        pendingRetry.cancel(false);
      }
      if (permitTicket != null) {
        permitTicket.cancel(false);
      }
    }
    if (attempt != null) {
      attempt.abort(cancellation);
      synchronized (this) {
        if (attempt.trial) {
          connection.breaker().onTrialAbandoned(); // its outcome will never be known
        }
      }
    }
    finishLater(cancellation);
  }

  private void startAttempt() {
    HttpRequest request;
    boolean trial;
    Attempt attempt;
    synchronized (this) {
      if (finished || cancelled) {
        return;
      }
      try {
        request = requests.request(degraded, apiKey);
        trial = connection.breaker().acquire();
      } catch (AiProviderException e) {
        finishLater(e);
        return;
      } catch (RuntimeException e) {
        // e.g. a caller's header name or value that the HTTP client refuses
        finishLater(
            new InvalidRequestException(
                "the request cannot be sent: " + redactor.redact(String.valueOf(e.getMessage())),
                0,
                "invalid_request",
                null));
        return;
      }
      attemptCount++;
      attempt = new Attempt(request, sinks.create(degraded, timer, redactor), trial);
      current = attempt;
      // Until now the watchdog slept until the total deadline; the first-byte one is nearer.
      watchdog.cancel(false);
      armWatchdog(
          Math.min(
              totalNanos - timer.elapsedNanos(),
              connection.settings().timeouts().firstByte().toNanos()));
    }
    if (connection.debugLog().enabled()) {
      connection.debugLog().request(request, requests.bodyForLog(degraded), attemptCount, redactor);
    }
    CompletableFuture<HttpResponse<Void>> http =
        (inline ? connection.inlineHttp() : connection.http()).sendAsync(request, attempt::handle);
    attempt.http = http;
    synchronized (this) {
      if (attempt.abortReason != null) {
        http.cancel(true);
      }
    }
    var unused =
        http.whenComplete(
            (response, error) -> {
              if (error != null) {
                attempt.fail(attempt.transportFailure(Calls.unwrap(error)));
              }
            });
  }

  private void finishLater(AiProviderException error) {
    connection.timer().execute(() -> finish(null, error));
  }

  private void attemptFailed(Attempt attempt, AiProviderException failure) {
    Duration delay;
    synchronized (this) {
      if (finished || attempt != current) {
        return;
      }
      current = null;
      if (cancelled) {
        return;
      }
      connection.breaker().onFailure(failure);
      if (!degraded && degradeOn.test(failure)) {
        degraded = true;
        delay = Duration.ZERO;
      } else {
        Optional<Duration> retry =
            failure instanceof CircuitOpenException
                ? Optional.empty()
                : connection
                    .retryPolicy()
                    .delayBefore(
                        attemptCount, failure, attempt.sink.reachedCaller(), connection::random);
        if (retry.isEmpty() || timer.elapsedNanos() + retry.get().toNanos() >= totalNanos) {
          delay = null;
        } else {
          delay = retry.get();
        }
      }
      if (delay != null) {
        connection
            .debugLog()
            .outcome(
                "attempt "
                    + attemptCount
                    + " failed, retrying in "
                    + delay.toMillis()
                    + " ms: "
                    + failure.getMessage(),
                redactor);
        pendingRetry =
            connection.timer().schedule(this::startAttempt, delay.toNanos(), TimeUnit.NANOSECONDS);
        return;
      }
    }
    finish(null, withBackoff(failure));
  }

  /**
   * A 429 given up on without a server-named delay carries the backoff the module would wait before
   * its next retry, for callers to pass on as {@code Retry-After}.
   */
  private AiProviderException withBackoff(AiProviderException failure) {
    if (failure instanceof RateLimitedException limited && limited.retryAfter().isEmpty()) {
      return limited.withBackoff(
          connection.retryPolicy().backoff(attemptCount(), failure, connection::random));
    }
    return failure;
  }

  private void attemptSucceeded(Attempt attempt, T value) {
    synchronized (this) {
      if (finished || cancelled || attempt != current) {
        return;
      }
      current = null;
      connection.breaker().onSuccess();
    }
    finish(value, null);
  }

  private void finish(T value, AiProviderException failure) {
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      if (watchdog != null) {
        watchdog.cancel(false);
      }
      if (holdsPermit) {
        releasePermit();
      }
    }
    timer.end();
    if (failure != null) {
      connection.debugLog().outcome("failed: " + failure.getMessage(), redactor);
    }
    if (inline) {
      // Dependent stages (call events, terminal listener calls) may block: not on the I/O thread.
      try {
        connection.executor().execute(() -> complete(value, failure));
        return;
      } catch (RejectedExecutionException e) {
        // shutting down: complete here rather than never
      }
    }
    complete(value, failure);
  }

  private void complete(T value, AiProviderException failure) {
    if (failure != null) {
      result.completeExceptionally(failure);
    } else {
      result.complete(value);
    }
  }

  private void releasePermit() {
    holdsPermit = false;
    connection.bulkhead().release();
  }

  private void armWatchdog(long delayNanos) {
    watchdog =
        connection
            .timer()
            .schedule(this::checkDeadlines, Math.max(delayNanos, 1_000_000), TimeUnit.NANOSECONDS);
  }

  /** Fails the call when a deadline passed; otherwise re-arms for the nearest one. */
  private void checkDeadlines() {
    Attempt attempt;
    AiProviderException timeout = null;
    synchronized (this) {
      if (finished || cancelled) {
        return;
      }
      long now = System.nanoTime();
      long next = totalNanos - timer.elapsedNanos();
      attempt = current;
      if (next <= 0) {
        timeout = timeout(Phase.TOTAL, connection.settings().timeouts().total());
      } else if (attempt != null) {
        long waited = now - attempt.lastActivity;
        Phase phase = attempt.gotFirstByte ? Phase.IDLE : Phase.FIRST_BYTE;
        Duration limit =
            attempt.gotFirstByte
                ? connection.settings().timeouts().idle()
                : connection.settings().timeouts().firstByte();
        if (waited >= limit.toNanos()) {
          timeout = timeout(phase, limit);
        } else {
          next = Math.min(next, limit.toNanos() - waited);
        }
      }
      if (timeout == null) {
        armWatchdog(next);
        return;
      }
    }
    if (attempt != null) {
      attempt.abort(attempt.afterFirstByte(timeout));
      attempt.fail(attempt.afterFirstByte(timeout));
    }
    if (timeout instanceof ProviderTimeoutException t && t.phase() == Phase.TOTAL) {
      cancelRetry();
      finish(null, attempt == null ? timeout : attempt.abortReason);
    }
  }

  private synchronized void cancelRetry() {
    if (pendingRetry != null) {
      pendingRetry.cancel(false);
    }
  }

  private ProviderTimeoutException timeout(Phase phase, Duration limit) {
    String what =
        switch (phase) {
          case CONNECT -> "connecting to the server";
          case FIRST_BYTE -> "waiting for the first byte of the answer";
          case IDLE -> "waiting for the next part of the streamed answer";
          case TOTAL -> "the whole call";
        };
    return new ProviderTimeoutException(
        "timed out after "
            + limit.toMillis()
            + " ms "
            + what
            + " ("
            + phase.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
            + " timeout) at "
            + connection.settings().baseUrl(),
        phase,
        limit,
        null);
  }

  /** One request/response. */
  private final class Attempt implements Flow.Subscriber<List<ByteBuffer>> {
    private final HttpRequest request;
    private final Sink<T> sink;
    private boolean trial; // guarded by Exchange.this
    private final long sentAt = System.nanoTime();
    private volatile long lastActivity = sentAt;
    private volatile boolean gotFirstByte;
    private volatile CompletableFuture<HttpResponse<Void>> http;
    private Flow.Subscription subscription;
    private HttpResponse.ResponseInfo info;
    private boolean success;
    private byte[] errorBody = new byte[0];
    private boolean attemptDone;
    private AiProviderException abortReason;

    /**
     * @param trial whether this attempt is the circuit breaker's half-open trial
     */
    Attempt(HttpRequest request, Sink<T> sink, boolean trial) {
      this.request = request;
      this.sink = sink;
      this.trial = trial;
    }

    HttpResponse.BodySubscriber<Void> handle(HttpResponse.ResponseInfo responseInfo) {
      lastActivity = System.nanoTime();
      this.info = responseInfo;
      this.success = responseInfo.statusCode() / 100 == 2;
      connection
          .debugLog()
          .response(
              request,
              responseInfo.statusCode(),
              responseInfo.headers(),
              Duration.ofNanos(lastActivity - sentAt),
              redactor);
      if (success) {
        synchronized (Exchange.this) {
          // A 2xx means the server is serving: a half-open breaker closes now rather than when
          // a long stream ends, so one trial stream does not hold back every other call.
          connection.breaker().onSuccess();
          trial = false;
          try {
            sink.onHeaders(responseInfo);
          } catch (AiProviderException e) {
            abortReason = e;
          }
        }
      }
      return HttpResponse.BodySubscribers.fromSubscriber(new DetachingSubscriber<>(this));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      boolean stop;
      synchronized (Exchange.this) {
        subscription = s;
        stop = attemptDone || abortReason != null;
      }
      if (stop) {
        cancelHttp();
        if (abortReason != null) {
          fail(abortReason);
        }
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      lastActivity = System.nanoTime();
      AiProviderException failure = null;
      synchronized (Exchange.this) {
        if (attemptDone || abortReason != null) {
          return; // aborted: the abort reports the outcome
        }
        if (!gotFirstByte) {
          gotFirstByte = true;
          timer.firstByte();
        }
        try {
          for (ByteBuffer item : items) {
            if (success) {
              sink.onData(item);
            } else {
              keepErrorBytes(item);
            }
          }
          if (success) {
            sink.onReadEnd();
          }
        } catch (AiProviderException e) {
          failure = e;
        } catch (RuntimeException e) {
          failure = sink.interrupted("processing the response failed: " + e, e);
        }
      }
      if (failure != null) {
        abort(failure);
        fail(failure);
      } else {
        subscription.request(1);
      }
    }

    @Override
    public void onError(Throwable error) {
      fail(transportFailure(error));
    }

    @Override
    public void onComplete() {
      if (!success) {
        String body = new String(errorBody, StandardCharsets.UTF_8);
        fail(connection.decoder().decode(info.statusCode(), info.headers(), body, redactor));
        return;
      }
      T value;
      synchronized (Exchange.this) {
        if (attemptDone || abortReason != null) {
          return;
        }
        try {
          value = sink.onEnd();
        } catch (RuntimeException e) {
          // A sink's unexpected exception must end the attempt, not leave it to a timeout.
          attemptDone = true;
          attemptFailed(this, AiProviderException.of(e));
          return;
        }
        attemptDone = true;
      }
      attemptSucceeded(this, value);
    }

    private void keepErrorBytes(ByteBuffer item) {
      int room = MAX_ERROR_BODY - errorBody.length;
      int take = Math.min(room, item.remaining());
      if (take > 0) {
        byte[] grown = java.util.Arrays.copyOf(errorBody, errorBody.length + take);
        item.get(grown, errorBody.length, take);
        errorBody = grown;
      }
    }

    /** Closes the connection of this attempt; the failure is reported by {@link #fail}. */
    void abort(AiProviderException reason) {
      synchronized (Exchange.this) {
        if (abortReason == null) {
          abortReason = reason;
        }
        sink.stop(); // also when called from a sink callback (a listener cancelling in onDelta)
      }
      cancelHttp();
    }

    /**
     * Cancels the HTTP exchange, which closes its connection and ends the body with an error. (Not
     * the body subscription: the JDK 17 client closes the connection then too, but keeps counting
     * the exchange as pending, so its selector thread and the client are never released.) When the
     * exchange has not been handed back by {@code sendAsync} yet, {@link #startAttempt} cancels it.
     */
    private void cancelHttp() {
      CompletableFuture<HttpResponse<Void>> h = http;
      if (h != null) {
        h.cancel(true);
      }
    }

    void fail(AiProviderException failure) {
      AiProviderException reported;
      synchronized (Exchange.this) {
        if (attemptDone) {
          return;
        }
        attemptDone = true;
        reported = abortReason != null ? abortReason : failure;
      }
      abort(reported);
      attemptFailed(this, reported);
    }

    /** A timeout after the body started becomes an interruption carrying the partial text. */
    AiProviderException afterFirstByte(AiProviderException timeout) {
      synchronized (Exchange.this) {
        return success && gotFirstByte && sink.reachedCaller() ? withPartial(timeout) : timeout;
      }
    }

    private AiProviderException withPartial(AiProviderException timeout) {
      return timeout instanceof ProviderTimeoutException
          ? sink.interrupted(timeout.getMessage(), timeout)
          : timeout;
    }

    AiProviderException transportFailure(Throwable error) {
      synchronized (Exchange.this) {
        if (abortReason != null) {
          return abortReason;
        }
      }
      if (error instanceof AiProviderException provider) {
        return provider;
      }
      if (error instanceof CancellationException) {
        return new CallCancelledException("the call was cancelled", "");
      }
      Optional<AiProviderException> early = TransportFailures.beforeResponse(error, connection);
      if (early.isPresent()) {
        return early.get();
      }
      String where = TransportFailures.where(connection.settings());
      boolean started;
      synchronized (Exchange.this) {
        started = success && gotFirstByte;
      }
      String message =
          "the connection to "
              + where
              + " closed "
              + (started ? "in the middle of the response" : "before a response")
              + " ("
              + (error instanceof IOException ? error.getMessage() : error.toString())
              + ")";
      return started && sink.reachedCaller()
          ? sink.interrupted(message, error)
          : new ProviderConnectionException(message, error);
    }
  }

  /** A 400 whose message or param names {@code field}: the server rejects that field. */
  public static Predicate<AiProviderException> rejects(String field) {
    return failure ->
        failure instanceof InvalidRequestException invalid
            && (invalid.param().filter(field::equals).isPresent()
                || String.valueOf(failure.getMessage()).contains(field));
  }

  /** Whether the response is a server-sent event stream. */
  static boolean isEventStream(HttpHeaders headers) {
    return headers
        .firstValue("content-type")
        .map(v -> v.toLowerCase(java.util.Locale.ROOT).contains("text/event-stream"))
        .orElse(false);
  }
}
