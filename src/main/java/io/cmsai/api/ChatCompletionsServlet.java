package io.cmsai.api;

import io.cmsai.api.internal.ApiAccess;
import io.cmsai.api.internal.ChatWire;
import io.cmsai.api.internal.ClientDisconnects;
import io.cmsai.api.internal.OpenAiError;
import io.cmsai.api.internal.RequestError;
import io.cmsai.api.internal.SseRelay;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.ChatService;
import io.cmsai.provider.StreamingChatService;
import io.cmsai.web.ApiException;
import io.cmsai.web.RequestBodies;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /api/ai/v1/chat/completions}: the OpenAI chat endpoint of the facade, streamed and
 * not. A servlet rather than a JAX-RS resource because one URL answers either JSON or an event
 * stream depending on the body, and because the stream relay needs non-blocking writes and
 * disconnect detection ({@link SseRelay}). The request thread is released as soon as the upstream
 * call is started; responses are written from HTTP client threads.
 */
@WebServlet(urlPatterns = "/api/ai/v1/chat/completions", asyncSupported = true)
public class ChatCompletionsServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(ChatCompletionsServlet.class.getName());

  @Inject private transient ChatService chat;
  @Inject private transient StreamingChatService streaming;
  @Inject private transient FacadeSettings facade;

  @Resource private transient ManagedThreadFactory threads;

  /**
   * Heartbeat timer of the streams: a plain scheduler on one container-managed thread, since a
   * managed scheduled executor captures the request context for every task it is given (measurably
   * costly at one task per stream).
   */
  private transient ScheduledThreadPoolExecutor timer;

  @Override
  public void init() {
    timer = new ScheduledThreadPoolExecutor(1, threads);
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    ApiAccess access = facade.access();
    var refusal = access.check(request.getUserPrincipal(), request::isUserInRole);
    if (refusal.isPresent()) {
      writeError(response, refusal.get());
      return;
    }
    ChatWire.Parsed parsed;
    try {
      parsed = ChatWire.parse(readBody(request), forwardedHeaders(request));
    } catch (ApiException e) {
      writeError(response, OpenAiError.from(e.error()));
      return;
    } catch (RequestError e) {
      writeError(response, e.error());
      return;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(facade.asyncTimeout().toMillis());
    if (parsed.stream()) {
      stream(async, parsed);
    } else {
      complete(async, parsed);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Allow", "POST");
    writeError(
        response,
        OpenAiError.of(405, "use POST for /v1/chat/completions", "invalid_request_error"));
  }

  private void stream(AsyncContext async, ChatWire.Parsed parsed) throws IOException {
    SseRelay relay =
        new SseRelay(
            async, parsed.includeUsage(), facade.heartbeat(), facade.firstHeartbeat(), timer);
    relay.watch(ClientDisconnects.onClose(async.getRequest(), relay::clientClosed));
    try {
      relay.attach(streaming.stream(parsed.request(), relay));
    } catch (AiProviderException e) {
      relay.onError(e);
    }
  }

  private void complete(AsyncContext async, ChatWire.Parsed parsed) {
    try {
      CompletableFuture<ChatResponse> call = chat.chatAsync(parsed.request()).toCompletableFuture();
      // A caller who leaves cancels the upstream call (and any retry waiting) at once, instead of
      // the upstream computing the whole answer for nobody.
      ClientDisconnects.Registration watch =
          ClientDisconnects.onClose(async.getRequest(), () -> call.cancel(true));
      var unused =
          call.whenComplete(
              (result, error) -> {
                watch.remove();
                HttpServletResponse response = (HttpServletResponse) async.getResponse();
                try {
                  if (error != null) {
                    writeError(response, OpenAiError.from(AiProviderException.of(error)));
                  } else {
                    writeJson(response, 200, ChatWire.completion(result).toString());
                  }
                } catch (IOException e) {
                  LOG.log(Level.FINE, "the client went away before the answer", e);
                } finally {
                  async.complete();
                }
              });
    } catch (AiProviderException e) {
      try {
        writeError((HttpServletResponse) async.getResponse(), OpenAiError.from(e));
      } catch (IOException io) {
        LOG.log(Level.FINE, "the client went away before the error", io);
      } finally {
        async.complete();
      }
    }
  }

  /**
   * The body, when it is JSON and within {@code cms.ai.api.max-request-bytes}.
   *
   * @throws ApiException 415 or 413 otherwise
   */
  private byte[] readBody(HttpServletRequest request) throws IOException {
    RequestBodies.requireJson(request.getContentType());
    try (InputStream in = request.getInputStream()) {
      return RequestBodies.read(
          in,
          request.getContentLengthLong(),
          facade.maxRequestBytes(),
          "cms.ai.api.max-request-bytes");
    }
  }

  private static Map<String, String> forwardedHeaders(HttpServletRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      if (ChatWire.isForwardedHeader(name)) {
        headers.put(name, request.getHeader(name));
      }
    }
    return headers;
  }

  static void writeError(HttpServletResponse response, OpenAiError error) throws IOException {
    error.retryAfterHeader().ifPresent(v -> response.setHeader("Retry-After", v));
    writeJson(response, error.status(), error.toJson().toString());
  }

  private static void writeJson(HttpServletResponse response, int status, String json)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(bytes.length);
    try (OutputStream out = response.getOutputStream()) {
      out.write(bytes);
    }
  }
}
