package dev.weave.discovery;

import dev.weave.error.MigrationSourceException;
import dev.weave.model.MigrationFile;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${name}} in a script with configured values. Applied after the checksum is taken, so
 * changing a placeholder's value does not count as editing the migration. A placeholder without a value
 * is an error naming the file and line: running SQL with a literal "${x}" in it is never what was meant.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.:-]+)}");

    private final Map<String, String> values;

    public Placeholders(Map<String, String> values) {
        // a view, not a copy: the caller's map may resolve names its own way (see TargetContext)
        this.values = java.util.Collections.unmodifiableMap(values);
    }

    public String apply(MigrationFile file) {
        String text = file.text();
        if (text.indexOf("${") < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String name = m.group(1);
            String value = values.get(name);
            if (value == null) {
                throw new MigrationSourceException(file.path(), ScriptText.lineOf(text, m.start()),
                        "placeholder ${" + name + "} has no value: set placeholders." + name
                                + " in weave.yaml, --placeholder " + name + "=..., or WEAVE_PLACEHOLDER_"
                                + name.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
