package io.cmsai.provider;

/** An observer of {@link AiCallStarting} vetoed the call; nothing was sent. */
public class CallVetoedException extends NonRetriableAiException {

  private static final long serialVersionUID = 1L;

  public CallVetoedException(String reason) {
    super("the call was vetoed: " + reason, 0, null, null);
  }
}
