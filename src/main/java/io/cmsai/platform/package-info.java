/**
 * Infrastructure the capabilities stand on: the module's data directory, its database (the {@code
 * java:app/jdbc/cms-ai} data source and the {@code cms-ai} persistence unit), schema migrations and
 * start-up.
 *
 * <p>Everything stateful the module keeps on the embedded defaults lives under one {@link
 * io.cmsai.platform.DataDirectory}, so settings and indexes survive a restart.
 */
package io.cmsai.platform;
