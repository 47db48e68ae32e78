package io.cmsai.indexing;

/**
 * CDI event fired after every batch of a full re-index and when a run changes state; observers run
 * on the indexing thread and must return quickly.
 *
 * @param run the run as recorded after the change
 */
public record IndexProgress(IndexRun run) {}
