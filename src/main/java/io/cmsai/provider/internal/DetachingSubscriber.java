package io.cmsai.provider.internal;

import java.util.concurrent.Flow;

/**
 * Forwards to a subscriber and forgets it once the body ended or failed. The HTTP client's idle
 * pooled connections keep a reference to the last body subscriber; without this, each would pin its
 * last call (request, answer, relay) until the connection closes.
 */
final class DetachingSubscriber<B> implements Flow.Subscriber<B> {
  private volatile Flow.Subscriber<B> delegate;

  DetachingSubscriber(Flow.Subscriber<B> delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    Flow.Subscriber<B> d = delegate;
    if (d == null) {
      subscription.cancel();
    } else {
      d.onSubscribe(subscription);
    }
  }

  @Override
  public void onNext(B item) {
    Flow.Subscriber<B> d = delegate;
    if (d != null) {
      d.onNext(item);
    }
  }

  @Override
  public void onError(Throwable error) {
    Flow.Subscriber<B> d = delegate;
    delegate = null;
    if (d != null) {
      d.onError(error);
    }
  }

  @Override
  public void onComplete() {
    Flow.Subscriber<B> d = delegate;
    delegate = null;
    if (d != null) {
      d.onComplete();
    }
  }
}
