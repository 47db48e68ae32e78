package io.cmsai.search;

/**
 * One content item found.
 *
 * @param source its content source
 * @param id its id in the source
 * @param title its title
 * @param url where to read it
 * @param snippetHtml a short extract of the best-matching chunk, HTML-escaped, the query's words
 *     wrapped in {@code <mark>}
 * @param score the best chunk's score (mode-dependent scale; larger is better)
 * @param chunk the best-matching chunk's text (plain)
 * @param language its language
 */
public record SearchHit(
    String source,
    String id,
    String title,
    String url,
    String snippetHtml,
    double score,
    String chunk,
    String language) {}
