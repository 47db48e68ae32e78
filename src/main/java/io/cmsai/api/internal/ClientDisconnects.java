package io.cmsai.api.internal;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells when the client's connection closes, while the request is still being answered, so that the
 * upstream call made for it can be cancelled at once, whatever the upstream is doing: the Servlet
 * API reports a gone client only when a write to it fails, which for a non-streamed answer is after
 * the upstream computed all of it, and for a silent stream the next heartbeat.
 *
 * <p>On Payara (Grizzly), the connection under the request has close listeners, which the selector
 * runs as soon as the peer closes; they are reached through the container's request objects ({@code
 * RequestFacade.request.getCoyoteRequest().getConnection()}). On another container, or if these
 * internals change, {@link #onClose} does nothing and says so once in the log (FINE per request);
 * the write-failure detection stays in place either way.
 *
 * <p>Thread-safe. The callback runs on a container I/O thread: it must return quickly and not block
 * (cancel something, schedule work).
 */
public final class ClientDisconnects {

  private static final Logger LOG = Logger.getLogger(ClientDisconnects.class.getName());
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  /**
   * A registered callback. {@link #remove} it <em>before</em> the last bytes of the answer are
   * written and the request is completed: the next request of a keep-alive client may follow at
   * once, and the container must be the only one reading it.
   */
  public interface Registration {
    /** Stops watching and hands the connection's read events back to the container. Idempotent. */
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
    try {
      Object connection = connection(unwrap(request));
      Class<?> listenerType =
          Class.forName(
              "org.glassfish.grizzly.CloseListener", false, connection.getClass().getClassLoader());
      AtomicBoolean fired = new AtomicBoolean();
      Object listener =
          Proxy.newProxyInstance(
              listenerType.getClassLoader(),
              new Class<?>[] {listenerType},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "onClosed" -> {
                    if (fired.compareAndSet(false, true)) {
                      whenClosed.run();
                    }
                    return null;
                  }
                  case "hashCode" -> {
                    return System.identityHashCode(proxy);
                  }
                  case "equals" -> {
                    return proxy == args[0];
                  }
                  case "toString" -> {
                    return "ClientDisconnects listener";
                  }
                  default -> {
                    return null;
                  }
                }
              });
      method(connection.getClass(), "addCloseListener", listenerType).invoke(connection, listener);
      // While a request is being answered, Grizzly does not read from its connection, so a peer's
      // close goes unnoticed until a write fails: ask the selector for read events again.
      Class<?> ioEvent =
          Class.forName(
              "org.glassfish.grizzly.IOEvent", false, connection.getClass().getClassLoader());
      @SuppressWarnings({"unchecked", "rawtypes"})
      Object read = Enum.valueOf((Class) ioEvent, "READ");
      Method remove = method(connection.getClass(), "removeCloseListener", listenerType);
      Method disable = method(connection.getClass(), "disableIOEvent", ioEvent);
      method(connection.getClass(), "enableIOEvent", ioEvent).invoke(connection, read);
      return () -> {
        if (fired.compareAndSet(false, true)) {
          try {
            // Hand reading back to the container before the answer ends: with read events still
            // on, a keep-alive client's next request could reach the selector while the container
            // is still finishing this one, and be lost (the client then waits for ever).
            disable.invoke(connection, read);
            remove.invoke(connection, listener);
          } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "could not stop watching a connection", e);
          }
        }
      };
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      if (WARNED.compareAndSet(false, true)) {
        LOG.log(
            Level.INFO,
            "this container does not tell when a client disconnects; upstream calls are cancelled"
                + " only when a write to a gone client fails",
            e);
      } else {
        LOG.log(Level.FINE, "no disconnect notification for this request", e);
      }
      return NONE;
    }
  }

  private static ServletRequest unwrap(ServletRequest request) {
    ServletRequest current = request;
    while (current instanceof ServletRequestWrapper wrapper) {
      current = wrapper.getRequest();
    }
    return current;
  }

  private static Object connection(ServletRequest facade) throws ReflectiveOperationException {
    Field field = field(facade.getClass(), "request");
    field.setAccessible(true);
    Object catalinaRequest = field.get(facade);
    Object grizzlyRequest =
        catalinaRequest.getClass().getMethod("getCoyoteRequest").invoke(catalinaRequest);
    Object connection = grizzlyRequest.getClass().getMethod("getConnection").invoke(grizzlyRequest);
    if (connection == null) {
      throw new IllegalStateException("the request has no connection");
    }
    return connection;
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

  private static Method method(Class<?> type, String name, Class<?> parameter)
      throws NoSuchMethodException {
    for (Class<?> c : type.getInterfaces()) {
      try {
        return c.getMethod(name, parameter);
      } catch (NoSuchMethodException e) {
        // try the next interface
      }
    }
    return type.getMethod(name, parameter);
  }
}
