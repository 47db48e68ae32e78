/**
 * The paths the facade benchmark drives (the upstream directly, nginx, the facade) and its minimal
 * blocking HTTP/1.1 client: one keep-alive socket per client and path, chunked and fixed-length
 * bodies, lines read in blocks. The client adds as little as possible and the same to every path.
 */
package io.cmsai.bench.facade.contenders;
