package dev.weave.engine;

import dev.weave.api.AdoptOptions;
import dev.weave.api.AdoptResult;
import dev.weave.api.AdoptResult.Mapping;
import dev.weave.discovery.ResolvedMigrations;
import dev.weave.discovery.VersionMap;
import dev.weave.error.ConfigurationException;
import dev.weave.model.EntryType;
import dev.weave.model.ForeignEntry;
import dev.weave.model.LedgerEntry;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationVersion;
import dev.weave.spi.StoreConnection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code weave db adopt <target> --from <tool>}: takes over the history another tool left in the store, so that
 * Weave goes on from where that tool stopped instead of running everything again. The old history is only read.
 * Every row is checked before anything is written — a failed or half-applied row, a file that is gone, a file
 * edited since it ran are errors naming the row and the file, and then nothing is written. Adopting twice writes
 * nothing new; a Weave ledger that already has its own entries is refused.
 */
public final class AdoptOperation {

    private final TargetContext ctx;
    private final String tool;
    private final String location;
    private final boolean dryRun;
    /** The tool's own folder where its history needs one (Alembic's versions/); null otherwise. */
    private final java.nio.file.Path toolFolder;
    /** Old versions (or Alembic revisions) the user mapped to Weave versions with --map. */
    private final VersionMap versionMap;

    public AdoptOperation(TargetContext ctx, AdoptOptions options) {
        this.ctx = ctx;
        String tool = options.tool();
        String location = options.location();
        Map<String, String> sources = ctx.target().adapter().historySources();
        if (tool == null || !sources.containsKey(tool)) {
            throw new ConfigurationException("target " + ctx.name() + ": --from " + tool + " is not a history the "
                    + ctx.target().storeType() + " store can adopt; use one of "
                    + (sources.isEmpty() ? "(none)" : String.join(", ", new java.util.TreeSet<>(sources.keySet()))));
        }
        this.tool = tool;
        this.location = location == null || location.isBlank() ? sources.get(tool) : location;
        this.dryRun = options.dryRun();
        this.toolFolder = options.toolFolder();
        this.versionMap = VersionMap.read(options.versionMap());
    }

    public AdoptResult run() {
        ResolvedMigrations files = ctx.files();
        if (dryRun) {
            try (StoreConnection connection = ctx.connect()) {
                List<Planned> plan = plan(files, connection.readForeignHistory(tool, location), connection.readLedger());
                return result(plan, 0);
            }
        }
        return LedgerSession.run(ctx, (connection, ledger) -> {
            List<Planned> plan = plan(files, connection.readForeignHistory(tool, location), ledger);
            String installer = ctx.installedBy(connection);
            int rank = TargetContext.maxRank(ledger);
            int written = 0;
            for (Planned p : plan) {
                if (p.entry != null && !p.already) {
                    LedgerEntry e = p.entry;
                    connection.appendEntry(new LedgerEntry(++rank, e.version(), e.description(), e.type(), e.script(),
                            e.checksum(), e.installedBy() == null ? installer : e.installedBy(),
                            e.installedOn() == null ? Instant.now() : e.installedOn(), e.executionMillis(), true));
                    written++;
                }
            }
            return result(plan, written);
        });
    }

    private AdoptResult result(List<Planned> plan, int written) {
        return new AdoptResult(ctx.name(), ctx.target().storeType(), tool, location,
                plan.stream().map(p -> p.mapping).toList(), written, dryRun);
    }

    /** A row of the old history, what it maps to (null: nothing to write), and whether Weave has it already. */
    private record Planned(Mapping mapping, LedgerEntry entry, boolean already) {
    }

    private List<Planned> plan(ResolvedMigrations files, List<ForeignEntry> history, List<LedgerEntry> ledger) {
        if (history.isEmpty()) {
            throw new ConfigurationException("target " + ctx.name() + ": " + location + " holds no " + tool
                    + " history; nothing to adopt");
        }
        List<String> unused = versionMap.unused(history.stream().map(ForeignEntry::version)
                .filter(Objects::nonNull).collect(java.util.stream.Collectors.toSet()));
        if (!unused.isEmpty()) {
            throw new ConfigurationException("target " + ctx.name() + ": the version map names versions the " + tool
                    + " history in " + location + " does not hold; nothing was written:\n  " + String.join("\n  ", unused));
        }
        List<Planned> plan = tool.equals("alembic") ? alembic(history, ledger) : fromRows(files, history, ledger);
        // after an earlier adopt of this history, the ledger's other entries are Weave's own work since then
        boolean adoptedBefore = plan.stream().anyMatch(Planned::already);
        if (!adoptedBefore && !ledger.isEmpty()) {
            throw new ConfigurationException("target " + ctx.name() + ": Weave's ledger already has " + ledger.size()
                    + " entries of its own (see weave db history " + ctx.name() + "); adopt only starts an empty ledger,"
                    + " or completes an earlier adopt of the same history");
        }
        return plan;
    }

