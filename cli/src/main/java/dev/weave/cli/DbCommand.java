package dev.weave.cli;

import picocli.CommandLine.Command;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Migrate, inspect and repair the targets' databases.",
        subcommands = {MigrateCommand.class, InfoCommand.class, ValidateCommand.class, CurrentCommand.class,
                HistoryCommand.class, CreateCommand.class, RepairCommand.class, BaselineCommand.class, AdoptCommand.class,
                CleanCommand.class, UndoCommand.class, MigrateAllCommand.class, ValidateAllCommand.class, SumCommand.class,
                ImportNamesCommand.class, SettingsCommand.class, LintCommand.class, DiffCommand.class})
final class DbCommand {
}
