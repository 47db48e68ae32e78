package io.cmsai.provider;

/** The caller cancelled the call (or the client of the facade went away). */
public class CallCancelledException extends NonRetriableAiException {

  private static final long serialVersionUID = 1L;

  private final String partialText;

  public CallCancelledException(String message, String partialText) {
    super(message, 0, null, null);
    this.partialText = partialText;
  }

  /** Answer text received before the cancellation. */
  public String partialText() {
    return partialText;
  }
}