    /** Tools that keep a row per migration (Flyway, schema_migrations): each row checked against its file. */
    private List<Planned> fromRows(ResolvedMigrations files, List<ForeignEntry> history, List<LedgerEntry> ledger) {
        List<String> problems = new ArrayList<>();
        // the latest row per version (or per repeatable) decides, as in the tool itself
        Map<MigrationVersion, ForeignEntry> latest = new TreeMap<>();
        Map<String, ForeignEntry> repeatables = new LinkedHashMap<>();
        ForeignEntry baseline = null;
        for (ForeignEntry row : history) {
            if (!row.success()) {
                problems.add(row.where() + ": " + label(row) + (row.script() == null ? "" : " (" + row.script() + ")")
                        + " failed in " + tool + "; let " + tool + " finish it first (fix the file and run " + tool
                        + " again, or its repair where it has one), then adopt");
                continue;
            }
            switch (row.kind()) {
                case UNSUPPORTED -> problems.add(row.where() + ": " + label(row) + " (" + row.description()
                        + ") is not something Weave can take over");
                case BASELINE -> baseline = row;
                case REPEATABLE -> repeatables.put(fileName(row.script()), row);
                default -> {
                    MigrationVersion v = version(row, problems);
                    if (v != null) {
                        latest.put(v, row);
                    }
                }
            }
        }
        Map<MigrationVersion, MigrationFile> byVersion = new LinkedHashMap<>();
        files.versioned().forEach(f -> byVersion.put(f.version(), f));
        Map<String, MigrationFile> byName = new LinkedHashMap<>();
        files.repeatables().forEach(f -> byName.put(fileName(f.script()), f));

        List<Planned> plan = new ArrayList<>();
        if (baseline != null) {
            MigrationVersion v = version(baseline, problems);
            plan.add(planned(baseline, new LedgerEntry(0, v == null ? baseline.version() : v.text(),
                    baseline.description(), EntryType.BASELINE, baseline.description(), null, baseline.installedBy(),
                    baseline.installedOn(), 0, true), "BASELINE at version " + baseline.version(), "SKIPPED", ledger));
        }
        for (Map.Entry<MigrationVersion, ForeignEntry> e : latest.entrySet()) {
            ForeignEntry row = e.getValue();
            MigrationFile file = byVersion.get(e.getKey());
            switch (row.kind()) {
                case UNDO -> plan.add(new Planned(new Mapping(from(row), "nothing: undone in " + tool
                        + ", so pending for Weave", "SKIPPED", false), null, false));
                case DELETED -> plan.add(planned(row, new LedgerEntry(0, e.getKey().text(), row.description(),
                        EntryType.DELETE, row.script(), null, row.installedBy(), row.installedOn(), 0, true),
                        "DELETE V" + e.getKey().text() + " (its file was deleted on purpose)", "SKIPPED", ledger));
                case APPLIED_UP_TO -> {
                    // golang-migrate keeps only the latest version: every file up to it ran
                    for (MigrationFile f : files.versioned()) {
                        if (f.version().compareTo(e.getKey()) <= 0) {
                            plan.add(planned(row, adopted(f, row), "ADOPTED " + f.label(), "NOT_RECORDED", ledger));
                        }
                    }
                    if (file == null) {
                        problems.add(row.where() + ": version " + row.version() + " has no file V" + row.version()
                                + "__*" + " in " + ctx.target().folder() + "; rename the files first (weave db"
                                + " import-names) so that their versions are the tool's");
                    }
                }
                default -> {
                    if (file == null) {
                        problems.add(row.where() + ": " + label(row) + (row.script() == null ? "" : " (" + row.script() + ")")
                                + " has no file V" + e.getKey().text() + "__*" + " in " + ctx.target().folder()
                                + "; put the file there (or rename it) before adopting");
                    } else {
                        String verdict = verdict(row, file, problems);
                        plan.add(planned(row, adopted(file, row), "ADOPTED " + file.label(), verdict, ledger));
                    }
                }
            }
        }
        for (Map.Entry<String, ForeignEntry> e : repeatables.entrySet()) {
            ForeignEntry row = e.getValue();
            MigrationFile file = byName.get(e.getKey());
            if (file == null) {
                plan.add(new Planned(new Mapping(from(row), "nothing: no file " + e.getKey() + " any more", "NO_FILE",
                        false), null, false));
                continue;
            }
            String verdict = verdict(row, file, problems);
            // an edited repeatable simply runs again at the next migrate, as in the tool: record the old checksum
            String checksum = "MATCH".equals(verdict) || "NOT_RECORDED".equals(verdict) ? file.checksum()
                    : tool + ":" + row.checksum();
            plan.add(planned(row, new LedgerEntry(0, null, file.description(), EntryType.REPEATABLE, file.script(),
                    checksum, row.installedBy(), row.installedOn(), row.executionMillis(), true),
                    "REPEATABLE " + file.label(), verdict, ledger));
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException("target " + ctx.name() + ": cannot adopt the " + tool + " history in "
                    + location + "; nothing was written:\n  " + String.join("\n  ", problems));
        }
        return plan;
    }

