package io.cmsai.vectorstore.milvus;

import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorStoreException;
import io.milvus.shaded.io.grpc.Status;
import io.milvus.shaded.io.grpc.StatusRuntimeException;
import io.milvus.v2.exception.ErrorCode;
import io.milvus.v2.exception.MilvusClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs Milvus SDK calls and turns their failures into the port's exceptions: transport failures,
 * timeouts and refused credentials into {@link StoreUnavailableException} naming the server, a
 * collection that is not loaded into {@link NotLoaded}, anything else Milvus refuses into {@link
 * VectorStoreException} with Milvus's reason. Messages never contain the token (it is also removed
 * from any text the SDK or the server produced). Thread-safe.
 */
final class MilvusCalls {

  /** The action of opening the connection (bounded by the connect timeout). */
  static final String CONNECT = "connect";

  /** Milvus's error code for "collection not loaded". */
  static final int COLLECTION_NOT_LOADED = 101;

  private static final Set<Status.Code> UNAVAILABLE =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.UNAUTHENTICATED,
          Status.Code.PERMISSION_DENIED,
          Status.Code.CANCELLED);

  /** Milvus refused an operation because the collection is not loaded into memory. */
  static final class NotLoaded extends VectorStoreException {
    private static final long serialVersionUID = 1L;

    NotLoaded(String message) {
      super(message);
    }
  }

  private final String server;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Optional<String> token;

  MilvusCalls(MilvusSettings settings, Optional<String> token) {
    this.server = "Milvus at " + settings.address();
    this.connectTimeout = settings.connectTimeout();
    this.requestTimeout = settings.requestTimeout();
    this.token = token;
  }

  /**
   * The result of {@code call}.
   *
   * @param action what is being done, for messages ("search collection docs")
   */
  <T> T call(String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw translate(action, e);
    }
  }

  void run(String action, Runnable call) {
    call(
        action,
        () -> {
          call.run();
          return null;
        });
  }

  /** The port's exception for a failed SDK call. */
  VectorStoreException translate(String action, RuntimeException failure) {
    Throwable cause = safeCause(failure);
    StatusRuntimeException rpc = rpcCause(failure);
    if (rpc != null) {
      Status status = rpc.getStatus();
      return UNAVAILABLE.contains(status.getCode())
          ? new StoreUnavailableException(unavailable(action, status), cause)
          : new VectorStoreException(
              server + " failed to " + action + ": " + status.getCode() + detail(status), cause);
    }
    String reason = redact(reason(failure));
    if (failure instanceof MilvusClientException m) {
      if (m.getErrorCode() == ErrorCode.TIMEOUT) {
        return new StoreUnavailableException(
            server + " failed to " + action + ": " + reason, cause);
      }
      if (m.getServerErrCode() == COLLECTION_NOT_LOADED
          || reason.toLowerCase(Locale.ROOT).contains("not loaded")) {
        return new NotLoaded(server + " refused to " + action + ": " + reason);
      }
    }
    return new VectorStoreException(server + " refused to " + action + ": " + reason, cause);
  }

  /** {@code text} without the token (plain or Base64, as sent in the header). */
  String redact(String text) {
    if (text == null || token.isEmpty()) {
      return text;
    }
    String plain = token.get();
    String encoded = Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    return text.replace(plain, "***").replace(encoded, "***");
  }

  private String unavailable(String action, Status status) {
    return switch (status.getCode()) {
      case DEADLINE_EXCEEDED ->
          server
              + " did not answer within "
              + (action.equals(CONNECT) ? connectTimeout : requestTimeout).toMillis()
              + " ms ("
              + action
              + "); is it running and reachable?";
      case UNAUTHENTICATED, PERMISSION_DENIED ->
          server + " refused the credentials (" + action + ")" + detail(status);
      default ->
          "cannot reach " + server + " (" + action + "): " + status.getCode() + detail(status);
    };
  }

  private String detail(Status status) {
    return status.getDescription() == null ? "" : ": " + redact(status.getDescription());
  }

  /** {@code failure} as a cause, unless a message in its chain holds the token. */
  private Throwable safeCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.equals(redact(message))) {
        return null;
      }
    }
    return failure;
  }

  private static StatusRuntimeException rpcCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException rpc) {
        return rpc;
      }
    }
    return null;
  }

  private static String reason(Throwable failure) {
    Throwable t = failure;
    while (t.getMessage() == null && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
