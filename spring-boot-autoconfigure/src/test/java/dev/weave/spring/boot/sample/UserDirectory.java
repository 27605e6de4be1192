package dev.weave.spring.boot.sample;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the migrated {@code users} table while the context starts: it can only be made once the migrations ran,
 * which is what the starter's ordering promises (a JdbcTemplate waits for Weave).
 */
@Component
public class UserDirectory {

    private final long usersAtStart;

    public UserDirectory(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM users", Long.class);
        this.usersAtStart = count == null ? -1 : count;
    }

    public long usersAtStart() {
        return usersAtStart;
    }
}
