package main

import (
	"io"

	"github.com/ecssim/ecssim/internal/atomicfile"
	"github.com/ecssim/ecssim/internal/boundedread"
	"github.com/ecssim/ecssim/scenarios/ecsjson"
)

// cmdImport turns ECS JSON, as the AWS CLI prints it, into a scenario file (ecsjson.Import):
// to stdout, or to -o FILE, written whole or not at all (atomicfile).
func cmdImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import")
	out := fs.String("o", "", "output file")
	var opt ecsjson.Options
	fs.StringVar(&opt.Name, "name", "", "scenario name")
	fs.StringVar(&opt.Duration, "duration", "", "scenario duration")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("import: name one JSON file at least (see ecssim help)")
	}
	var files []ecsjson.File
	for _, name := range fs.Args() {
		data, err := boundedread.ReadFile(name, boundedread.Limit{Bytes: ecsjson.MaxFileBytes, What: "an ECS JSON file"})
		if err != nil {
			return errUsage{err}
		}
		files = append(files, ecsjson.File{Name: name, Data: data})
	}
	toml, err := ecsjson.Import(files, opt)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(toml)
		return err
	}
	return atomicfile.Write(*out, toml)
}
