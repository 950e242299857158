//go:build !unix

package boundedread

import "errors"

func mkfifo(string) error { return errors.New("no FIFOs") }
