package io.cmsai.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Roots every module endpoint at {@code /api/ai}. */
@ApplicationPath("/api/ai")
public class AiApplication extends Application {}
