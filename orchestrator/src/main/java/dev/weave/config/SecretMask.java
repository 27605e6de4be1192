package dev.weave.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces known secret values (passwords, API keys) by {@code ****} in any text about to be shown.
 * A second line of defence: adapters already keep secrets out of their messages, but a store's own
 * error text or a user's connection string could still carry one.
 */
public final class SecretMask {

    public static final SecretMask NONE = new SecretMask(List.of());

    private final List<String> secrets;

    public SecretMask(Collection<String> secrets) {
        // longest first, so a secret that contains another is masked whole; very short values would mask
        // ordinary words and are too weak to be worth hiding from a log anyway
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= 3).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    public String mask(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "****");
        }
        return out;
    }

    public SecretMask with(Collection<String> more) {
        List<String> all = new java.util.ArrayList<>(secrets);
        all.addAll(more);
        return new SecretMask(all);
    }
}
