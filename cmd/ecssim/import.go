package main

import (
	"io"

	"github.com/ecssim/ecssim/internal/boundedread"
	"github.com/ecssim/ecssim/scenarios/ecsjson"
)

// cmdImport turns ECS JSON, as the AWS CLI prints it, into a scenario file (ecsjson.Import):
// to stdout, or to -o FILE, written under a temporary name and renamed so that a failed
// import never leaves half a file.
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
	var outs outputs
	defer outs.abandon()
	w, err := outs.create(*out)
	if err != nil {
		return err
	}
	if _, err := w.Write(toml); err != nil {
		return err
	}
	return outs.commit()
}
