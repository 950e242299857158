// Package boundedread reads the files a user names (scenarios, sweeps, strategy files,
// ecs.config files, ECS JSON, traces and node lists) within a size fixed for their kind, so
// that /dev/zero, a FIFO or a runaway file is refused by name rather than read until memory
// runs out or a read blocks for ever.
//
// A file is first checked to be a regular file: a FIFO, a device, a socket or a directory is
// refused with what it is ("/dev/zero: not a regular file (a character device)"), before it is
// opened, since opening a FIFO with no writer blocks. It is then read through a reader that
// fails, with an *Error naming the file and the limit, once it has given more than the
// limit's bytes. Each package that reads a kind of file names its limit as a constant.
//
// It is a package of its own so that the rule has one home: every loader calls it, and it
// imports nothing of the project.
package boundedread
