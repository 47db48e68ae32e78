package io.cmsai.vectorstore.milvus;

import io.milvus.grpc.ErrorCode;

/** A Milvus error status: the (2.3+) code, the legacy error code and the reason. */
@SuppressWarnings("deprecation") // Milvus still fills the legacy ErrorCode next to the code
final class MilvusError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;
  private final transient ErrorCode legacy;

  MilvusError(int code, ErrorCode legacy, String reason) {
    super(reason);
    this.code = code;
    this.legacy = legacy;
  }

  io.milvus.grpc.Status status() {
    return io.milvus.grpc.Status.newBuilder()
        .setCode(code)
        .setErrorCode(legacy)
        .setReason(getMessage())
        .build();
  }
}
