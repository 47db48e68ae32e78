/** JSON mapping and SQL of the content package; not API. */
package io.cmsai.content.internal;
