package io.cmsai.vectorstore.pgvector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmsai.config.Destination;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hosts a pgvector URL connects to, read as the driver reads them (for keys and policy). */
class PgVectorHostsTest {

  @Test
  void every_host_of_a_jdbc_url_is_a_destination_with_its_port() {
    assertEquals(
        List.of(new Destination("db.example", 5433)),
        PgVectorStoreFactory.hosts("jdbc:postgresql://db.example:5433/site?sslmode=require"));
    assertEquals(
        List.of(new Destination("a.example", 5432), new Destination("b.example", 6432)),
        PgVectorStoreFactory.hosts("jdbc:postgresql://a.example,b.example:6432/site"));
    assertEquals(
        List.of(new Destination("localhost", 5432)),
        PgVectorStoreFactory.hosts("jdbc:postgresql:site"));
    assertEquals(
        List.of(new Destination("169.254.169.254", 5432)),
        PgVectorStoreFactory.hosts("jdbc:postgresql://[::1]/site?PGHOST=169.254.169.254"));
  }
}
