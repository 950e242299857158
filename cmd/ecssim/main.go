package main

import (
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ecssim/ecssim/experiment"
	"github.com/ecssim/ecssim/internal/cut"
	"github.com/ecssim/ecssim/scenarios"
)

//go:embed doc.go
var doc string

// usage is the package documentation, the one source of the help text.
func usage() string {
	start := strings.Index(doc, "/*\n")
	end := strings.Index(doc, "*/")
	return doc[start+3 : end]
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// errUsage marks bad usage or bad input: exit status 2.
type errUsage struct{ err error }

func (e errUsage) Error() string { return e.err.Error() }
func (e errUsage) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return errUsage{fmt.Errorf(format, args...)}
}

// run is the program: it parses args, runs a subcommand and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return 2
	}
	cmds := map[string]func([]string, io.Writer, io.Writer) error{
		"run": cmdRun, "replay": cmdReplay, "explain": cmdExplain, "validate": cmdValidate,
		"examples": cmdExamples, "strategies": cmdStrategies, "compare": cmdCompare, "plan": cmdPlan,
		"sweep": cmdSweep, "merge": cmdMerge, "bench": cmdBench,
		"import": cmdImport, "instance-types": cmdInstanceTypes,
	}
	cmd, ok := cmds[args[0]]
	switch {
	case args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help":
		fmt.Fprint(stdout, usage())
		return 0
	case !ok:
		fmt.Fprintf(stderr, "ecssim: unknown command %q\n\n%s", args[0], usage())
		return 2
	}
	err := cmd(args[1:], stdout, stderr)
	var ue errUsage
	var problems scenarios.Problems
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &problems):
		fmt.Fprintln(stderr, problems) // one FILE:LINE:COL: message per line, as compilers print
		return 2
	case errors.As(err, &ue), errors.As(err, new(experiment.InputError)):
		fmt.Fprintf(stderr, "ecssim: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "ecssim: %v\n", err)
	return 1
}

// newFlags returns a flag set that never prints or exits: run reports its errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses flags, which may come before or after the positional arguments (fs.Args
// returns those); -h prints the usage to stdout, and a bad flag is a usage error.
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	var positional []string
	for {
		err := fs.Parse(args)
		switch {
		case errors.Is(err, flag.ErrHelp):
			fmt.Fprint(stdout, usage())
			return err
		case err != nil:
			return flagProblem(fs, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			positional = append(positional, rest[1:]...)
			break
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
	return fs.Parse(append([]string{"--"}, positional...))
}

// flagProblem is the usage error for a flag fs cannot parse. The flag package's "flag provided
// but not defined" becomes "unknown flag -seeds (did you mean -seed?)", naming the closest
// flag of this subcommand (scenarios.Closest, which suggests scenario keys too); without a
// close one, and for any other error, it points to the help.
func flagProblem(fs *flag.FlagSet, err error) error {
	name, unknown := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !unknown {
		return usageErrorf("%s: %s (see ecssim help)", fs.Name(), cut.Quoted(err.Error()))
	}
	var known []string
	fs.VisitAll(func(f *flag.Flag) { known = append(known, f.Name) })
	if s := scenarios.Closest(name, known); s != "" {
		return usageErrorf("%s: unknown flag -%s (did you mean -%s?)", fs.Name(), name, s)
	}
	return usageErrorf("%s: unknown flag -%s (see ecssim help)", fs.Name(), name)
}
