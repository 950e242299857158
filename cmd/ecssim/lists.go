package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ecssim/ecssim/scenarios"
	"github.com/ecssim/ecssim/scheduler"
)

func cmdValidate(args []string, stdout, _ io.Writer) error {
	fs := newFlags("validate")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("validate: name at least one scenario")
	}
	bad := 0
	for _, name := range fs.Args() {
		sc, err := scenarios.Open(name)
		if err != nil {
			bad++
			fmt.Fprintln(stdout, err)
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", name)
		if len(sc.Warnings) > 0 {
			fmt.Fprintln(stdout, sc.Warnings)
		}
	}
	if bad > 0 {
		return usageErrorf("%d of %d scenarios are invalid", bad, fs.NArg())
	}
	return nil
}

func cmdExamples(args []string, stdout, _ io.Writer) error {
	fs := newFlags("examples")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	exs := scenarios.Examples()
	if fs.NArg() > 1 {
		return usageErrorf("examples: name one example at most")
	}
	if fs.NArg() == 1 {
		for _, ex := range exs {
			if ex.Name == fs.Arg(0) {
				_, err := stdout.Write(ex.Source)
				return err
			}
		}
		return usageErrorf("no example %q; run ecssim examples for the list", fs.Arg(0))
	}
	tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
	for _, ex := range exs {
		mark := ""
		if ex.Name == scenarios.DefaultExample {
			mark = " (default)"
		}
		fmt.Fprintf(tw, "example:%s%s\t%s\n", ex.Name, mark, ex.Description)
	}
	fmt.Fprintln(tw, "\nrun one with: ecssim run example:NAME; print its file with: ecssim examples NAME")
	return tw.Flush()
}

func cmdStrategies(args []string, stdout, _ io.Writer) error {
	fs := newFlags("strategies")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("strategies takes no arguments")
	}
	tw := tabwriter.NewWriter(stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "placement strategy types (placement_strategy = [{ type, field }]):")
	for _, e := range scheduler.Entries() {
		fields := strings.Join(e.Fields, " | ")
		if fields == "" {
			fields = "(no field)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", e.Type, fields, e.Doc)
	}
	fmt.Fprintln(tw, "\npresets (for -strategy):")
	for _, p := range scheduler.Presets() {
		parts := make([]string, len(p.Chain))
		for i, s := range p.Chain {
			parts[i] = s.String()
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", p.Name, strings.Join(parts, ","), p.Doc)
	}
	return tw.Flush()
}
