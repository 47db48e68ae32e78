package io.cmsai.api.internal;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.SelectableChannel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells when the client's connection closes, while the request is still being answered, so that the
 * upstream call made for it can be cancelled at once, whatever the upstream is doing: the Servlet
 * API reports a gone client only when a write to it fails, which for a non-streamed answer is after
 * the upstream computed all of it, and for a silent stream the next heartbeat.
 *
 * <p>The connection's channel is reached through the container's request objects (on Payara's
 * Grizzly: {@code RequestFacade.request.getCoyoteRequest().getConnection().getChannel()}) and
 * watched by a {@link PeerCloseWatcher}, which never reads from it: the container stays the only
 * reader, so the next request of a keep-alive client is never taken from it. (An earlier version
 * asked Grizzly for read events on the connection; a client's next request could then be read by
 * the wrong party and never answered, under a tight loop of requests.) On another container, off
 * Linux, or if these internals change, {@link #onClose} does nothing and says so once in the log
 * (FINE per request); the write-failure detection stays in place either way.
 *
 * <p>Thread-safe. The callback runs on the watcher's thread: it must return quickly and not block
 * (cancel something, schedule work).
 */
public final class ClientDisconnects {

  private static final Logger LOG = Logger.getLogger(ClientDisconnects.class.getName());
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /**
   * A registered callback. {@link #remove} it when the answer is complete (keep-alive connections
   * outlive requests), best before its last bytes are written.
   */
  public interface Registration {
    /** Stops watching; the callback is not started after this returns. Idempotent. */
    void remove();

    /** Whether the connection is watched (false: the container cannot tell). */
    default boolean watching() {
      return true;
    }
  }

  private static final Registration NONE =
      new Registration() {
        @Override
        public void remove() {}

        @Override
        public boolean watching() {
          return false;
        }
      };

  private ClientDisconnects() {}

  /**
   * Runs {@code whenClosed} once when the connection of {@code request} closes before the returned
   * registration is removed.
   *
   * @return the registration; one that does nothing when the container cannot tell
   */
  public static Registration onClose(ServletRequest request, Runnable whenClosed) {
    if (!TcpStates.available()) {
      return unsupported(new IllegalStateException("no kernel TCP table to ask (not Linux)"));
    }
    try {
      ServletRequest facade = unwrap(request);
      Object connection = connection(facade);
      SelectableChannel channel = (SelectableChannel) invoke(connection, "getChannel");
      PeerCloseWatcher.Watch watch =
          PeerCloseWatcher.instance()
              .watch(
                  channel,
                  new TcpStates.Endpoints(facade.getLocalPort(), facade.getRemotePort()),
                  whenClosed);
      return watch::cancel;
    } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
      return unsupported(e);
    }
  }

  private static Registration unsupported(Throwable why) {
    if (WARNED.compareAndSet(false, true)) {
      LOG.log(
          Level.INFO,
          "this container does not tell when a client disconnects; upstream calls are cancelled"
              + " only when a write to a gone client fails",
          why);
    } else {
      LOG.log(Level.FINE, "no disconnect notification for this request", why);
    }
    return NONE;
  }

  private static ServletRequest unwrap(ServletRequest request) {
    ServletRequest current = request;
    while (current instanceof ServletRequestWrapper wrapper) {
      current = wrapper.getRequest();
    }
    return current;
  }

  private static Object connection(ServletRequest facade) throws ReflectiveOperationException {
    Field requestField =
        REQUEST_FIELDS
            .computeIfAbsent(facade.getClass(), ClientDisconnects::requestField)
            .orElseThrow(() -> new NoSuchFieldException(facade.getClass().getName() + ".request"));
    Object catalinaRequest = requestField.get(facade);
    Object grizzlyRequest = invoke(catalinaRequest, "getCoyoteRequest");
    Object connection = invoke(grizzlyRequest, "getConnection");
    if (connection == null) {
      throw new IllegalStateException("the request has no connection");
    }
    return connection;
  }

  private static Object invoke(Object target, String method) throws ReflectiveOperationException {
    Class<?> type = target.getClass();
    return PUBLIC_METHODS
        .computeIfAbsent(new MethodKey(type, method), key -> find(() -> publicMethod(type, method)))
        .orElseThrow(() -> new NoSuchMethodException(type.getName() + "." + method))
        .invoke(target);
  }

  /*
   * The container's members, looked up once per class rather than per request. Plain maps owned
   * by this class (not ClassValues, whose entries live in the container's classes and would keep
   * this application's class loader after an undeploy).
   */
  private static final Map<Class<?>, Optional<Field>> REQUEST_FIELDS = new ConcurrentHashMap<>();
  private static final Map<MethodKey, Optional<Method>> PUBLIC_METHODS = new ConcurrentHashMap<>();

  private record MethodKey(Class<?> type, String name) {}

  private static Optional<Field> requestField(Class<?> type) {
    return find(
        () -> {
          Field field = field(type, "request");
          field.setAccessible(true);
          return field;
        });
  }

  private interface Lookup<T> {
    T find() throws ReflectiveOperationException;
  }

  private static <T> Optional<T> find(Lookup<T> lookup) {
    try {
      return Optional.of(lookup.find());
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.FINE, "a container member was not found", e);
      return Optional.empty();
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        return c.getDeclaredField(name);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(type.getName() + "." + name);
  }

  /** A public method of an interface of {@code type} (the class itself may not be public). */
  private static Method publicMethod(Class<?> type, String name) throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        try {
          return i.getMethod(name);
        } catch (NoSuchMethodException e) {
          // try the next interface
        }
      }
    }
    return type.getMethod(name);
  }
}
