package io.cmsai.bench.facade.contenders;

import io.cmsai.bench.Options;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The paths measured: the upstream directly, nginx in front of it (optional) and the facade, each
 * at its chat completions endpoint. Immutable.
 */
public final class Contenders {
  private final Target direct;
  private final Target nginx; // null without --nginx
  private final Target facade;

  private Contenders(Target direct, Target nginx, Target facade) {
    this.direct = direct;
    this.nginx = nginx;
    this.facade = facade;
  }

  /**
   * From {@code --upstream}, {@code --nginx} (optional) and {@code --facade} (base URLs).
   *
   * @throws IllegalArgumentException when {@code --upstream} or {@code --facade} is missing
   */
  public static Contenders of(Options o) {
    Target direct = Target.of(Target.DIRECT, o.get("upstream", null) + "/v1/chat/completions");
    Target nginx =
        o.has("nginx")
            ? Target.of(Target.NGINX, o.get("nginx", null) + "/v1/chat/completions")
            : null;
    Target facade = Target.of(Target.FACADE, o.get("facade", null) + "/api/ai/v1/chat/completions");
    return new Contenders(direct, nginx, facade);
  }

  public Target direct() {
    return direct;
  }

  /** nginx, or null when it is not measured. */
  public Target nginx() {
    return nginx;
  }

  public Target facade() {
    return facade;
  }

  public boolean hasNginx() {
    return nginx != null;
  }

  /** The paths measured, in the order of the first round. */
  public List<Target> paths() {
    return nginx == null ? List.of(direct, facade) : List.of(direct, nginx, facade);
  }

  /** Round r's order of the paths: forward in even rounds, backward in odd ones. */
  public List<Target> order(int round) {
    List<Target> forward = paths();
    if (round % 2 == 0) {
      return forward;
    }
    List<Target> backward = new ArrayList<>(forward);
    Collections.reverse(backward);
    return backward;
  }
}
