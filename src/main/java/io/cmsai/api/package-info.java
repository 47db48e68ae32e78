/** REST endpoints of the module under {@code /api/ai} (Jakarta REST, JSON-B). */
package io.cmsai.api;
