package dev.weave.api;

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

    /**
     * The passwords a connection URL carries: the one of {@code scheme://user:password@host} and any
     * {@code password=} query parameter, as written and percent-decoded (either may reach a message).
     */
    public static List<String> passwordsInUrl(String url) {
        if (url == null) {
            return List.of();
        }
        List<String> found = new java.util.ArrayList<>();
        java.util.regex.Matcher userInfo = USER_INFO_PASSWORD.matcher(url);
        if (userInfo.find()) {
            found.add(userInfo.group(1));
        }
        java.util.regex.Matcher query = QUERY_PASSWORD.matcher(url);
        while (query.find()) {
            found.add(query.group(1));
        }
        List<String> all = new java.util.ArrayList<>(found);
        for (String raw : found) {
            try {
                all.add(java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // the raw form is masked already
            }
        }
        return all;
    }

    private static final java.util.regex.Pattern USER_INFO_PASSWORD =
            java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9+.:-]*://[^/?#@:]*:([^/?#]*)@");
    private static final java.util.regex.Pattern QUERY_PASSWORD =
            java.util.regex.Pattern.compile("[?&]password=([^&#]*)", java.util.regex.Pattern.CASE_INSENSITIVE);

    public SecretMask with(Collection<String> more) {
        List<String> all = new java.util.ArrayList<>(secrets);
        all.addAll(more);
        return new SecretMask(all);
    }
}
