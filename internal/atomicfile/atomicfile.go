// Package atomicfile writes a file so that its name never holds half of it: the data goes to a
// temporary file beside it, synced, then renamed into place. Readers (a resumed sweep, a merge,
// a browser opening a report) see the old file, no file, or the whole new one, even after a
// crash.
//
// It is the one home for writing an output file, and it writes where the user pointed:
//   - a symlink is followed, and its target written (renamed into place in the target's
//     folder), so the link stays a link;
//   - a path that exists and is no regular file (a device such as /dev/null, a FIFO) is
//     written in place, as a shell's > does: renaming over it would turn /dev/null into a
//     file (as root) or read nothing to a FIFO's reader. Such a file cannot be written whole or
//     not at all; an error still says so.
//
// Every error is an *Error naming the path it was given ("cannot write PATH: ..."), so that a
// full disk (ENOSPC) or a read-only folder is never a silent success.
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
	f, err := Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Abort()
		return err
	}
	return f.Commit()
}

// File is an output being written: a temporary file that Commit renames over its path, or,
// for a device or a FIFO, the path itself opened for writing.
type File struct {
	f      *os.File
	name   string // the path as given, for messages
	target string // where the data ends: name with its symlinks followed
	temp   bool   // f is a temporary file beside target
	done   bool   // committed or aborted
}

// Create starts writing path. Write to the File, then Commit it, or Abort it to leave path as
// it was (a device or a FIFO has had what was written).
func Create(path string) (*File, error) {
	target, err := resolve(path)
	if err != nil {
		return nil, pathError("create", path, err)
	}
	fi, err := os.Stat(target)
	switch {
	case err == nil && fi.IsDir():
		return nil, pathError("create", path, errors.New("is a directory"))
	case err == nil && !fi.Mode().IsRegular():
		// O_WRONLY without O_CREATE or O_TRUNC: a device or a FIFO, opened as it is.
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, pathError("create", path, err)
		}
		return &File{f: f, name: path, target: target}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp*")
	if err != nil {
		return nil, pathError("create", path, err)
	}
	return &File{f: f, name: path, target: target, temp: true}, nil
}

// maxLinks bounds the symlinks resolve follows, as the kernel's ELOOP does (40 on Linux).
const maxLinks = 40

// resolve follows path's symlinks to the file they lead to, which need not exist yet (a
// dangling link is written through, creating its target). filepath.EvalSymlinks cannot serve:
// it fails on a target that does not exist.
func resolve(path string) (string, error) {
	p := path
	for range maxLinks {
		fi, err := os.Lstat(p)
		if errors.Is(err, os.ErrNotExist) {
			return p, nil
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&os.ModeSymlink == 0 {
			return p, nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", errors.New("too many levels of symbolic links")
}

// Write writes p; its error names the path.
func (f *File) Write(p []byte) (int, error) {
	n, err := f.f.Write(p)
	if err != nil {
		return n, pathError("write", f.name, err)
	}
	return n, nil
}

// Commit ends the file: a temporary file is made readable by all, synced, closed and renamed
// over the path; a device or a FIFO is closed (fsync means nothing to them: Linux gives
// EINVAL). On error the temporary file is removed.
func (f *File) Commit() error {
	if f.done {
		return pathError("commit", f.name, os.ErrClosed)
	}
	f.done = true
	if !f.temp {
		return pathError("close", f.name, f.f.Close())
	}
	err := errors.Join(pathError("chmod", f.name, f.f.Chmod(0o644)),
		pathError("sync", f.name, f.f.Sync()), pathError("close", f.name, f.f.Close()))
	if err == nil {
		err = pathError("rename", f.name, os.Rename(f.f.Name(), f.target))
	}
	if err != nil {
		os.Remove(f.f.Name())
	}
	return err
}

// Abort ends a file not committed: a temporary file is closed and removed, and the path left
// as it was. It does nothing after Commit or Abort, so it can be deferred.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.done = true
	f.f.Close()
	if f.temp {
		os.Remove(f.f.Name())
	}
}

// Error is a failure to write an output: "cannot write PATH: ERR", with the step that failed
// when it is not the create or the write (a sync, close or rename is rarer and worth naming).
type Error struct {
	Op   string // create, write, chmod, sync, close, rename, commit
	Path string // the path as the caller gave it
	Err  error
}

func (e *Error) Error() string {
	if e.Op == "create" || e.Op == "write" {
		return "cannot write " + e.Path + ": " + e.Err.Error()
	}
	return "cannot write " + e.Path + ": " + e.Op + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// pathError is err as an *Error on path, the name the caller gave: the os package's own
// errors name the temporary file or the symlink's target, which the user never typed. It is
// nil for a nil err.
func pathError(op, path string, err error) error {
	if err == nil {
		return nil
	}
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	return &Error{Op: op, Path: path, Err: err}
}
