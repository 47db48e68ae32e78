/**
 * Metadata filters as a small typed expression tree ({@link io.cmsai.vectorstore.filter.Filter}),
 * converted by each store into its own syntax with values bound or escaped, never spliced in.
 */
package io.cmsai.vectorstore.filter;
