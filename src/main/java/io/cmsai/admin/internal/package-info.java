/**
 * The admin API's JSON shapes ({@code *Wire}, serialised by JSON-B) and their conversions from the
 * capabilities' values: settings forms with the origin of each value, connection checks, and the
 * figures derived for the index page (percent, rate, time left). Not for use outside {@code
 * io.cmsai.admin}.
 */
package io.cmsai.admin.internal;