    /**
     * Alembic keeps only the revision the database is at ({@code alembic_version}); its files are Python, which
     * Weave does not run. The database must be at the head of the versions folder's one straight line of
     * revisions; it is adopted as a baseline whose version is that head's position in the line (the third
     * revision: baseline 3), described with the revision id, so new work goes on as {@code V4__….sql}.
     */
    private List<Planned> alembic(List<ForeignEntry> heads, List<LedgerEntry> ledger) {
        if (heads.size() > 1) {
            throw new ConfigurationException("target " + ctx.name() + ": " + location + " holds " + heads.size()
                    + " heads (" + String.join(", ", heads.stream().map(ForeignEntry::version).toList()) + "); merge"
                    + " them in Alembic first (alembic merge heads, alembic upgrade head); nothing was written");
        }
        ForeignEntry head = heads.get(0);
        dev.weave.discovery.AlembicChain chain = dev.weave.discovery.AlembicChain.read(toolFolder == null
                ? ctx.config().location().resolve("../alembic/versions").normalize() : toolFolder);
        int position = chain.position(head.version());
        if (position == 0) {
            throw new ConfigurationException("target " + ctx.name() + ": the database is at Alembic revision "
                    + head.version() + " (" + head.where() + "), which the versions folder does not hold; point --versions"
                    + " at the folder this database was migrated from; nothing was written");
        }
        if (position != chain.line().size()) {
            String last = chain.line().get(chain.line().size() - 1).id();
            throw new ConfigurationException("target " + ctx.name() + ": the database is at Alembic revision "
                    + head.version() + " (" + position + " of " + chain.line().size() + "), not at the folder's head "
                    + last + "; run alembic upgrade head first, so that no Alembic revision is left unapplied; nothing"
                    + " was written");
        }
        // the rule: the head's position in the chain; the version map may name another
        String version = versionMap.apply(head.version());
        String at = version.equals(head.version()) ? String.valueOf(position) : version;
        LedgerEntry baseline = new LedgerEntry(0, at, "alembic " + head.version(),
                EntryType.BASELINE, "alembic " + head.version(), null, null, null, 0, true);
        return List.of(planned(head, baseline, "BASELINE at version " + at + " (alembic revision "
                + head.version() + "; new files start " + (at.matches("\\d+") ? "at V" + (Long.parseLong(at) + 1)
                : "after V" + at) + ")", "NOT_RECORDED", ledger));
    }

    private Planned planned(ForeignEntry row, LedgerEntry entry, String to, String verdict, List<LedgerEntry> ledger) {
        boolean already = ledger.stream().anyMatch(l -> same(entry, l));
        return new Planned(new Mapping(from(row), to, verdict, already), entry, already);
    }

    private static boolean same(LedgerEntry a, LedgerEntry b) {
        return a.type() == b.type() && Objects.equals(a.version(), b.version())
                && (a.version() != null || Objects.equals(a.script(), b.script()));
    }

    private LedgerEntry adopted(MigrationFile file, ForeignEntry row) {
        return new LedgerEntry(0, file.version().text(), file.description(), EntryType.ADOPTED, file.script(),
                file.checksum(), row.installedBy(), row.installedOn(), row.executionMillis(), true);
    }

    /** The tool's checksum against the file Weave has: MATCH, NOT_RECORDED, or a problem for a versioned file. */
    private String verdict(ForeignEntry row, MigrationFile file, List<String> problems) {
        if (row.checksum() == null) {
            return "NOT_RECORDED";
        }
        String ours = checksum(file);
        if (ours == null) {
            return "NOT_RECORDED";
        }
        if (ours.equals(row.checksum())) {
            return "MATCH";
        }
        if (file.isVersioned()) {
            problems.add(row.where() + ": " + file.path() + " was edited after " + tool + " ran it (" + tool
                    + " recorded checksum " + row.checksum() + ", the file has " + ours + "); restore the file as it"
                    + " ran, or run " + tool + " repair if the edit is intended");
        }
        return "CHANGED";
    }

    /** The file's checksum in the tool's own algorithm, or null when Weave cannot compute that tool's. */
    private String checksum(MigrationFile file) {
        return ctx.target().adapter().foreignChecksum(tool, file.path());
    }

    /** The row's version as Weave reads it: mapped by --map, else the tool's own, compared part by part as numbers. */
    private MigrationVersion version(ForeignEntry row, List<String> problems) {
        try {
            return MigrationVersion.parse(versionMap.apply(row.version()));
        } catch (RuntimeException e) {
            problems.add(row.where() + ": version '" + row.version() + "' is not a version Weave can read (digits,"
                    + " parts split by . or _); name the Weave version it is in a --map file (" + row.version()
                    + "=<version>), or rename the files and adopt with a baseline instead (weave db baseline)");
            return null;
        }
    }

    private String from(ForeignEntry row) {
        return row.where() + " (" + label(row) + ")";
    }

    private static String label(ForeignEntry row) {
        return row.version() == null ? "repeatable " + row.description() : "version " + row.version();
    }

    private static String fileName(String script) {
        if (script == null) {
            return "";
        }
        int slash = Math.max(script.lastIndexOf('/'), script.lastIndexOf('\\'));
        return script.substring(slash + 1);
    }
}
