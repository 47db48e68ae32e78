package io.cmsai.security;

import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2 with the JDK, in the container's format (algorithm:iterations:salt:hash), standing in for
 * the server's Soteria implementation outside the container. Few iterations: tests only.
 */
final class Pbkdf2ForTests implements Pbkdf2PasswordHash {

  private final SecureRandom random = new SecureRandom();
  Map<String, String> parameters = Map.of();

  @Override
  public void initialize(Map<String, String> parameters) {
    this.parameters = Map.copyOf(parameters);
  }

  @Override
  public String generate(char[] password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    return "PBKDF2WithHmacSHA256:1000:"
        + Base64.getEncoder().encodeToString(salt)
        + ":"
        + Base64.getEncoder().encodeToString(hash(password, salt));
  }

  @Override
  public boolean verify(char[] password, String hashed) {
    String[] parts = hashed.split(":");
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    return MessageDigest.isEqual(expected, hash(password, Base64.getDecoder().decode(parts[2])));
  }

  private static byte[] hash(char[] password, byte[] salt) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password, salt, 1000, 256))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
