package io.cmsai.testing;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** A JUL handler that adds every record it is given to a list (the test's to make thread-safe). */
public final class LogRecords extends Handler {

  private final List<LogRecord> records;

  public LogRecords(List<LogRecord> records) {
    this.records = records;
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
