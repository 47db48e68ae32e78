package io.cmsai.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * Roots every module endpoint at {@code /api/ai}. Resources and the web edge's providers (exception
 * mappers, the JSON body reader and the {@code @RolesAllowed} feature in {@code
 * io.cmsai.web.internal}) are found by scanning.
 */
@ApplicationPath("/api/ai")
public class AiApplication extends Application {}
