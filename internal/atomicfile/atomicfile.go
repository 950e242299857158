// Package atomicfile writes a file so that its name never holds half of it: the data goes to a
// temporary file beside it, synced, then renamed into place. Readers (a resumed sweep, a merge,
// a browser opening a report) see the old file, no file, or the whole new one, even after a
// crash.
package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
)

// Write writes data to path atomically, readable by all (0644: os.CreateTemp makes 0600,
// and results may be read by another user from a shared volume). On error the temporary file
// is removed and path is left as it was.
func Write(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	err = errors.Join(err, f.Chmod(0o644), f.Sync(), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
