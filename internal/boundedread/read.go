package boundedread

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Limit is how much of one kind of file ecssim reads, and what the kind is called in
// messages ("a scenario file").
type Limit struct {
	Bytes int64
	What  string
}

// Error is why a file is refused: it is not a regular file, or it is larger than its limit.
type Error struct {
	Name   string
	Reason string
}

func (e *Error) Error() string { return e.Name + ": " + e.Reason }

// Open opens the regular file name; reading more than lim.Bytes from it fails with an
// *Error. A file that cannot be opened returns the *fs.PathError of os, so that
// errors.Is(err, fs.ErrNotExist) still tells a missing file.
func Open(name string, lim Limit) (io.ReadCloser, error) {
	// Stat before opening: opening a FIFO with no writer blocks.
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := regular(name, fi); err != nil {
		return nil, err
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	// The file may have been replaced since Stat; what was opened is what counts.
	if fi, err = f.Stat(); err == nil {
		err = regular(name, fi)
	}
	if err == nil && fi.Size() > lim.Bytes {
		err = tooLarge(name, lim)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &reader{f: f, name: name, lim: lim, left: lim.Bytes}, nil
}

// ReadFile reads the whole regular file name, of at most lim.Bytes.
func ReadFile(name string, lim Limit) ([]byte, error) {
	r, err := Open(name, lim)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// regular refuses anything but a regular file, saying what it is.
func regular(name string, fi fs.FileInfo) error {
	m := fi.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "not a regular file"
	switch {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a FIFO"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeCharDevice != 0:
		what = "a character device"
	case m&fs.ModeDevice != 0:
		what = "a block device"
	}
	return &Error{Name: name, Reason: fmt.Sprintf("not a regular file (%s)", what)}
}

func tooLarge(name string, lim Limit) error {
	return &Error{Name: name, Reason: fmt.Sprintf("larger than %s, the most ecssim reads of %s", Size(lim.Bytes), lim.What)}
}

// Size spells a byte count for messages: 8 MiB, 1 GiB, 1500 bytes.
func Size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// reader gives at most left more bytes of f, then fails: a file that grows while it is read
// (a log being written) is held to its limit as one that was large from the start.
type reader struct {
	f    *os.File
	name string
	lim  Limit
	left int64
}

func (r *reader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		// One byte more tells a file of exactly the limit from a larger one.
		var one [1]byte
		if n, _ := r.f.Read(one[:]); n > 0 {
			return 0, tooLarge(r.name, r.lim)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, err := r.f.Read(p)
	r.left -= int64(n)
	return n, err
}

func (r *reader) Close() error { return r.f.Close() }
