package io.cmsai.api.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Watches client connections for the peer's close without reading from them: each channel is also
 * registered, for read readiness, with a selector of this watcher's own (a channel may be
 * registered with several selectors), so the container's reading is untouched. A ready channel
 * means the peer closed or sent more bytes; {@link TcpStates} tells which from the kernel's table,
 * and only a close runs the callback. Either way the channel is not watched any more (readiness
 * stays until someone reads).
 *
 * <p>One daemon thread, started with the first watch and ending when nothing has been watched for a
 * while, so an undeployed application leaves no thread behind. Callbacks run on it: they must
 * return quickly.
 */
final class PeerCloseWatcher {

  private static final Logger LOG = Logger.getLogger(PeerCloseWatcher.class.getName());
  private static final long IDLE_EXIT_MILLIS = 30_000;

  /** One watched connection. */
  static final class Watch {
    private final SelectableChannel channel;
    private final TcpStates.Endpoints endpoints;
    private final Runnable whenClosed;
    private volatile SelectionKey key;
    private volatile boolean done;

    private Watch(SelectableChannel channel, TcpStates.Endpoints endpoints, Runnable whenClosed) {
      this.channel = channel;
      this.endpoints = endpoints;
      this.whenClosed = whenClosed;
    }

    /** Stops watching; the callback will not run after this returns. Idempotent. */
    void cancel() {
      done = true;
      SelectionKey k = key;
      if (k != null) {
        k.cancel();
      }
    }
  }

  private static final PeerCloseWatcher INSTANCE = new PeerCloseWatcher();

  private final Queue<Watch> pending = new ConcurrentLinkedQueue<>();
  private Selector selector; // guarded by this
  private Thread thread; // guarded by this

  private PeerCloseWatcher() {}

  static PeerCloseWatcher instance() {
    return INSTANCE;
  }

  /**
   * Watches {@code channel}, the connection between {@code endpoints}.
   *
   * @throws IOException when no selector can be opened
   */
  Watch watch(SelectableChannel channel, TcpStates.Endpoints endpoints, Runnable whenClosed)
      throws IOException {
    Watch watch = new Watch(channel, endpoints, whenClosed);
    pending.add(watch);
    synchronized (this) {
      if (thread == null) {
        selector = Selector.open();
        Selector own = selector;
        thread = new Thread(() -> run(own), "cms-ai-peer-close-watcher");
        thread.setDaemon(true);
        thread.start();
      } else {
        selector.wakeup();
      }
    }
    return watch;
  }

  private void run(Selector own) {
    long idleSince = System.currentTimeMillis();
    try {
      while (true) {
        registerPending(own);
        if (own.keys().isEmpty() && pending.isEmpty()) {
          if (System.currentTimeMillis() - idleSince > IDLE_EXIT_MILLIS && stopIfIdle(own)) {
            return;
          }
        } else {
          idleSince = System.currentTimeMillis();
        }
        own.select(IDLE_EXIT_MILLIS);
        for (SelectionKey key : own.selectedKeys()) {
          key.cancel(); // readable until someone reads: never report a channel twice
          ready((Watch) key.attachment());
        }
        own.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "the client connection watcher stopped", e);
      synchronized (this) {
        if (selector == own) {
          thread = null;
          selector = null;
        }
      }
      closeQuietly(own);
    }
  }

  private void registerPending(Selector own) {
    Watch watch;
    while ((watch = pending.poll()) != null) {
      if (watch.done) {
        continue;
      }
      try {
        watch.key = watch.channel.register(own, SelectionKey.OP_READ, watch);
        if (watch.done) {
          watch.key.cancel(); // cancelled while being registered
        }
      } catch (ClosedChannelException e) {
        fire(watch); // closed before it could be watched
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "a client connection cannot be watched", e);
      }
    }
  }

  private synchronized boolean stopIfIdle(Selector own) {
    if (!pending.isEmpty()) {
      return false;
    }
    thread = null;
    selector = null;
    closeQuietly(own);
    return true;
  }

  private static void ready(Watch watch) {
    if (watch.done) {
      return;
    }
    TcpStates.State state = TcpStates.state(watch.endpoints);
    if (state == TcpStates.State.OPEN) {
      // Bytes before the answer ended (a pipelining client): not a close, and no longer watchable.
      LOG.fine("a client sent more bytes while being answered; its connection is not watched");
      return;
    }
    fire(watch);
  }

  private static void fire(Watch watch) {
    if (watch.done) {
      return;
    }
    watch.done = true;
    try {
      watch.whenClosed.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "a client-close callback failed", e);
    }
  }

  private static void closeQuietly(Selector own) {
    try {
      own.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the watcher's selector", e);
    }
  }
}
