package dev.weave.cli;

import dev.weave.api.ValidationResult;
import dev.weave.core.Weave;
import dev.weave.error.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", description = "Check a target's ledger against its files; exit 3 on drift, missing, failed, out-of-order or pending migrations.")
final class ValidateCommand extends TargetCommand {

    @Option(names = "--ignore-pending", description = "Pending migrations are not a problem.")
    boolean ignorePending;

    ValidateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        ValidationResult result = weave.validate(target, ignorePending);
        if (out.json()) {
            out.json(result);
        } else {
            print(out, result);
        }
        return result.isValid() ? 0 : ExitCode.VALIDATION_PROBLEMS.code();
    }

    static void print(Output out, ValidationResult r) {
        if (r.isValid()) {
            out.line(out.green(r.target() + ": valid") + " (" + r.applied() + " applied, " + r.pending() + " pending)");
            return;
        }
        out.line(out.red(r.target() + ": " + r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s"))
                + " (" + r.applied() + " applied, " + r.pending() + " pending)");
        for (ValidationResult.Problem p : r.problems()) {
            out.line("  " + out.red(p.kind()) + " " + p.message());
            out.line("      " + p.advice());
        }
    }
}
