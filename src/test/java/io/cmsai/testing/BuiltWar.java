package io.cmsai.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build made ({@code target/cms-ai.war}), for Arquillian deployments of the ITs. */
public final class BuiltWar {

  /**
   * The first administrator's password the ITs' Payara Micro servers start with (arquillian.xml
   * passes it as {@code cms.ai.admin.initial-password}).
   */
  public static final String ADMIN_PASSWORD =
      System.getProperty("cms.ai.test.admin-password", "it-admin-password-0815");

  private BuiltWar() {}

  /**
   * The built WAR as an archive to deploy (add test classes to it for in-container tests).
   *
   * @throws org.opentest4j.AssertionFailedError when the WAR has not been built
   */
  public static WebArchive archive() {
    File war = new File(System.getProperty("cms.ai.test.war", "target/cms-ai.war"));
    assertTrue(war.isFile(), "run 'mvnw verify' (the WAR is built in package): missing " + war);
    return ShrinkWrap.create(ZipImporter.class, "cms-ai.war").importFrom(war).as(WebArchive.class);
  }
}
