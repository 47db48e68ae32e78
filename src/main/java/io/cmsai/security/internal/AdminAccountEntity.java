package io.cmsai.security.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** One administrator account (table {@code ai_admin_account}); the password only as a hash. */
@Entity
@Table(name = "ai_admin_account")
public class AdminAccountEntity {

  @Id
  @Column(name = "username", length = 100)
  private String username;

  @Column(name = "password_hash", length = 1000, nullable = false)
  private String passwordHash;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "password_changed_at", nullable = false)
  private Instant passwordChangedAt;

  @Version
  @Column(name = "version", nullable = false)
  private long version;

  protected AdminAccountEntity() {}

  public AdminAccountEntity(String username, String passwordHash, Instant at) {
    this.username = username;
    this.passwordHash = passwordHash;
    this.createdAt = at;
    this.passwordChangedAt = at;
  }

  public String username() {
    return username;
  }

  public String passwordHash() {
    return passwordHash;
  }

  public Instant passwordChangedAt() {
    return passwordChangedAt;
  }

  public void changePassword(String newHash, Instant at) {
    this.passwordHash = newHash;
    this.passwordChangedAt = at;
  }

  @Override
  public String toString() {
    return "AdminAccount[" + username + "]";
  }
}
