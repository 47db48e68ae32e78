/**
 * The admin console's REST API ({@code /api/ai/admin/*}, role {@code ai-admin}): provider and
 * vector database settings with their connection tests, the key references, the search index
 * (status, re-index, progress events), the request log and the signed-in account. Resources return
 * values and throw; the {@link io.cmsai.web} edge writes the errors. The pages themselves are
 * static files under {@code webapp/admin}.
 */
package io.cmsai.admin;
